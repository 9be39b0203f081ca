// Exec and plugin approvals in the one inbox, on the whole core against both real gateways: a requester
// with operator.approvals files requests; Clawbar shows one card and one notification each, decides from
// the notification, the tray or the panel (bound to the revision shown; Always allow only after the
// second confirmation), and lets an item go when another client decides it or it expires.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApprovalRequester } from '../../../test/support/approvalRequester.ts';
import { coreRig } from '../../../test/support/coreRig.ts';
import { coreSuite } from '../../../test/support/coreSuite.ts';
import { sharedGateway, type TestGateway } from '../../../test/support/gateway.ts';
import {
  shellNotifier,
  type FakeNotification,
  type ShellNotifier,
} from '../../../test/support/shellNotifier.ts';
import { GATEWAY_VERSIONS, type GatewayVersion } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import type { ClawbarCore, ConfirmRequest } from '../app/types.ts';
import type { FocusRequest } from '../contract/contract.ts';
import type { HistoryEntry, InboxItem } from '../contract/views.ts';
import type { MenuItem, NotificationOp } from '../present/types.ts';
import { approvalKey } from './records.ts';
import { SETTLE_MS } from '../inbox/settle.ts';

const suite = coreSuite();

interface Rig {
  gw: TestGateway;
  core: ClawbarCore;
  ops: NotificationOp[];
  closedAt: Map<string, number>;
  created: FakeNotification[];
  live: () => string[];
  focus: FocusRequest[];
  asked: ConfirmRequest[];
  /** What the confirmation port answers next. */
  answer: { ok: boolean };
  handled: () => Promise<void>;
  requester: ApprovalRequester;
  other: ApprovalRequester;
}

async function rig(version: GatewayVersion): Promise<Rig> {
  const gw = await sharedGateway(version);
  const asked: ConfirmRequest[] = [];
  const answer = { ok: true };
  const closedAt = new Map<string, number>();
  let notifier: ShellNotifier | undefined;
  const { core, ops, focus } = await coreRig(
    gw,
    suite.keyring(),
    {},
    {
      confirm: (req) => {
        asked.push(req);
        return Promise.resolve(answer.ok);
      },
      beforeStart: (c) => {
        suite.onEnd(() => c.dispose());
        // When the inbox let the item go (the poll loop below may be slow on a loaded machine).
        c.onNotification((op) => {
          if (op.type === 'close') closedAt.set(op.key, Date.now());
        });
        notifier = shellNotifier(c);
      },
    },
  );
  assert.ok(notifier);
  const { created, live, handled } = notifier;
  const requester = await ApprovalRequester.connect(gw, { displayName: `Agent ${version}` });
  suite.onEnd(() => requester.close());
  const other = await ApprovalRequester.connect(gw, {
    displayName: `Other operator ${version}`,
    scopes: ['operator.admin', 'operator.approvals'],
  });
  suite.onEnd(() => other.close());
  return { gw, core, ops, closedAt, created, live, focus, asked, answer, handled, requester, other };
}

async function waitForState<T>(
  core: ClawbarCore,
  pred: (s: Awaited<ReturnType<ClawbarCore['getState']>>) => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = pred(await core.getState());
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const rigs = new Map<GatewayVersion, Promise<Rig>>();
const setup = (v: GatewayVersion) => {
  let r = rigs.get(v);
  if (!r) rigs.set(v, (r = rig(v)));
  return r;
};

/** The item once it has settled (its revision on screen for the settle time), as a person would see it. */
async function itemOf(r: Rig, key: string) {
  const item = await waitForState(r.core, (s) => s.inbox.find((i) => i.key === key), `the item ${key}`);
  const wait = item.revisedAt + SETTLE_MS + 200 - Date.now();
  if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  return item;
}
const gone = (r: Rig, key: string) =>
  waitForState(r.core, (s) => !s.inbox.some((i) => i.key === key), `the item ${key} to leave`);
const opsOf = (r: Rig, key: string) =>
  r.ops.filter((o) => o.type !== 'test' && o.key === key).map((o) => o.type);
const notificationOf = (r: Rig, key: string) => r.created.findLast((n) => n.options.id === `clawbar-${key}`);

async function historyOf(core: ClawbarCore, id: string): Promise<HistoryEntry> {
  for (let i = 0; i < 100; i++) {
    const h = (await core.getHistory(500)).find((e) => e.approvalId === id);
    if (h) return h;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no audit entry for ${id}`);
}

const labels = (items: readonly MenuItem[]): string[] =>
  items.flatMap((i) => [
    i.type === 'separator' ? '' : i.label,
    ...(i.type === 'submenu' ? labels(i.items) : []),
  ]);

let n = 0;
const cmd = (what: string) => `echo ${what}-${++n}`;

describe('exec and plugin approvals in the inbox (whole core, real gateways)', { concurrency: true }, () => {
  for (const version of GATEWAY_VERSIONS) {
    describe(version, { concurrency: 1 }, () => {
      test('request → one card and one show; Allow once from the notification → allow-once; audited', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({
          command: cmd('once'),
          cwd: '/tmp',
          agentId: 'main',
          sessionKey: 'agent:main:main',
        });
        const key = approvalKey('exec', ans.id);
        const item = await itemOf(r, key);
        assert.equal(item.kind, 'exec');
        assert.equal(item.group, 'session:main/agent:main:main');
        await waitFor(() => opsOf(r, key).length === 1, 5000, 'the show op');
        assert.deepEqual(opsOf(r, key), ['show']);
        const shown = notificationOf(r, key)!;
        assert.deepEqual(
          shown.options.actions?.map((a) => a.text),
          ['Allow once', 'Deny'],
        );
        assert.match(String(shown.options.body), /Agent main wants to run this on the gateway in \/tmp/);
        const wait = r.requester.waitDecision('exec', ans.id);
        shown.press('Allow once');
        await r.handled();
        assert.equal((await wait).decision, 'allow-once');
        await gone(r, key);
        await waitFor(() => opsOf(r, key).at(-1) === 'close', 5000, 'the close op');
        const h = await historyOf(r.core, ans.id);
        assert.equal(h.decision, 'allow-once');
        assert.equal(h.by, 'user');
        assert.equal(h.command, item.title);
        assert.ok(typeof h.latencyMs === 'number' && h.latencyMs >= 0);
      });

      test('Deny from the panel → deny; a decision on another revision decides nothing', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({ command: cmd('deny'), agentId: 'main' });
        const key = approvalKey('exec', ans.id);
        const item = await itemOf(r, key);
        const stale = await r.core.decideApproval(key, item.revision + 1, 'deny');
        assert.equal(stale.ok, false);
        assert.ok(!stale.ok && stale.code === 'CHANGED');
        const still = await itemOf(r, key);
        assert.ok(still.kind === 'exec' && still.exec.notice, 'the card says why nothing happened');
        const wait = r.requester.waitDecision('exec', ans.id);
        assert.ok((await r.core.decideApproval(key, item.revision, 'deny')).ok);
        assert.equal((await wait).decision, 'deny');
        await gone(r, key);
      });

      test('Allow before the card has settled decides nothing; after it settles it allows', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({ command: cmd('settle'), agentId: 'main' });
        const key = approvalKey('exec', ans.id);
        const fresh = await waitForState(r.core, (s) => s.inbox.find((i) => i.key === key), 'the item');
        const early = await r.core.decideApproval(key, fresh.revision, 'allow-once');
        assert.ok(!early.ok && early.code === 'NOT_SETTLED', JSON.stringify(early));
        const item = await itemOf(r, key);
        const wait = r.requester.waitDecision('exec', ans.id);
        assert.ok((await r.core.decideApproval(key, item.revision, 'allow-once')).ok);
        assert.equal((await wait).decision, 'allow-once');
        await gone(r, key);
      });

      test('Always allow asks the second confirmation: refused decides nothing, confirmed → allow-always', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({ command: cmd('always'), agentId: 'main' });
        const key = approvalKey('exec', ans.id);
        const item = await itemOf(r, key);
        r.answer.ok = false;
        const refused = await r.core.decideApproval(key, item.revision, 'allow-always');
        assert.ok(!refused.ok && refused.code === 'NOT_CONFIRMED');
        assert.equal(r.asked.at(-1)?.purpose, 'always-allow');
        assert.equal(r.asked.at(-1)?.systemAuth, true);
        await itemOf(r, key);
        r.answer.ok = true;
        const wait = r.requester.waitDecision('exec', ans.id);
        assert.ok((await r.core.decideApproval(key, item.revision, 'allow-always')).ok);
        assert.equal((await wait).decision, 'allow-always');
        assert.equal(r.asked.length, 2);
        await gone(r, key);
      });

      test('resolved by another operator client: the card and the notification close', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({ command: cmd('elsewhere') });
        const key = approvalKey('exec', ans.id);
        await itemOf(r, key);
        await waitFor(() => opsOf(r, key).length === 1, 5000, 'the show op');
        await r.other.resolve('exec', ans.id, 'deny');
        await gone(r, key);
        await waitFor(() => opsOf(r, key).at(-1) === 'close', 5000, 'the close op');
        assert.ok(!r.live().includes(key));
        const h = await historyOf(r.core, ans.id);
        assert.equal(h.by, 'other-client');
        assert.equal(h.decision, 'deny');
      });

      test('an expired approval leaves within 1 s of expiresAtMs', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({ command: cmd('expire'), timeoutMs: 1500 });
        const key = approvalKey('exec', ans.id);
        await itemOf(r, key);
        await gone(r, key);
        await waitFor(() => opsOf(r, key).at(-1) === 'close', 5000, 'the close op');
        const left = r.closedAt.get(key)!;
        assert.ok(
          ans.expiresAtMs && left <= ans.expiresAtMs + 1000,
          `left ${left - ans.expiresAtMs!} ms late`,
        );
        const h = await historyOf(r.core, ans.id);
        assert.equal(h.decision, 'expired');
        assert.equal(h.by, 'gateway');
      });

      test('ANSI escapes, U+202E and a newline render escaped in the card, the notification op and the tray', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({
          command: `${cmd('esc')} \u001b[31mred\u001b[0m \u202Etxt.sh\nrm -rf x`,
        });
        const key = approvalKey('exec', ans.id);
        const item = await itemOf(r, key);
        assert.ok(item.kind === 'exec');
        await waitFor(() => opsOf(r, key).length === 1, 5000, 'the show op');
        const op = r.ops.find((o) => o.type === 'show' && o.key === key);
        assert.ok(op && op.type === 'show');
        const menu = labels(r.core.tray().menu).filter((l) => l.includes('red'));
        assert.ok(menu.length > 0, 'the tray lists it');
        for (const text of [item.exec.command, item.title, op.title, op.body, ...menu]) {
          for (const raw of ['\u001b', '\u202e', '\n']) assert.ok(!text.includes(raw), JSON.stringify(text));
        }
        // 4.12 passes ESC and the newline raw (shown as our escapes); 9.6 escapes the command itself.
        assert.match(item.exec.command, version === '2026.4.12' ? /␛\[31mred.*202E.*\\nrm/ : /red/);
        const deny = await r.core.decideApproval(key, item.revision, 'deny');
        assert.ok(deny.ok);
        await gone(r, key);
      });

      test('the tray lists approvals with Allow once / Deny and counts them in the badge', async () => {
        const r = await setup(version);
        const ans = await r.requester.requestExec({ command: cmd('tray') });
        const key = approvalKey('exec', ans.id);
        const item = await itemOf(r, key);
        const { menu, icon } = r.core.tray();
        const pending = (await r.core.getState()).inbox.filter((i) => !i.quiet).length;
        assert.ok(pending >= 1);
        assert.equal(icon.badge, String(pending), 'approvals count in the badge');
        const sub = menu.find((m) => m.id === `approval:${key}`);
        assert.ok(sub && sub.type === 'submenu');
        const deny = sub.items.find((m) => m.type === 'action' && m.label === 'Deny');
        assert.ok(deny && deny.type === 'action');
        assert.deepEqual(deny.action, { kind: 'decide', key, revision: item.revision, decision: 'deny' });
        assert.ok(!sub.items.some((m) => m.type === 'action' && m.label === 'Always allow'));
        const wait = r.requester.waitDecision('exec', ans.id);
        await r.core.onMenuAction(deny.action);
        assert.equal((await wait).decision, 'deny');
        await gone(r, key);
      });

      test('a plugin approval offers exactly its allowed decisions', async () => {
        const r = await setup(version);
        const restricted = version === '2026.9.6';
        const ans = await r.requester.requestPlugin({
          pluginId: 'mailer',
          title: 'Send weekly report',
          description: 'Sends the report to the team',
          severity: 'warning',
          toolName: 'mail.send',
          // 4.12's schema has no allowedDecisions (it rejects unknown fields).
          ...(restricted ? { allowedDecisions: ['allow-once', 'deny'] } : {}),
        });
        const key = approvalKey('plugin', ans.id);
        const item = await itemOf(r, key);
        assert.ok(item.kind === 'plugin');
        assert.equal(item.plugin.title, 'Send weekly report');
        assert.equal(item.plugin.tool, 'mail.send');
        if (restricted) {
          assert.deepEqual(item.plugin.allowedDecisions, ['allow-once', 'deny']);
          assert.ok(!item.actions.some((a) => a.id === 'allow-always'));
          const refused = await r.core.decideApproval(key, item.revision, 'allow-always');
          assert.ok(!refused.ok && refused.code === 'NOT_ALLOWED');
        } else {
          assert.deepEqual(item.plugin.allowedDecisions, ['allow-once', 'allow-always', 'deny']);
        }
        await waitFor(() => notificationOf(r, key), 5000, 'the notification');
        const wait = r.requester.waitDecision('plugin', ans.id);
        notificationOf(r, key)!.press('Deny');
        await r.handled();
        assert.equal((await wait).decision, 'deny');
        await gone(r, key);
      });

      test('100 approvals from 5 sessions: ≤ 5 live notifications, 100 items, every one decidable', async () => {
        const r = await setup(version);
        const ids = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            r.requester
              .requestExec({
                command: cmd(`burst-${i}`),
                agentId: 'main',
                sessionKey: `agent:main:burst-${i % 5}`,
              })
              .then((a) => a.id),
          ),
        );
        const keys = new Set(ids.map((id) => approvalKey('exec', id)));
        const items = await waitForState(
          r.core,
          (s) => {
            const mine = s.inbox.filter((i) => keys.has(i.key));
            return mine.length === 100 && mine;
          },
          'the 100 items',
          30_000,
        );
        assert.equal(new Set(items.map((i: InboxItem) => i.group)).size, 5);
        assert.ok(r.live().filter((k) => keys.has(k)).length <= 5, `live: ${r.live().length}`);
        const results = await Promise.all(items.map((i) => r.core.decideApproval(i.key, i.revision, 'deny')));
        assert.deepEqual(
          results.filter((x) => !x.ok),
          [],
        );
        await waitForState(r.core, (s) => !s.inbox.some((i) => keys.has(i.key)), 'all decided', 30_000);
        await waitFor(() => !r.live().some((k) => keys.has(k)), 5000, 'every notification closed');
      });
    });
  }
});
