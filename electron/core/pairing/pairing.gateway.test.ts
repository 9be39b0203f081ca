// The pure pairing core against a live 2026.4.12 gateway: real list results and events, reconciled
// the way the engine does it, give one card, one notification and a user-approved outcome.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../../../test/support/gateway.ts';
import { PairList, PairResolvedEvent, PendingRequest } from '../gateway/wire.ts';
import { Watcher } from '../../../test/fixtures/pairing/watcher.ts';
import { modelFeed } from '../../../test/support/modelFeed.ts';
import type { NotificationOp } from '../present/types.ts';
import { deviceIdOfKey } from './inboxItem.ts';
import { approveIntentOf, reconcile, type PairingChange, type PairingModel } from './reconcile.ts';

const ADMIN = ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'];

describe('pairing core on a live 2026.4.12 gateway', () => {
  let gw: TestGateway;
  let watcher: Watcher;
  let clawbar: TestDevice;
  // The model's cards as the inbox's device source, and the notification ops the core would send.
  const feed = modelFeed();
  let last = 0;
  /** The ops that one change of the model causes, with the device id of each. */
  function opsFor(next: PairingModel): Array<NotificationOp & { deviceId: string }> {
    return feed.set(next).map((op) => ({ ...op, deviceId: deviceIdOfKey(op.key) ?? '' }));
  }

  before(async () => {
    gw = await sharedGateway('2026.4.12');
    clawbar = new TestDevice({ displayName: 'Clawbar', clientId: 'openclaw-macos', platform: 'darwin' });
    const res = await clawbar.connect(gw, { scopes: ADMIN, keepOpen: true });
    assert.ok(res.ok && res.ws, `watcher connect: ${JSON.stringify(res)}`);
    watcher = new Watcher(res.ws);
  });
  after(async () => {
    watcher?.close();
    await stopOwnedGateways();
  });

  /** One engine turn: list, then reconcile with the events seen since the previous turn. */
  async function turn(): Promise<{ changes: PairingChange[]; ops: ReturnType<typeof opsFor> }> {
    const res = await watcher.rpc('device.pair.list');
    assert.equal(res.ok, true, JSON.stringify(res.error));
    const now = Date.now();
    const list = PairList.parse(res.payload);
    const r = reconcile(feed.model, list, {
      now,
      protocol: 3,
      selfDeviceId: clawbar.deviceId,
      mutedUntil: {},
      ignored: [],
      resolved: watcher.since(last, 'device.pair.resolved').map((p) => PairResolvedEvent.parse(p)),
      requested: watcher.since(last, 'device.pair.requested').map((p) => PendingRequest.parse(p)),
    });
    const ops = opsFor(r.model);
    last = now;
    return { changes: r.changes, ops };
  }

  test("read → approvals: one card and one notification however often the device retries; approval is the user's", async () => {
    const mac = new TestDevice({ displayName: 'MacBook Pro', platform: 'darwin' });
    // Set-up, not what is tested: a shared 4.12 can be busy for seconds (an agent turn earlier tests
    // left running) and drop one connect; try again before calling it a failure.
    let first = await mac.connect(gw, { scopes: ['operator.read'] });
    for (let i = 0; i < 3 && !first.ok; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      first = await mac.connect(gw, { scopes: ['operator.read'] });
    }
    assert.ok(
      first.ok,
      `first local pairing is silent on 4.12: ${first.ok ? '' : JSON.stringify(first.error)}`,
    );
    await turn();
    assert.equal(feed.model.devices.find((d) => d.deviceId === clawbar.deviceId)?.isClawbar, true);

    const asked = await mac.connect(gw, { scopes: ['operator.approvals'] });
    assert.equal(asked.ok, false);
    const t1 = await turn();
    const mine = (c: { deviceId: string }) => c.deviceId === mac.deviceId;
    assert.deepEqual(
      t1.changes.filter(mine).map((c) => c.type),
      ['appeared'],
    );
    assert.deepEqual(
      t1.ops.filter(mine).map((o) => o.type),
      ['show'],
    );
    const card = feed.model.cards.find(mine);
    assert.equal(card?.kind, 'scope-upgrade');
    assert.equal(card?.scopeSummary, 'already allowed: read · adds: manage approvals');
    assert.match(card?.requester.location ?? '', /^this Mac \(/);

    // A client stuck retrying: identical retries refresh, an extra scope supersedes with the union.
    for (let i = 0; i < 3; i++) await mac.connect(gw, { scopes: ['operator.approvals'] });
    const t2 = await turn();
    assert.deepEqual(t2.changes.filter(mine), []);
    assert.deepEqual(t2.ops.filter(mine), []);
    await mac.connect(gw, { scopes: ['operator.approvals', 'operator.write'] });
    await mac.connect(gw, { scopes: ['operator.approvals', 'operator.write'] });
    const t3 = await turn();
    assert.deepEqual(
      t3.changes.filter(mine).map((c) => c.type),
      ['widened'],
    );
    assert.deepEqual(
      t3.ops.filter(mine).map((o) => o.type),
      ['update'],
    );
    const live = feed.model.cards.find(mine)!;
    assert.equal(live.firstSeenAt, card.firstSeenAt);
    assert.deepEqual([...live.scopes].sort(), ['operator.approvals', 'operator.write']);

    // Clawbar approves exactly what the card shows.
    const intent = approveIntentOf(live);
    const m = feed.model;
    feed.set({ ...m, cards: m.cards.map((c) => (mine(c) ? { ...c, busy: 'approving' as const } : c)) });
    const approved = await watcher.rpc('device.pair.approve', { requestId: live.requestId });
    assert.equal(approved.ok, true, JSON.stringify(approved.error));
    const t4 = await turn();
    const resolved = t4.changes.filter(mine);
    assert.equal(resolved.length, 1);
    const res = resolved[0];
    assert.ok(res?.type === 'resolved');
    assert.equal(res.outcome, 'approved');
    assert.equal(res.by, 'user');
    assert.deepEqual(
      t4.ops.filter(mine).map((o) => o.type),
      ['close'],
    );
    const device = feed.model.devices.find(mine);
    assert.ok(
      intent.scopes.every((s) => device?.scopes.includes(s)),
      'the device now holds what was approved',
    );
    assert.ok(
      (await mac.connect(gw, { scopes: ['operator.approvals', 'operator.write'] })).ok,
      'and connects',
    );
    await watcher.rpc('device.pair.remove', { deviceId: mac.deviceId });
  });
});
