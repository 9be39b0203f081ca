import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NotificationOp } from '../app/types.ts';
import type { PairingCard } from '../contract/views.ts';
import type { PairList, PendingRequest } from '../gateway/wire.ts';
import { capture, list } from '../../../test/fixtures/pairing/load.ts';
import { notificationActions, notificationOps } from './notifications.ts';
import { emptyModel, reconcile, type PairingModel, type ReconcileContext } from '../pairing/reconcile.ts';

const ctx = (now: number, extra: Partial<ReconcileContext> = {}): ReconcileContext => ({
  now,
  protocol: 3,
  mutedUntil: {},
  ignored: [],
  resolved: [],
  ...extra,
});

/** Reconciles and diffs, like the engine: the ops for one list. */
function step(
  model: PairingModel,
  l: PairList,
  c: ReconcileContext,
): { model: PairingModel; ops: NotificationOp[] } {
  const r = reconcile(model, l, c);
  return { model: r.model, ops: notificationOps(model.cards, r.model.cards) };
}

const summary = (ops: NotificationOp[]) => ops.map((o) => `${o.type}:${o.deviceId}`);

describe('notifications from the real 4.12 capture', () => {
  const v = '2026.4.12';
  const { deviceId } = capture(v);

  test('the scope upgrade shows once, names the device and the diff; the refresh adds nothing; the widened retry updates', () => {
    const up = list(v, 'listScopeUpgrade');
    const s1 = step(emptyModel(), up.list, ctx(up.at));
    assert.equal(s1.ops.length, 1);
    const op = s1.ops[0]!;
    assert.equal(op.type, 'show');
    assert.ok(op.type === 'show');
    assert.equal(op.deviceId, deviceId);
    assert.equal(op.title, 'MacBook Pro wants to manage approvals');
    assert.match(op.body, /^already allowed: read · adds: manage approvals$/m);
    assert.match(op.body, /internal client/);
    const ref = list(v, 'listRefreshed');
    const s2 = step(s1.model, ref.list, ctx(ref.at));
    assert.deepEqual(s2.ops, []);
    const wide = list(v, 'listWidened');
    const s3 = step(s2.model, wide.list, ctx(wide.at));
    assert.deepEqual(summary(s3.ops), [`update:${deviceId}`]);
    assert.ok(s3.ops[0]!.type === 'update' && s3.ops[0]!.silent === false, 'alerts again');
    assert.match(
      s3.ops[0]!.type === 'update' ? s3.ops[0]!.title : '',
      /wants to manage approvals and make changes/,
    );
    const done = list(v, 'listApproved');
    assert.deepEqual(summary(step(s3.model, done.list, ctx(done.at)).ops), [`close:${deviceId}`]);
  });
});

const t0 = 1_800_000_000_000;
function req(o: Partial<PendingRequest> & { requestId: string; ts: number }): PendingRequest {
  return {
    deviceId: 'dev-a',
    publicKey: 'pk-a',
    displayName: 'MacBook Pro',
    clientId: 'openclaw-macos',
    role: 'operator',
    roles: ['operator'],
    scopes: ['operator.approvals'],
    isRepair: true,
    ...o,
  };
}
const paired = [
  { deviceId: 'dev-a', publicKey: 'pk-a', roles: ['operator'], scopes: ['operator.read'], tokens: [] },
];
const lst = (...pending: PendingRequest[]): PairList => ({ pending, paired });

describe('one notification per device', () => {
  test('60 snapshots of a device retrying every second, superseding each time: exactly one show', () => {
    let model = emptyModel();
    const ops: NotificationOp[] = [];
    for (let i = 0; i < 60; i++) {
      // 4.12: the same identity retrying alongside another connect superseded every second (same union).
      const s = step(model, lst(req({ requestId: `r${i}`, ts: t0 + i * 1000 })), ctx(t0 + i * 1000 + 50));
      model = s.model;
      ops.push(...s.ops);
    }
    assert.deepEqual(summary(ops), ['show:dev-a']);
    assert.equal(model.cards.length, 1);
    assert.equal(model.cards[0]!.supersedes, 59);
    assert.equal(model.cards[0]!.firstSeenAt, t0);
    assert.equal(model.cards[0]!.requestId, 'r59');
    // And when it is approved elsewhere, exactly one close.
    const end = step(
      model,
      { pending: [], paired: [{ ...paired[0]!, scopes: ['operator.read', 'operator.approvals'] }] },
      ctx(t0 + 61_000),
    );
    assert.deepEqual(summary(end.ops), ['close:dev-a']);
  });

  test('muted, ignored or snoozed cards never show; becoming muted or ignored closes; a mute ending shows', () => {
    const l = lst(req({ requestId: 'r1', ts: t0 }));
    assert.deepEqual(step(emptyModel(), l, ctx(t0, { mutedUntil: { 'dev-a': t0 + 60_000 } })).ops, []);
    assert.deepEqual(step(emptyModel(), l, ctx(t0, { ignored: ['dev-a'] })).ops, []);
    const shown = step(emptyModel(), l, ctx(t0));
    assert.deepEqual(summary(shown.ops), ['show:dev-a']);
    const muted = step(shown.model, l, ctx(t0 + 1000, { mutedUntil: { 'dev-a': t0 + 60_000 } }));
    assert.deepEqual(summary(muted.ops), ['close:dev-a']);
    const stillMuted = step(muted.model, l, ctx(t0 + 2000, { mutedUntil: { 'dev-a': t0 + 60_000 } }));
    assert.deepEqual(stillMuted.ops, []);
    const unmuted = step(stillMuted.model, l, ctx(t0 + 61_000, { mutedUntil: { 'dev-a': t0 + 60_000 } }));
    assert.deepEqual(summary(unmuted.ops), ['show:dev-a']);
    assert.deepEqual(summary(step(unmuted.model, l, ctx(t0 + 62_000, { ignored: ['dev-a'] })).ops), [
      'close:dev-a',
    ]);
  });

  test('"Not now" closes and holds through same-snapshot supersedes; a wider request alerts again', () => {
    const shown = step(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0));
    const snoozedCards: PairingCard[] = shown.model.cards.map((c) => ({ ...c, snoozed: true }));
    assert.deepEqual(summary(notificationOps(shown.model.cards, snoozedCards)), ['close:dev-a']);
    const snoozed: PairingModel = { ...shown.model, cards: snoozedCards };
    const same = step(snoozed, lst(req({ requestId: 'r2', ts: t0 + 1000 })), ctx(t0 + 1000));
    assert.deepEqual(same.ops, []);
    const wider = step(
      same.model,
      lst(req({ requestId: 'r3', ts: t0 + 2000, scopes: ['operator.approvals', 'operator.admin'] })),
      ctx(t0 + 2000),
    );
    assert.deepEqual(summary(wider.ops), ['show:dev-a']);
    const op = wider.ops[0]!;
    assert.ok(op.type === 'show');
    assert.equal(op.title, 'MacBook Pro wants to manage approvals and full control (admin)');
    assert.equal(op.card.risk, 'critical');
  });

  test('a new role alerts again; devices are independent', () => {
    const a = step(emptyModel(), lst(req({ requestId: 'r1', ts: t0 })), ctx(t0));
    const both = step(
      a.model,
      lst(
        req({ requestId: 'r1', ts: t0 }),
        req({ requestId: 'b1', ts: t0 + 1, deviceId: 'dev-b', publicKey: 'pk-b' }),
      ),
      ctx(t0 + 10),
    );
    assert.deepEqual(summary(both.ops), ['show:dev-b']);
    const op = both.ops[0]!;
    assert.ok(op.type === 'show');
    assert.equal(op.title, 'MacBook Pro wants to pair');
    assert.match(op.body, /from this Mac/);
    const node = step(
      both.model,
      lst(
        req({ requestId: 'r2', ts: t0 + 20, role: 'node', roles: ['operator', 'node'] }),
        req({ requestId: 'b1', ts: t0 + 1, deviceId: 'dev-b', publicKey: 'pk-b' }),
      ),
      ctx(t0 + 30),
    );
    assert.deepEqual(summary(node.ops), ['update:dev-a']);
  });

  test('actions: Approve first, then Not now', () => {
    assert.deepEqual(
      notificationActions().map((a) => a.id),
      ['approve', 'not-now'],
    );
  });
});
