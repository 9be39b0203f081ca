// Metrics 1–4 on one gateway: connect + hello-ok, RPC round trip, event → notification op,
// approve click → resolved event, and the same approval with the real `openclaw devices approve`.
import { performance } from 'node:perf_hooks';
import { GatewayClient } from '../electron/core/gateway/client.ts';
import { generateIdentity } from '../electron/core/gateway/identity.ts';
import { approveIntentOf } from '../electron/core/pairing/reconcile.ts';
import type { TestGateway } from '../test/support/gateway.ts';
import { memoryCredentials } from '../test/support/memoryCredentials.ts';
import type { PairingRig } from '../test/support/pairingRig.ts';
import { holdRequests, requester, requestKindFor } from './requests.ts';
import { describe, row, summarize, type Row, type Summary } from './stats.ts';
import { CoreTap } from './tap.ts';

export interface LatencyCounts {
  connects: number;
  rpcs: number;
  notifies: number;
  approves: number;
  cliApproves: number;
}

const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

interface MsRow {
  metric: number;
  name: string;
  version: string;
  xs: number[];
  /** Which percentile is the row's value. */
  pick: 'p50' | 'p95';
  maxMs?: number;
  keys?: (keyof Summary)[];
  /** Said after the percentiles in the row's detail. */
  extra: string;
}

/** A row of milliseconds: one percentile of the samples as its value, the others in its detail. */
function msRow(o: MsRow): Row {
  const s = summarize(o.xs);
  return row({
    metric: o.metric,
    name: o.name,
    version: o.version,
    value: s[o.pick],
    unit: 'ms',
    ...(o.maxMs === undefined ? {} : { target: { op: '<=', value: o.maxMs } }),
    detail: `${describe(s, 'ms', o.keys)}, ${o.extra}`,
    samples: round(o.xs),
  });
}

/** Metric 1: fresh GatewayClients (one identity, paired by a warm-up connect) and list round trips. */
export async function connectAndRpc(
  gw: TestGateway,
  rig: PairingRig,
  n: Pick<LatencyCounts, 'connects' | 'rpcs'>,
): Promise<Row[]> {
  const rows: Row[] = [];
  if (n.connects > 0) {
    const identity = generateIdentity();
    const credentials = memoryCredentials(gw.token);
    const wall: number[] = [];
    const own: number[] = [];
    for (let i = 0; i <= n.connects; i++) {
      const client = new GatewayClient({ url: gw.url, identity, credentials, client: { version: 'bench' } });
      const t0 = performance.now();
      const connected = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no hello-ok within 20 s')), 20_000);
        const off = client.onState((s) => {
          if (s.kind === 'connected') {
            clearTimeout(timer);
            off();
            resolve();
          } else if (s.kind !== 'connecting') {
            clearTimeout(timer);
            off();
            reject(new Error(`connect ended in ${s.kind}`));
          }
        });
      });
      client.start();
      await connected;
      const ms = performance.now() - t0;
      await client.stop();
      if (i === 0) continue; // the warm-up pairs the identity
      wall.push(ms);
      own.push(client.stats.lastConnectMs);
    }
    const s = summarize(wall);
    rows.push(
      row({
        metric: 1,
        name: 'connect + hello-ok',
        version: gw.version,
        value: s.p50,
        unit: 'ms',
        detail: `${describe(s, 'ms')}; client's own lastConnectMs p50 ${summarize(own).p50} ms`,
        samples: round(wall),
      }),
    );
  }
  if (n.rpcs > 0) {
    for (let i = 0; i < 5; i++) await rig.client.call('device.pair.list'); // warm-up
    const xs: number[] = [];
    for (let i = 0; i < n.rpcs; i++) {
      const t0 = performance.now();
      await rig.client.call('device.pair.list');
      xs.push(performance.now() - t0);
    }
    const s = summarize(xs);
    rows.push(
      row({
        metric: 1,
        name: 'RPC device.pair.list',
        version: gw.version,
        value: s.p50,
        unit: 'ms',
        detail: describe(s, 'ms'),
        samples: round(xs),
      }),
    );
  }
  return rows;
}

/**
 * Metrics 2–4: each sample is a fresh device whose request Clawbar notifies; the first `approves` are
 * approved by Clawbar's engine, the next `cliApproves` by the real CLI, the rest rejected (cleanup).
 */
export async function pairingLatency(
  gw: TestGateway,
  rig: PairingRig,
  n: Pick<LatencyCounts, 'notifies' | 'approves' | 'cliApproves'>,
): Promise<Row[]> {
  const total = Math.max(n.notifies, n.approves + n.cliApproves);
  if (total === 0) return [];
  const kind = requestKindFor(gw);
  const tap = new CoreTap(rig);
  const release = await holdRequests(gw);
  const notify: number[] = [];
  const approve: number[] = [];
  const approveCall: number[] = [];
  const cli: number[] = [];
  const cliProcess: number[] = [];
  const notes: string[] = [];
  try {
    for (let i = 0; i < total; i++) {
      const { device, ask } = await requester(gw, `Bench ${gw.version} #${i}`);
      // The request arrives at a settled Clawbar (4.12's silent pairing at read and the previous
      // sample's lists are done), as a user's device's request usually does.
      await new Promise((r) => setTimeout(r, 400));
      const since = performance.now();
      const r = await ask();
      if (r.ok) throw new Error(`the ${kind} request of sample ${i} was approved by the gateway itself`);
      const show = await tap.waitShow(device.deviceId, since, 15_000);
      const shown = rig.inbox.item(show.value.key);
      const card = shown?.kind === 'device' ? shown.card : undefined;
      if (!card) throw new Error('show op for an item that is not listed');
      const requested = tap.requestedAt(card.requestId);
      if (i < n.notifies) {
        if (requested === undefined) notes.push(`sample ${i}: no requested event for the shown id`);
        else notify.push(show.at - requested);
      }
      if (i < n.approves) {
        const t0 = performance.now();
        const res = await rig.engine.approve(approveIntentOf(card));
        const returned = performance.now();
        if (!res.ok) throw new Error(`Clawbar's approve failed: ${res.error}`);
        const resolved = await tap.waitResolved(device.deviceId, t0, 10_000);
        approve.push(resolved.at - t0);
        approveCall.push(returned - t0);
      } else if (i < n.approves + n.cliApproves) {
        const t0 = performance.now();
        const out = await gw.devices(['approve', card.requestId]);
        if (out.result.code !== 0)
          throw new Error(
            `openclaw devices approve failed (${out.result.code}): ${out.result.stderr.slice(-300)}`,
          );
        cliProcess.push(out.result.ms);
        const resolved = await tap.waitResolved(device.deviceId, t0, 20_000).catch(() => undefined);
        if (resolved) cli.push(resolved.at - t0);
        else notes.push(`CLI sample ${i}: no resolved event reached Clawbar`);
      } else {
        await rig.engine.reject(device.deviceId, card.requestId);
      }
      await tap
        .waitClose(device.deviceId, since, 15_000)
        .catch(() => notes.push(`sample ${i}: card did not close`));
    }
  } finally {
    tap.stop();
    await release();
  }
  const rows: Row[] = [];
  const what = kind === 'scope-upgrade' ? 'read → approvals upgrades' : 'new-device requests';
  const ms = (o: Omit<MsRow, 'version'>) => rows.push(msRow({ ...o, version: gw.version }));
  if (notify.length)
    ms({
      metric: 2,
      name: 'event → show op (p95)',
      xs: notify,
      pick: 'p95',
      maxMs: 50,
      keys: ['p50', 'p95', 'p99'],
      extra: what,
    });
  const clawbarP50 = approve.length ? summarize(approve).p50 : undefined;
  if (approve.length)
    ms({
      metric: 3,
      name: 'approve → resolved (p95)',
      xs: approve,
      pick: 'p95',
      maxMs: 50,
      extra: `${what}; approve() returns p50 ${summarize(approveCall).p50.toFixed(1)} ms`,
    });
  if (cli.length) {
    const s = summarize(cli);
    ms({
      metric: 4,
      name: 'CLI approve → resolved (p50)',
      xs: cli,
      pick: 'p50',
      extra: `${what}; CLI process exit p50 ${summarize(cliProcess).p50} ms`,
    });
    if (clawbarP50 !== undefined)
      rows.push(
        row({
          metric: 4,
          name: 'CLI p50 / Clawbar p50',
          version: gw.version,
          value: s.p50 / clawbarP50,
          unit: '×',
          target: { op: '>=', value: 50 },
          detail: `${s.p50.toFixed(0)} ms / ${clawbarP50.toFixed(1)} ms`,
        }),
      );
  }
  if (notes.length)
    rows.push(
      row({
        metric: 2,
        name: 'notes',
        version: gw.version,
        value: notes.length,
        unit: 'notes',
        note: notes.join('; '),
      }),
    );
  return rows;
}
