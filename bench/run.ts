// `npm run bench`: Clawbar's performance targets measured against the real gateways (both pinned
// versions in one run). Prints a table and writes test-results/bench.json. A missed target is reported,
// not thrown: the exit code is non-zero only when the bench itself crashed.
// Options: --only connect,rpc,notify,approve,cli,reconnect,flood,idle,panel,approvals (or 1–8, 10), --quick,
// --versions 2026.4.12,2026.9.6. Durations: CLAWBAR_BENCH_FLOOD_MS, CLAWBAR_BENCH_IDLE_MS.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sharedGateway, stopOwnedGateways } from '../test/support/gateway.ts';
import { pairingRig } from '../test/support/pairingRig.ts';
import { approvalsBench, APPROVALS_METRIC } from './approvals.ts';
import { connectAndRpc, pairingLatency } from './latency.ts';
import { flood, idle } from './load.ts';
import { bundleSize, firstRender } from './panel.ts';
import { reconnect, stopReconnectKeyring } from './reconnect.ts';
import { gatewayVersions, writeResults } from './report.ts';
import { row, table, type Row } from './stats.ts';

const METRICS = [
  'connect',
  'rpc',
  'notify',
  'approve',
  'cli',
  'reconnect',
  'flood',
  'idle',
  'panel',
  'approvals',
] as const;
type MetricName = (typeof METRICS)[number];
const BY_NUMBER: Record<string, MetricName[]> = {
  '1': ['connect', 'rpc'],
  '2': ['notify'],
  '3': ['approve'],
  '4': ['cli'],
  '5': ['reconnect'],
  '6': ['flood'],
  '7': ['idle'],
  '8': ['panel'],
  '10': ['approvals'],
};

const isMetric = (m: string): m is MetricName => (METRICS as readonly string[]).includes(m);

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    versions: { type: 'string' },
  },
});
const quick = values.quick === true;
const only = new Set<MetricName>(
  values.only
    ? values.only.split(',').flatMap((m) => {
        const name = m.trim();
        if (BY_NUMBER[name]) return BY_NUMBER[name];
        if (isMetric(name)) return [name];
        throw new Error(`unknown metric ${name} (use ${METRICS.join(', ')} or 1–8)`);
      })
    : METRICS,
);
const versions = gatewayVersions(values.versions);
const want = (m: MetricName) => only.has(m);
const n = (full: number, short: number, m: MetricName) => (want(m) ? (quick ? short : full) : 0);

const started = new Date();
const rows: Row[] = [];
const report = (rs: Row[]) => {
  const load = os.loadavg()[0];
  rows.push(...rs.map((r) => ({ ...r, load })));
  for (const r of rs)
    console.log(
      `[bench] ${r.version ?? ''} ${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.pass === undefined ? '' : r.pass ? ' PASS' : ' MISS'}`,
    );
};

/** One failing metric is reported as a crash row; the others still run. */
let crashed = false;
async function guarded(
  metric: number,
  name: string,
  version: string | undefined,
  f: () => Promise<Row[]>,
): Promise<void> {
  try {
    report(await f());
  } catch (err) {
    crashed = true;
    console.error(`[bench] ${name}${version ? ` on ${version}` : ''} crashed:`, err);
    rows.push(
      row({
        metric,
        name: `${name} (crashed)`,
        ...(version ? { version } : {}),
        value: Number.NaN,
        unit: '',
        note: String((err as Error).message ?? err).slice(0, 300),
      }),
    );
  }
}

for (const version of versions) {
  if (!['connect', 'rpc', 'notify', 'approve', 'cli'].some((m) => want(m as MetricName))) break;
  await guarded(1, 'latency', version, async () => {
    const gw = await sharedGateway(version);
    const rig = await pairingRig(gw);
    try {
      return [
        ...(await connectAndRpc(gw, rig, { connects: n(20, 5, 'connect'), rpcs: n(200, 50, 'rpc') })),
        ...(await pairingLatency(gw, rig, {
          notifies: n(30, 8, 'notify'),
          approves: n(20, 6, 'approve'),
          cliApproves: n(4, 2, 'cli'),
        })),
      ];
    } finally {
      await rig.stop();
    }
  });
}

// 10: exec approvals (requested → show, click → decision, a burst of 100 from 5 sessions).
for (const v of versions)
  if (want('approvals'))
    await guarded(APPROVALS_METRIC, 'approvals', v, () => approvalsBench(v, quick ? 10 : 40));

// 6: both floods at once (each against its own gateway) so the full run fits in ~25 min.
const floodMs = quick ? 20_000 : Number(process.env.CLAWBAR_BENCH_FLOOD_MS ?? 300_000);
const idleMs = quick ? 30_000 : Number(process.env.CLAWBAR_BENCH_IDLE_MS ?? 600_000);
if (want('flood')) await Promise.all(versions.map((v) => guarded(6, 'flood', v, () => flood(v, floodMs))));

// 7 runs in the background (idle cores in their own processes, on the shared gateways) while 5 and 8
// run here: their work happens on other gateways and in other processes, so the idle cores see none of it.
const idling = want('idle')
  ? Promise.all(versions.map((v) => guarded(7, 'idle', v, () => idle(v, idleMs))))
  : Promise.resolve([]);

for (const v of versions)
  if (want('reconnect')) await guarded(5, 'reconnect', v, () => reconnect(v, quick ? 1 : 3));
await stopReconnectKeyring();
if (want('panel')) {
  await guarded(8, 'panel size', undefined, () => Promise.resolve(bundleSize()));
  await guarded(8, 'panel render', undefined, () => firstRender(quick ? 3 : 20));
}
await idling;
await stopOwnedGateways();

const out = writeResults('bench.json', started, { quick, metrics: [...only], versions, rows });
console.log(`\n${table(rows)}\n`);
console.log(
  'load = 1-min load average on this 2-core machine when the row was taken (above ~2 the numbers are noisy)',
);
const missed = rows.filter((r) => r.pass === false);
console.log(
  `${rows.filter((r) => r.pass).length} targets met, ${missed.length} missed${crashed ? ', some metrics crashed' : ''}`,
);
console.log(`results: ${out}`);
process.exit(crashed ? 1 : 0);
