import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InboxItem } from '../contract/views.ts';
import type { PairList, PendingRequest } from '../gateway/wire.ts';
import { capture, list } from '../../../test/fixtures/pairing/load.ts';
import { modelFeed } from '../../../test/support/modelFeed.ts';
import { deviceIdOfKey } from '../pairing/inboxItem.ts';
import { reconcile, type ReconcileContext } from '../pairing/reconcile.ts';
import { notificationOps, type LiveGroup } from './notifications.ts';
import type { NotificationOp } from './types.ts';

const ctx = (now: number, extra: Partial<ReconcileContext> = {}): ReconcileContext => ({
  now,
  protocol: 3,
  mutedUntil: {},
  ignored: [],
  resolved: [],
  ...extra,
});

/** A reconciled model as the inbox's device source, with the notification feed the core runs over it. */
function harness() {
  const f = modelFeed({ now: () => t0 });
  return {
    inbox: f.inbox,
    get model() {
      return f.model;
    },
    /** Reconciles one list, like the engine: the ops it causes. */
    step: (l: PairList, c: ReconcileContext): NotificationOp[] => f.set(reconcile(f.model, l, c).model),
    snooze: f.snooze,
  };
}

const summary = (ops: NotificationOp[]) => ops.map((o) => `${o.type}:${deviceIdOfKey(o.key) ?? o.key}`);

describe('notifications from the real 4.12 capture', () => {
  const v = '2026.4.12';
  const { deviceId } = capture(v);

  test('the scope upgrade shows once (what it asks first, the name second); the refresh adds nothing; the widened retry updates', () => {
    const h = harness();
    const up = list(v, 'listScopeUpgrade');
    const s1 = h.step(up.list, ctx(up.at));
    assert.equal(s1.length, 1);
    const op = s1[0]!;
    assert.ok(op.type === 'show');
    assert.equal(op.key, `device:${deviceId}`);
    assert.equal(op.revision, 1);
    assert.equal(op.title, 'Wants to manage approvals · MacBook Pro');
    assert.match(op.body, /^already allowed: read · adds: manage approvals$/m);
    assert.match(op.body, /internal client/);
    assert.deepEqual(
      op.actions.map((a) => [a.id, a.label]),
      [
        ['approve', 'Approve'],
        ['not-now', 'Not now'],
      ],
    );
    const ref = list(v, 'listRefreshed');
    assert.deepEqual(h.step(ref.list, ctx(ref.at)), []);
    const wide = list(v, 'listWidened');
    const s3 = h.step(wide.list, ctx(wide.at));
    assert.deepEqual(summary(s3), [`update:${deviceId}`]);
    const upd = s3[0]!;
    assert.ok(upd.type === 'update' && upd.silent === false, 'alerts again');
    assert.equal(upd.revision, 2);
    assert.match(upd.title, /^Wants to manage approvals and make changes · /);
    const done = list(v, 'listApproved');
    const closed = h.step(done.list, ctx(done.at));
    assert.deepEqual(summary(closed), [`close:${deviceId}`]);
    assert.equal(closed[0]!.type === 'close' && closed[0]!.revision, 2);
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
    const h = harness();
    const ops: NotificationOp[] = [];
    for (let i = 0; i < 60; i++) {
      // 4.12: the same identity retrying alongside another connect superseded every second (same union).
      ops.push(...h.step(lst(req({ requestId: `r${i}`, ts: t0 + i * 1000 })), ctx(t0 + i * 1000 + 50)));
    }
    assert.deepEqual(summary(ops), ['show:dev-a']);
    assert.equal(h.model.cards.length, 1);
    assert.equal(h.model.cards[0]!.supersedes, 59);
    assert.equal(h.model.cards[0]!.firstSeenAt, t0);
    assert.equal(h.model.cards[0]!.requestId, 'r59');
    assert.equal(h.inbox.items()[0]!.revision, 1, 'supersedes asking the same keep the revision');
    // And when it is approved elsewhere, exactly one close.
    const end = h.step(
      { pending: [], paired: [{ ...paired[0]!, scopes: ['operator.read', 'operator.approvals'] }] },
      ctx(t0 + 61_000),
    );
    assert.deepEqual(summary(end), ['close:dev-a']);
  });

  test('muted, ignored or snoozed items never show; becoming muted or ignored closes; a mute ending shows', () => {
    const l = lst(req({ requestId: 'r1', ts: t0 }));
    assert.deepEqual(harness().step(l, ctx(t0, { mutedUntil: { 'dev-a': t0 + 60_000 } })), []);
    assert.deepEqual(harness().step(l, ctx(t0, { ignored: ['dev-a'] })), []);
    const h = harness();
    assert.deepEqual(summary(h.step(l, ctx(t0))), ['show:dev-a']);
    const muted = h.step(l, ctx(t0 + 1000, { mutedUntil: { 'dev-a': t0 + 60_000 } }));
    assert.deepEqual(summary(muted), ['close:dev-a']);
    assert.deepEqual(h.step(l, ctx(t0 + 2000, { mutedUntil: { 'dev-a': t0 + 60_000 } })), []);
    const unmuted = h.step(l, ctx(t0 + 61_000, { mutedUntil: { 'dev-a': t0 + 60_000 } }));
    assert.deepEqual(summary(unmuted), ['show:dev-a']);
    assert.deepEqual(summary(h.step(l, ctx(t0 + 62_000, { ignored: ['dev-a'] }))), ['close:dev-a']);
  });

  test('"Not now" closes and holds through same-snapshot supersedes; a wider request shows again', () => {
    const h = harness();
    h.step(lst(req({ requestId: 'r1', ts: t0 })), ctx(t0));
    assert.deepEqual(summary(h.snooze('device:dev-a')), ['close:dev-a']);
    assert.deepEqual(h.step(lst(req({ requestId: 'r2', ts: t0 + 1000 })), ctx(t0 + 1000)), []);
    const wider = h.step(
      lst(req({ requestId: 'r3', ts: t0 + 2000, scopes: ['operator.approvals', 'operator.admin'] })),
      ctx(t0 + 2000),
    );
    assert.deepEqual(summary(wider), ['show:dev-a']);
    const op = wider[0]!;
    assert.ok(op.type === 'show');
    assert.equal(op.revision, 2);
    assert.equal(op.title, 'Wants to manage approvals and full control (admin) · MacBook Pro');
    assert.equal(h.inbox.items()[0]!.risk, 'critical');
    assert.equal(h.inbox.items()[0]!.snoozed, false);
  });

  test('a new role updates; devices are independent', () => {
    const h = harness();
    h.step(lst(req({ requestId: 'r1', ts: t0 })), ctx(t0));
    const both = h.step(
      lst(
        req({ requestId: 'r1', ts: t0 }),
        req({ requestId: 'b1', ts: t0 + 1, deviceId: 'dev-b', publicKey: 'pk-b' }),
      ),
      ctx(t0 + 10),
    );
    assert.deepEqual(summary(both), ['show:dev-b']);
    const op = both[0]!;
    assert.ok(op.type === 'show');
    assert.equal(op.title, 'Wants to pair (manage approvals) · MacBook Pro');
    assert.match(op.body, /from this Mac/);
    const node = h.step(
      lst(
        req({ requestId: 'r2', ts: t0 + 20, role: 'node', roles: ['operator', 'node'] }),
        req({ requestId: 'b1', ts: t0 + 1, deviceId: 'dev-b', publicKey: 'pk-b' }),
      ),
      ctx(t0 + 30),
    );
    assert.deepEqual(summary(node), ['update:dev-a']);
  });
});

type DeviceItem = Extract<InboxItem, { kind: 'device' }>;

/** An inbox item with only what the decision function reads. */
function item(key: string, o: Partial<DeviceItem> = {}): DeviceItem {
  return {
    key,
    kind: 'device',
    revision: 1,
    revisedAt: t0,
    title: `title ${key}`,
    summary: `summary ${key}`,
    risk: 'medium',
    actions: [
      { id: 'approve', label: 'Approve' },
      { id: 'not-now', label: 'Not now' },
    ],
    expiresAt: t0 + 300_000,
    snoozed: false,
    quiet: false,
    card: {} as DeviceItem['card'],
    ...o,
  };
}

describe('notificationOps (the one decision)', () => {
  const none = new Set<string>();
  const run = (
    live: Array<[string, number]>,
    items: InboxItem[],
    o: { enabled?: boolean; resetting?: Set<string> } = {},
  ) =>
    notificationOps({
      live: new Map(live),
      items,
      enabled: o.enabled ?? true,
      resetting: o.resetting ?? none,
    }).map((op) => `${op.type}:${op.key}${op.type === 'test' ? '' : `@${op.revision}`}`);

  test('first sight shows; same revision does nothing; a new revision updates; gone closes at the live revision', () => {
    assert.deepEqual(run([], [item('a')]), ['show:a@1']);
    assert.deepEqual(run([['a', 1]], [item('a')]), []);
    assert.deepEqual(run([['a', 1]], [item('a', { revision: 2 })]), ['update:a@2']);
    assert.deepEqual(run([['a', 2]], []), ['close:a@2']);
  });

  test('snoozed or quiet: closes a live one, never shows; a new revision that is not snoozed shows again', () => {
    assert.deepEqual(run([['a', 1]], [item('a', { snoozed: true })]), ['close:a@1']);
    assert.deepEqual(run([], [item('a', { snoozed: true })]), []);
    assert.deepEqual(run([['a', 1]], [item('a', { quiet: true })]), ['close:a@1']);
    assert.deepEqual(run([], [item('a', { quiet: true })]), []);
    assert.deepEqual(run([], [item('a', { revision: 2 })]), ['show:a@2']);
  });

  test('notifications off or an item being reset: nothing new is shown or updated, gone ones still close', () => {
    assert.deepEqual(run([], [item('a')], { enabled: false }), []);
    assert.deepEqual(run([['a', 1]], [item('a', { revision: 2 })], { enabled: false }), []);
    assert.deepEqual(run([['b', 1]], [], { enabled: false }), ['close:b@1']);
    assert.deepEqual(run([], [item('a')], { resetting: new Set(['a']) }), []);
    assert.deepEqual(run([], [item('a'), item('b')], { resetting: new Set(['a']) }), ['show:b@1']);
  });

  test('the op carries the item title, summary and actions in order', () => {
    const [op] = notificationOps({ live: new Map(), items: [item('a')], enabled: true, resetting: none });
    assert.ok(op?.type === 'show');
    assert.equal(op.title, 'title a');
    assert.equal(op.body, 'summary a');
    assert.deepEqual(
      op.actions.map((a) => a.id),
      ['approve', 'not-now'],
    );
  });
});

describe('notificationOps for groups (one agent session’s burst)', () => {
  const none = new Set<string>();
  const approval = (key: string, group: string, o: Partial<DeviceItem> = {}) =>
    item(key, {
      group,
      summary: `summary ${key}`,
      actions: [
        { id: 'allow-once', label: 'Allow once' },
        { id: 'allow-always', label: 'Always allow' },
        { id: 'deny', label: 'Deny' },
      ],
      ...o,
    });
  /** Runs the diff and applies it to `live`, like the feed does. */
  function apply(
    live: Map<string, number>,
    liveGroups: Map<string, LiveGroup>,
    items: InboxItem[],
    enabled = true,
  ): NotificationOp[] {
    const ops = notificationOps({ live, liveGroups, items, enabled, resetting: none });
    for (const op of ops) {
      if (op.type === 'test') continue;
      if (op.type === 'close') {
        live.delete(op.key);
        liveGroups.delete(op.key);
      } else {
        live.set(op.key, op.revision);
        if (op.group !== undefined) liveGroups.set(op.key, { group: op.group, more: op.more ?? 0 });
      }
    }
    return ops;
  }
  const brief = (ops: NotificationOp[]) =>
    ops.map((o) =>
      o.type === 'show' || o.type === 'update'
        ? `${o.type}:${o.key}+${o.more ?? 0}${o.silent ? ':silent' : ''}`
        : `${o.type}:${o.key}`,
    );

  test('a burst of one session: one show, then quiet count updates; every item stays an item', () => {
    const live = new Map<string, number>();
    const groups = new Map<string, LiveGroup>();
    const items = [approval('a', 's1')];
    assert.deepEqual(brief(apply(live, groups, items)), ['show:a+0']);
    items.push(approval('b', 's1'), approval('c', 's1'));
    const ops = apply(live, groups, items);
    assert.deepEqual(brief(ops), ['update:a+2:silent']);
    const op = ops[0]!;
    assert.ok(op.type === 'update');
    assert.equal(op.body, 'summary a\n+2 more from this session');
    assert.deepEqual(brief(apply(live, groups, items)), []);
    assert.equal(live.size, 1);
  });

  test('the shown one decided: it closes and the next of its session follows silently with the count', () => {
    const live = new Map<string, number>();
    const groups = new Map<string, LiveGroup>();
    const items = [approval('a', 's1'), approval('b', 's1'), approval('c', 's1')];
    apply(live, groups, items);
    assert.deepEqual(brief(apply(live, groups, items.slice(1))), ['close:a', 'show:b+1:silent']);
    assert.deepEqual(brief(apply(live, groups, [])), ['close:b']);
    assert.equal(live.size, 0);
  });

  test('sessions are separate groups; items without a group notify one by one', () => {
    const live = new Map<string, number>();
    const groups = new Map<string, LiveGroup>();
    const items: InboxItem[] = [];
    for (let i = 0; i < 100; i++) items.push(approval(`x${i}`, `s${i % 5}`));
    items.push(item('dev'));
    const ops = apply(live, groups, items);
    assert.equal(ops.filter((o) => o.type === 'show').length, 6);
    assert.equal(live.size, 6);
    const counts = ops.flatMap((o) => (o.type === 'show' && o.group ? [o.more] : []));
    assert.deepEqual(counts, [19, 19, 19, 19, 19]);
  });

  test('a new revision of the shown item alerts again; snoozed members are not counted', () => {
    const live = new Map<string, number>();
    const groups = new Map<string, LiveGroup>();
    apply(live, groups, [approval('a', 's1'), approval('b', 's1')]);
    assert.deepEqual(
      brief(apply(live, groups, [approval('a', 's1', { revision: 2 }), approval('b', 's1')])),
      ['update:a+1'],
    );
    assert.deepEqual(
      brief(
        apply(live, groups, [approval('a', 's1', { revision: 2 }), approval('b', 's1', { snoozed: true })]),
      ),
      ['update:a+0:silent'],
    );
    assert.deepEqual(brief(apply(live, groups, [approval('a', 's1', { revision: 2, snoozed: true })])), [
      'close:a',
    ]);
  });

  test('a notification never offers Always allow (it needs a second confirmation)', () => {
    const [op] = notificationOps({
      live: new Map(),
      items: [approval('a', 's1')],
      enabled: true,
      resetting: none,
    });
    assert.ok(op?.type === 'show');
    assert.deepEqual(
      op.actions.map((a) => a.id),
      ['allow-once', 'deny'],
    );
  });
});
