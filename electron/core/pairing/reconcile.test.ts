import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PairList, PendingRequest } from '../gateway/wire.ts';
import { capture, list, requestedBetween, resolvedBetween } from '../../../test/fixtures/pairing/load.ts';
import {
  PAIRING_TTL_MS,
  alreadyGranted,
  approveIntentOf,
  emptyModel,
  reconcile,
  type PairingChange,
  type PairingModel,
  type ReconcileContext,
} from './reconcile.ts';

const MIN = 60_000;

function ctx(now: number, protocol: number, extra: Partial<ReconcileContext> = {}): ReconcileContext {
  return { now, protocol, mutedUntil: {}, ignored: [], resolved: [], ...extra };
}

function types(changes: PairingChange[]): string[] {
  return changes.map((c) => (c.type === 'resolved' ? `resolved:${c.outcome}:${c.by}` : c.type));
}

/** Runs the captured lists in order, passing the events received between them, like the engine does. */
function replay(
  version: '2026.4.12' | '2026.9.6',
  names: string[],
  protocol: number,
  start: PairingModel = emptyModel(),
) {
  let model = start;
  // Events since the capture's previous list, as if the engine had reconciled there.
  const first = list(version, names[0]!).at;
  let last = Math.max(
    0,
    ...Object.values(capture(version).lists)
      .map((l) => l.at)
      .filter((at) => at < first),
  );
  const steps: { name: string; changes: PairingChange[]; model: PairingModel }[] = [];
  for (const name of names) {
    const { at, list: l } = list(version, name);
    const r = reconcile(
      model,
      l,
      ctx(at, protocol, {
        resolved: resolvedBetween(version, last, at),
        requested: requestedBetween(version, last, at),
      }),
    );
    model = r.model;
    last = at;
    steps.push({ name, changes: r.changes, model });
  }
  return steps;
}

describe('reconcile on the real 2026.4.12 capture', () => {
  const v = '2026.4.12';
  const { deviceId } = capture(v);

  test('scope upgrade appears, refresh is invisible, the widened retry supersedes, approval resolves it', () => {
    const [up, refreshed, widened, before, approved] = replay(
      v,
      ['listScopeUpgrade', 'listRefreshed', 'listWidened', 'listBeforeApprove', 'listApproved'],
      3,
    );
    assert.deepEqual(types(up!.changes), ['appeared']);
    const card = up!.model.cards[0]!;
    assert.equal(up!.model.cards.length, 1);
    assert.equal(card.deviceId, deviceId);
    assert.equal(card.kind, 'scope-upgrade');
    assert.equal(card.scopeSummary, 'already allowed: read · adds: manage approvals');
    assert.equal(card.expiresAt, list(v, 'listScopeUpgrade').list.pending[0]!.ts + PAIRING_TTL_MS);

    // 4.12 keeps the same id and publishes nothing new on a refresh.
    assert.deepEqual(types(refreshed!.changes), []);
    assert.equal(refreshed!.model.cards[0]!.requestId, card.requestId);

    assert.deepEqual(types(widened!.changes), ['widened']);
    const w = widened!.changes[0] as Extract<PairingChange, { type: 'widened' }>;
    assert.deepEqual(w.addedScopes, ['operator.write']);
    assert.equal(w.previousRequestId, card.requestId);
    const wc = widened!.model.cards[0]!;
    assert.notEqual(wc.requestId, card.requestId);
    assert.equal(wc.firstSeenAt, card.firstSeenAt, 'firstSeenAt survives a supersede');
    assert.equal(wc.supersedes, 1);
    assert.equal(wc.retries, 1);
    assert.ok(wc.expiresAt > card.expiresAt, 'the new request has its own ts');

    assert.deepEqual(types(before!.changes), []);
    assert.deepEqual(types(approved!.changes), ['resolved:approved:other-client']);
    const res = approved!.changes[0] as Extract<PairingChange, { type: 'resolved' }>;
    assert.equal(res.requestId, wc.requestId);
    assert.deepEqual(res.scopesBefore, ['operator.read']);
    assert.deepEqual(res.scopesAfter?.sort(), ['operator.approvals', 'operator.read', 'operator.write']);
    assert.deepEqual(approved!.model.cards, []);
    assert.deepEqual(approved!.model.memory, {});
  });

  test("Clawbar's own approval (card busy approving) is recorded as the user's", () => {
    const [, before] = replay(v, ['listWidened', 'listBeforeApprove'], 3);
    const busy: PairingModel = {
      ...before!.model,
      cards: before!.model.cards.map((c) => ({ ...c, busy: 'approving' as const })),
    };
    const [approved] = replay(v, ['listApproved'], 3, busy);
    assert.deepEqual(types(approved!.changes), ['resolved:approved:user']);
  });

  test('4.12 broadcasts no event for a CLI local-fallback approval: the paired list alone proves it', () => {
    const { model } = reconcile(
      emptyModel(),
      list(v, 'listBeforeApprove').list,
      ctx(list(v, 'listBeforeApprove').at, 3),
    );
    const { changes } = reconcile(model, list(v, 'listApproved').list, ctx(list(v, 'listApproved').at, 3));
    assert.deepEqual(types(changes), ['resolved:approved:other-client']);
  });

  test('a rejected metadata change: rejected by another client', () => {
    const [meta, rejected] = replay(v, ['listMetadata', 'listAfterReject'], 3);
    assert.equal(meta!.model.cards[0]!.kind, 'metadata-change');
    assert.deepEqual(types(rejected!.changes), ['resolved:rejected:other-client']);
  });

  test('a metadata change approved elsewhere is told apart by approvedAtMs, not scopes', () => {
    const meta = list(v, 'listMetadata');
    const { model } = reconcile(emptyModel(), meta.list, ctx(meta.at, 3));
    const pending = meta.list.pending[0]!;
    const after: PairList = {
      pending: [],
      paired: meta.list.paired.map((d) =>
        d.deviceId === deviceId ? { ...d, platform: 'ios', approvedAtMs: pending.ts + 5 } : d,
      ),
    };
    assert.deepEqual(types(reconcile(model, after, ctx(meta.at + 10, 3)).changes), [
      'resolved:approved:other-client',
    ]);
    // Without a new approval the unchanged paired record does not count as one.
    assert.deepEqual(types(reconcile(model, { ...meta.list, pending: [] }, ctx(meta.at + 10, 3)).changes), [
      'resolved:removed:other-client',
    ]);
  });

  test('a silent local pairing (resolved approved, never listed) is reported as approved by the gateway', () => {
    const first = list(v, 'listPairedRead');
    const { changes } = reconcile(
      emptyModel(),
      first.list,
      ctx(first.at, 3, { resolved: resolvedBetween(v, 0, first.at) }),
    );
    assert.deepEqual(types(changes), ['resolved:approved:gateway']);
    const c = changes[0] as Extract<PairingChange, { type: 'resolved' }>;
    assert.equal(c.deviceId, deviceId);
    assert.equal(c.card, undefined);
    assert.deepEqual(c.scopesAfter, ['operator.read']);
  });

  test('paired devices become views; Clawbar is marked; a removal leaves no card behind', () => {
    const l = list(v, 'listApproved');
    const { model } = reconcile(
      emptyModel(),
      l.list,
      ctx(l.at, 3, { selfDeviceId: capture(v).watcherDeviceId }),
    );
    const self = model.devices.find((d) => d.isClawbar);
    assert.equal(self?.deviceId, capture(v).watcherDeviceId);
    assert.equal(model.devices[0]?.isClawbar, true, 'Clawbar is listed first');
    const mac = model.devices.find((d) => d.deviceId === deviceId);
    assert.equal(mac?.displayName, 'MacBook Pro');
    assert.deepEqual(mac?.roles, ['operator']);
    assert.equal(mac?.scopeLines.find((s) => s.scope === 'operator.approvals')?.label, 'manage approvals');
    assert.equal(mac?.isClawbar, false);
    assert.ok(!JSON.stringify(model.devices).includes('"token"'));
    const gone = list(v, 'listAfterRemove');
    assert.equal(
      reconcile(model, gone.list, ctx(gone.at, 3)).model.devices.some((d) => d.deviceId === deviceId),
      false,
    );
  });
});

describe('reconcile on the real 2026.9.6 capture', () => {
  const v = '2026.9.6';

  test('a new device appears and is approved; the superseded id announced as "rejected" is not a rejection', () => {
    const steps = replay(
      v,
      ['listNewDevice', 'listPairedRead', 'listScopeUpgrade', 'listRefreshed', 'listWidened', 'listApproved'],
      4,
    );
    assert.deepEqual(
      steps.map((s) => types(s.changes)),
      [
        ['appeared'],
        ['resolved:approved:other-client'],
        ['appeared'],
        [],
        ['widened'],
        ['resolved:approved:other-client'],
      ],
    );
    assert.equal(steps[0]!.model.cards[0]!.kind, 'new-device');
    const widened = steps[4]!;
    assert.equal(widened.model.cards[0]!.supersedes, 1);
    assert.ok(
      resolvedBetween(v, list(v, 'listRefreshed').at, list(v, 'listWidened').at).some(
        (e) => e.decision === 'rejected',
      ),
      'the capture holds the supersede announcement',
    );
  });

  test('9.6 lists no refreshedAtMs: a request listed past ts + TTL is kept (it was refreshed)', () => {
    const l = list(v, 'listScopeUpgrade');
    const p = l.list.pending[0]!;
    assert.equal(p.refreshedAtMs, undefined);
    const late = p.ts + PAIRING_TTL_MS + MIN;
    const { model, changes } = reconcile(emptyModel(), l.list, ctx(late, 4));
    assert.deepEqual(types(changes), ['appeared']);
    assert.equal(model.cards[0]!.expiresAt, late, 'expiry unknown: at least now');
    // The same list on protocol 3 is expired by ts.
    assert.deepEqual(reconcile(emptyModel(), l.list, ctx(late, 3)).model.cards, []);
  });
});

/** A synthetic pending request shaped like the real ones. */
function req(o: Partial<PendingRequest> & { requestId: string; ts: number }): PendingRequest {
  return {
    deviceId: 'dev-a',
    publicKey: 'pk-a',
    displayName: 'MacBook Pro',
    platform: 'darwin',
    clientId: 'gateway-client',
    clientMode: 'ui',
    role: 'operator',
    roles: ['operator'],
    scopes: ['operator.approvals'],
    silent: false,
    isRepair: true,
    ...o,
  };
}
const pairedA = {
  deviceId: 'dev-a',
  publicKey: 'pk-a',
  displayName: 'MacBook Pro',
  role: 'operator',
  roles: ['operator'],
  scopes: ['operator.read'],
  tokens: [{ role: 'operator', scopes: ['operator.read'], createdAtMs: 1 }],
  createdAtMs: 1,
  approvedAtMs: 1,
};
const lst = (...pending: PendingRequest[]): PairList => ({ pending, paired: [pairedA] });

describe('reconcile: refresh, supersede, expiry', () => {
  const t0 = 1_800_000_000_000;

  test('9.6 refresh: refreshedAtMs moved → refreshed, retries counted, expiry from refreshedAtMs', () => {
    let r = reconcile(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0, 4));
    r = reconcile(
      r.model,
      lst(req({ requestId: 'r1', ts: t0, refreshedAtMs: t0 + 4 * MIN })),
      ctx(t0 + 4 * MIN, 4),
    );
    assert.deepEqual(types(r.changes), ['refreshed']);
    assert.equal(r.model.cards[0]!.retries, 1);
    assert.equal(r.model.cards[0]!.supersedes, 0);
    assert.equal(r.model.cards[0]!.expiresAt, t0 + 9 * MIN);
    // Past ts + TTL but within refreshedAtMs + TTL: still live.
    r = reconcile(
      r.model,
      lst(req({ requestId: 'r1', ts: t0, refreshedAtMs: t0 + 4 * MIN })),
      ctx(t0 + 6 * MIN, 4),
    );
    assert.equal(r.model.cards.length, 1);
    assert.deepEqual(types(r.changes), []);
    r = reconcile(
      r.model,
      lst(req({ requestId: 'r1', ts: t0, refreshedAtMs: t0 + 4 * MIN })),
      ctx(t0 + 9 * MIN, 4),
    );
    assert.deepEqual(types(r.changes), ['resolved:expired:gateway']);
    assert.equal(r.model.cards.length, 0);
  });

  test('4.12 expiry from ts: a lazily listed expired request is dropped and never comes back', () => {
    const listed = lst(req({ requestId: 'r1', ts: t0 }));
    let r = reconcile(emptyModel(), listed, ctx(t0 + MIN, 3));
    assert.equal(r.model.cards[0]!.expiresAt, t0 + PAIRING_TTL_MS);
    r = reconcile(r.model, listed, ctx(t0 + PAIRING_TTL_MS, 3));
    assert.deepEqual(types(r.changes), ['resolved:expired:gateway']);
    r = reconcile(r.model, listed, ctx(t0 + PAIRING_TTL_MS + MIN, 3));
    assert.deepEqual(types(r.changes), []);
    assert.deepEqual(r.model.cards, []);
  });

  test('a card that left the list after its expiry is expired, not rejected', () => {
    const r = reconcile(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0, 3));
    assert.deepEqual(types(reconcile(r.model, lst(), ctx(t0 + 6 * MIN, 3)).changes), [
      'resolved:expired:gateway',
    ]);
  });

  test('the same requestId seen again in a requested event counts as a retry', () => {
    const r = reconcile(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0, 3));
    const again = reconcile(
      r.model,
      lst(req({ requestId: 'r1', ts: t0 })),
      ctx(t0 + 1000, 3, { requested: [req({ requestId: 'r1', ts: t0 })] }),
    );
    assert.deepEqual(types(again.changes), ['refreshed']);
    assert.equal(again.model.cards[0]!.retries, 1);
  });

  test('supersedes the list missed are counted from requested events', () => {
    const r = reconcile(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0, 3));
    const requested = ['r2', 'r3', 'r4'].map((id, i) => req({ requestId: id, ts: t0 + (i + 1) * 1000 }));
    const next = reconcile(
      r.model,
      lst(req({ requestId: 'r4', ts: t0 + 3000 })),
      ctx(t0 + 3500, 3, { requested }),
    );
    assert.deepEqual(types(next.changes), ['superseded']);
    assert.equal((next.changes[0] as { count: number }).count, 3);
    assert.equal(next.model.cards[0]!.supersedes, 3);
    // A late rejection of a superseded id (9.6 announces supersedes that way) is not a rejection.
    const gone = reconcile(
      next.model,
      lst(req({ requestId: 'r5', ts: t0 + 4000 })),
      ctx(t0 + 4500, 3, {
        resolved: [{ requestId: 'r2', deviceId: 'dev-a', decision: 'rejected' }],
      }),
    );
    assert.deepEqual(types(gone.changes), ['superseded']);
  });

  test('one card per device: the newest of several listed requests', () => {
    const { model } = reconcile(
      emptyModel(),
      lst(
        req({ requestId: 'old', ts: t0 }),
        req({ requestId: 'new', ts: t0 + 10 }),
        req({ requestId: 'b1', ts: t0 + 5, deviceId: 'dev-b', publicKey: 'pk-b' }),
      ),
      ctx(t0 + 20, 3),
    );
    assert.equal(model.cards.length, 2);
    assert.equal(model.cards.find((c) => c.deviceId === 'dev-a')?.requestId, 'new');
    assert.equal(model.cards.find((c) => c.deviceId === 'dev-b')?.kind, 'new-device');
  });
});

describe('reconcile: outcomes of a card that left', () => {
  const t0 = 1_800_000_000_000;
  const start = () => reconcile(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0, 3)).model;
  const approvedPaired = {
    ...pairedA,
    scopes: ['operator.read', 'operator.approvals'],
    approvedAtMs: t0 + 100,
  };

  test('approved by another client (event + list), by the gateway when the request was silent', () => {
    const after: PairList = { pending: [], paired: [approvedPaired] };
    const ev = { resolved: [{ requestId: 'r1', deviceId: 'dev-a', decision: 'approved', ts: t0 + 100 }] };
    assert.deepEqual(types(reconcile(start(), after, ctx(t0 + 200, 3, ev)).changes), [
      'resolved:approved:other-client',
    ]);
    const silent = reconcile(
      emptyModel(),
      lst(req({ requestId: 'r1', ts: t0, silent: true })),
      ctx(t0, 3),
    ).model;
    assert.deepEqual(types(reconcile(silent, after, ctx(t0 + 200, 3, ev)).changes), [
      'resolved:approved:gateway',
    ]);
  });

  test('rejected by another client, or by the user when Clawbar was rejecting it', () => {
    const ev = { resolved: [{ requestId: 'r1', deviceId: 'dev-a', decision: 'rejected' }] };
    assert.deepEqual(types(reconcile(start(), lst(), ctx(t0 + 200, 3, ev)).changes), [
      'resolved:rejected:other-client',
    ]);
    const busy = start();
    busy.cards[0]!.busy = 'rejecting';
    assert.deepEqual(types(reconcile(busy, lst(), ctx(t0 + 200, 3, ev)).changes), ['resolved:rejected:user']);
  });

  test('no evidence at all: removed; the device record gone too: scopesAfter empty', () => {
    assert.deepEqual(types(reconcile(start(), lst(), ctx(t0 + 200, 3)).changes), [
      'resolved:removed:other-client',
    ]);
    const r = reconcile(start(), { pending: [], paired: [] }, ctx(t0 + 200, 3));
    assert.deepEqual((r.changes[0] as { scopesAfter?: string[] }).scopesAfter, []);
  });
});

describe('reconcile: a request filed for what the approval just granted', () => {
  // Real 4.12 and 9.6: a retry that read the paired record just before the approval files a new
  // request right after it (resolved r1 → requested r2, a few ms later), kept until its TTL.
  const t0 = 1_800_000_000_000;
  const granted = {
    ...pairedA,
    platform: 'darwin',
    scopes: ['operator.read', 'operator.approvals'],
    tokens: [{ role: 'operator', scopes: ['operator.read', 'operator.approvals'], createdAtMs: 1 }],
    approvedAtMs: t0 + 100,
  };
  const orphan = req({ requestId: 'r2', ts: t0 + 105, scopes: ['operator.read', 'operator.approvals'] });
  const shown = () => {
    const m = reconcile(
      emptyModel(),
      lst(req({ requestId: 'r1', ts: t0, scopes: ['operator.read', 'operator.approvals'] })),
      ctx(t0, 3),
    ).model;
    return { ...m, cards: m.cards.map((c) => ({ ...c, busy: 'approving' as const })) };
  };
  const ev = { resolved: [{ requestId: 'r1', deviceId: 'dev-a', decision: 'approved', ts: t0 + 100 }] };

  test('alreadyGranted: the same key, role with a live token, scopes and pinned platform, asked after the approval', () => {
    assert.equal(alreadyGranted(orphan, granted), true);
    assert.equal(alreadyGranted(req({ ...orphan, scopes: ['operator.read'] }), granted), true);
    assert.equal(alreadyGranted(orphan, { ...granted, scopes: ['operator.admin'] }), true, 'admin covers it');
  });

  test('alreadyGranted: any doubt keeps the request waiting for the user', () => {
    assert.equal(alreadyGranted(orphan, undefined), false, 'not paired');
    assert.equal(alreadyGranted({ ...orphan, publicKey: 'pk-b' }, granted), false, 'another key');
    assert.equal(alreadyGranted({ ...orphan, ts: t0 + 99 }, granted), false, 'older than the approval');
    const { approvedAtMs: _a, ...noApproval } = granted;
    assert.equal(alreadyGranted(orphan, noApproval), false, 'no approval time');
    assert.equal(
      alreadyGranted({ ...orphan, scopes: ['operator.read', 'operator.write'] }, granted),
      false,
      'asks for more',
    );
    assert.equal(alreadyGranted({ ...orphan, platform: 'ios' }, granted), false, 'a metadata upgrade');
    assert.equal(
      alreadyGranted({ ...orphan, deviceFamily: 'iPhone' }, { ...granted, deviceFamily: 'iPad' }),
      false,
      'another device family',
    );
    assert.equal(
      alreadyGranted({ ...orphan, platform: ' Darwin ' }, granted),
      true,
      'compared as the gateway does',
    );
    assert.equal(
      alreadyGranted(orphan, { ...granted, tokens: [{ ...granted.tokens[0]!, revokedAtMs: t0 + 200 }] }),
      false,
      'its token was revoked',
    );
    assert.equal(
      alreadyGranted(
        { ...orphan, role: 'node', roles: ['node'], scopes: [] },
        { ...granted, roles: ['node'] },
      ),
      false,
      'only operator requests',
    );
  });

  test('the approved card closes even when the first list after the approve already holds the new request', () => {
    const r = reconcile(shown(), { pending: [orphan], paired: [granted] }, ctx(t0 + 110, 3, ev));
    assert.deepEqual(types(r.changes), ['resolved:approved:user']);
    assert.deepEqual(r.model.cards, []);
  });

  test('a closed card does not re-open for it, on a requested event or on any later list', () => {
    const closed = reconcile(shown(), { pending: [], paired: [granted] }, ctx(t0 + 101, 3, ev)).model;
    assert.deepEqual(closed.cards, []);
    const requested = { requested: [orphan] };
    const again = reconcile(closed, { pending: [orphan], paired: [granted] }, ctx(t0 + 110, 3, requested));
    assert.deepEqual(types(again.changes), []);
    assert.deepEqual(again.model.cards, []);
    const later = reconcile(again.model, { pending: [orphan], paired: [granted] }, ctx(t0 + 60_000, 3));
    assert.deepEqual(later.model.cards, []);
  });

  test('a request the device makes after the approval for something new is a card', () => {
    const wider = req({ requestId: 'r3', ts: t0 + 105, scopes: ['operator.read', 'operator.write'] });
    const r = reconcile(emptyModel(), { pending: [wider], paired: [granted] }, ctx(t0 + 110, 3));
    assert.deepEqual(types(r.changes), ['appeared']);
  });
});

describe('reconcile: UI state', () => {
  const t0 = 1_800_000_000_000;

  test('mute, ignore and the expiry of a mute', () => {
    const l = lst(req({ requestId: 'r1', ts: t0 }));
    const muted = reconcile(
      emptyModel(),
      l,
      ctx(t0, 3, { mutedUntil: { 'dev-a': t0 + MIN }, ignored: ['dev-b'] }),
    );
    assert.equal(muted.model.cards[0]!.mutedUntil, t0 + MIN);
    assert.equal(muted.model.cards[0]!.ignored, false);
    const later = reconcile(
      muted.model,
      l,
      ctx(t0 + 2 * MIN, 3, { mutedUntil: { 'dev-a': t0 + MIN }, ignored: ['dev-a'] }),
    );
    assert.equal(later.model.cards[0]!.mutedUntil, undefined);
    assert.equal(later.model.cards[0]!.ignored, true);
  });

  test('notice and busy survive a same-snapshot supersede and a widened one', () => {
    const first = reconcile(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0, 3)).model;
    first.cards[0] = {
      ...first.cards[0]!,
      notice: 'asks for more than was shown',
      busy: 'approving',
    };
    const same = reconcile(first, lst(req({ requestId: 'r2', ts: t0 + 1000 })), ctx(t0 + 1000, 3));
    assert.deepEqual(types(same.changes), ['superseded']);
    const c = same.model.cards[0]!;
    assert.equal(c.notice, 'asks for more than was shown');
    assert.equal(c.busy, 'approving');
    const wide = reconcile(
      same.model,
      lst(req({ requestId: 'r3', ts: t0 + 2000, scopes: ['operator.approvals', 'operator.pairing'] })),
      ctx(t0 + 2000, 3),
    );
    assert.deepEqual(types(wide.changes), ['widened']);
    assert.equal(wide.model.cards[0]!.notice, 'asks for more than was shown');
    assert.equal(wide.model.cards[0]!.supersedes, 2);
  });

  test('approveIntentOf binds exactly what the card shows', () => {
    const { model } = reconcile(
      emptyModel(),
      lst(req({ requestId: 'r1', ts: t0, scopes: ['operator.approvals', 'operator.approvals'] })),
      ctx(t0, 3),
    );
    assert.deepEqual(approveIntentOf(model.cards[0]!), {
      deviceId: 'dev-a',
      publicKey: 'pk-a',
      role: 'operator',
      scopes: ['operator.approvals'],
    });
  });

  test('a reset in progress on a device view is carried across reconciles', () => {
    const r = reconcile(emptyModel(), lst(), ctx(t0, 3));
    const marked: PairingModel = {
      ...r.model,
      devices: r.model.devices.map((d) => ({ ...d, resetting: { until: t0 + 5000 } })),
    };
    assert.deepEqual(reconcile(marked, lst(), ctx(t0 + 1000, 3)).model.devices[0]!.resetting, {
      until: t0 + 5000,
    });
  });
});
