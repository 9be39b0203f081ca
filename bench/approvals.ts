// Exec approvals on one gateway, measured on Clawbar's real pieces (its GatewayClient, the approvals
// tracker and source, the inbox and the notification feed) with a real requester: the
// `exec.approval.requested` event as Clawbar's client receives it → the show op; a click (decide at the
// shown revision) → the requester's `exec.approval.waitDecision` returns; and a burst of 100 approvals
// from 5 agent sessions (notifications shown, CPU, RSS). The click → decision time is also reported in
// its parts, to tell Clawbar's share from the gateway's: click → resolve sent (Clawbar), resolve sent →
// the requester's waitDecision returned (the gateway), and, beside them, the resolve RPC's round trip
// and the resolved event (9.6 answers the requester before it answers Clawbar's resolve).
import { performance } from 'node:perf_hooks';
import { NotificationFeed } from '../electron/core/app/notificationFeed.ts';
import { decideApproval } from '../electron/core/approvals/decide.ts';
import { approvalKey } from '../electron/core/approvals/records.ts';
import { ApprovalSource } from '../electron/core/approvals/source.ts';
import { ApprovalTracker } from '../electron/core/approvals/tracker.ts';
import { GatewayClient } from '../electron/core/gateway/client.ts';
import { generateIdentity } from '../electron/core/gateway/identity.ts';
import { Inbox } from '../electron/core/inbox/inbox.ts';
import type { NotificationOp } from '../electron/core/present/types.ts';
import { ApprovalRequester } from '../test/support/approvalRequester.ts';
import { sharedGateway } from '../test/support/gateway.ts';
import { memoryCredentials } from '../test/support/memoryCredentials.ts';
import { waitFor } from '../test/support/waitFor.ts';
import type { GatewayVersion } from '../test/support/toolchain.ts';
import { describe, row, summarize, type Row } from './stats.ts';

export const APPROVALS_METRIC = 10;

export async function approvalsBench(version: GatewayVersion, samples: number): Promise<Row[]> {
  const gw = await sharedGateway(version);
  const client = new GatewayClient({
    url: gw.url,
    identity: generateIdentity(),
    credentials: memoryCredentials(gw.token),
    client: { version: 'bench' },
  });
  const requestedAt = new Map<string, number>();
  const resolvedEventAt = new Map<string, number>();
  // Registered before the tracker's listener: the timestamp is the moment the event arrived.
  client.onEvent((e) => {
    const id = (e.payload as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') return;
    if (e.event === 'exec.approval.requested') requestedAt.set(approvalKey('exec', id), performance.now());
    if (e.event === 'exec.approval.resolved') resolvedEventAt.set(approvalKey('exec', id), performance.now());
  });
  // When Clawbar's resolve left and when its answer came back (the same client object the tracker uses).
  const resolveRpc = new Map<string, { sent: number; answered?: number }>();
  const call = client.call.bind(client);
  client.call = <T>(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<T> => {
    if (method !== 'exec.approval.resolve' || typeof params?.id !== 'string')
      return call<T>(method, params, timeoutMs);
    const t: { sent: number; answered?: number } = { sent: performance.now() };
    resolveRpc.set(approvalKey('exec', params.id), t);
    return call<T>(method, params, timeoutMs).finally(() => (t.answered = performance.now()));
  };
  const tracker = new ApprovalTracker({ client });
  const source = new ApprovalSource(tracker);
  const inbox = new Inbox();
  const shownAt = new Map<string, number>();
  const ops: NotificationOp[] = [];
  const feed = new NotificationFeed({
    inbox,
    emit: (op) => {
      ops.push(op);
      if (op.type === 'show') shownAt.set(op.key, performance.now());
    },
    enabled: () => true,
    resettingDeviceIds: () => [],
  });
  inbox.onChange(() => feed.sync());
  inbox.attach(source);
  tracker.start();
  client.start();
  const requester = await ApprovalRequester.connect(gw, { displayName: `Bench agent ${version}` });
  const deps = { inbox, source: () => source, confirm: () => Promise.resolve(true) };
  try {
    await waitFor(() => client.state.kind === 'connected', 30_000, 'Clawbar connected');
    const toShow: number[] = [];
    const toDecision: number[] = [];
    const parts = {
      toSent: [] as number[],
      roundTrip: [] as number[],
      fromSent: [] as number[],
      toEvent: [] as number[],
    };
    for (let i = 0; i <= samples; i++) {
      const ans = await requester.requestExec({ command: `echo bench-${i}`, agentId: 'main' });
      const key = approvalKey('exec', ans.id);
      const item = await waitFor(() => shownAt.has(key) && inbox.item(key), 10_000, 'the show op');
      let seenAt = 0;
      const wait = requester.waitDecision('exec', ans.id).then(() => (seenAt = performance.now()));
      const t0 = performance.now();
      const r = await decideApproval(deps, key, item.revision, 'allow-once');
      if (!r.ok) throw new Error(`decide failed: ${r.error}`);
      await wait;
      if (i === 0) continue; // warm-up
      toDecision.push(seenAt - t0);
      toShow.push(shownAt.get(key)! - requestedAt.get(key)!);
      const rpc = resolveRpc.get(key);
      if (rpc?.answered !== undefined) {
        parts.toSent.push(rpc.sent - t0);
        parts.roundTrip.push(rpc.answered - rpc.sent);
        parts.fromSent.push(seenAt - rpc.sent);
      }
      const ev = resolvedEventAt.get(key);
      if (ev !== undefined && rpc) parts.toEvent.push(ev - rpc.sent);
    }
    const show = summarize(toShow);
    const decide = summarize(toDecision);
    const rows: Row[] = [
      row({
        metric: APPROVALS_METRIC,
        name: 'exec.approval.requested → show op p95',
        version,
        value: show.p95,
        unit: 'ms',
        target: { op: '<=', value: 15 },
        detail: describe(show, 'ms'),
        samples: toShow,
      }),
      row({
        metric: APPROVALS_METRIC,
        name: 'click → requester sees the decision p95',
        version,
        value: decide.p95,
        unit: 'ms',
        target: { op: '<=', value: 25 },
        detail: describe(decide, 'ms'),
        samples: toDecision,
      }),
      ...partRows(version, parts),
    ];
    rows.push(...(await burst(version, requester, inbox, ops, deps)));
    return rows;
  } finally {
    tracker.stop();
    source.dispose();
    await requester.close();
    await client.stop();
  }
}

/** The click → decision time in its parts: which share is Clawbar's and which the gateway's. */
function partRows(
  version: GatewayVersion,
  parts: { toSent: number[]; fromSent: number[]; roundTrip: number[]; toEvent: number[] },
): Row[] {
  const part = (name: string, samples: number[], whose: string) => {
    const s = summarize(samples);
    return row({
      metric: APPROVALS_METRIC,
      name: `click → decision, part: ${name} p95`,
      version,
      value: s.p95,
      unit: 'ms',
      detail: `${whose}; ${describe(s, 'ms')}`,
      samples,
    });
  };
  return [
    part('click → resolve sent', parts.toSent, 'Clawbar (revision check, decision rules)'),
    part('resolve sent → requester’s waitDecision returns', parts.fromSent, 'the gateway'),
    part('resolve RPC round trip', parts.roundTrip, 'the gateway answering Clawbar'),
    part('resolve sent → resolved event', parts.toEvent, 'the gateway announcing it to Clawbar'),
  ];
}

/** 100 approvals from 5 sessions: how many notifications are shown, what the burst costs. */
async function burst(
  version: GatewayVersion,
  requester: ApprovalRequester,
  inbox: Inbox,
  ops: NotificationOp[],
  deps: Parameters<typeof decideApproval>[0],
): Promise<Row[]> {
  const before = ops.length;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rss = process.memoryUsage().rss;
  const ids = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      requester
        .requestExec({ command: `echo burst-${i}`, agentId: 'main', sessionKey: `agent:main:bench-${i % 5}` })
        .then((a) => approvalKey('exec', a.id)),
    ),
  );
  await waitFor(() => ids.every((k) => inbox.item(k)), 30_000, 'the 100 items');
  rss = Math.max(rss, process.memoryUsage().rss);
  const shown = ops.slice(before).filter((o) => o.type === 'show').length;
  const live = inbox.live().size;
  const results = await Promise.all(ids.map((k) => decideApproval(deps, k, inbox.item(k)!.revision, 'deny')));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  rss = Math.max(rss, process.memoryUsage().rss);
  const failed = results.filter((r) => !r.ok).length;
  return [
    row({
      metric: APPROVALS_METRIC,
      name: 'burst 100 approvals / 5 sessions: notifications shown',
      version,
      value: shown,
      unit: 'notifications',
      target: { op: '<=', value: 5 },
      detail: `live at peak ${live}; ${100 - failed}/100 decided; ${Math.round(ms)} ms wall`,
    }),
    row({
      metric: APPROVALS_METRIC,
      name: 'burst 100 approvals / 5 sessions: CPU',
      version,
      value: (cpu.user + cpu.system) / 1000,
      unit: 'ms',
      detail: `user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms (bench process, requester included)`,
    }),
    row({
      metric: APPROVALS_METRIC,
      name: 'burst 100 approvals / 5 sessions: RSS',
      version,
      value: Math.round(rss / 1024 / 1024),
      unit: 'MB',
    }),
  ];
}
