// Metrics 6 and 7, run from the bench process: the core lives in a child process of its own
// (coreProcess.ts) and, for the flood, the devices in another (floodDevices.ts), so each measured
// number belongs to the core alone. The bench's own sleeps happen here, outside the measured process.
import path from 'node:path';
import { sharedGateway } from '../test/support/gateway.ts';
import type { GatewayVersion } from '../test/support/toolchain.ts';
import { LinkedChild } from './child.ts';
import type { CoreWindowResult } from './coreProcess.ts';
import { holdRequests } from './requests.ts';
import { row, type Row } from './stats.ts';

const here = import.meta.dirname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function flood(version: GatewayVersion, ms: number, count = 50): Promise<Row[]> {
  const gw = await sharedGateway(version);
  const core = new LinkedChild(`core ${version}`, path.join(here, 'coreProcess.ts'), [version, 'flood']);
  let devices: LinkedChild | undefined;
  let release: (() => Promise<void>) | undefined;
  try {
    await core.next('READY', 60_000);
    devices = new LinkedChild(`devices ${version}`, path.join(here, 'floodDevices.ts'), [
      version,
      String(count),
      '1000',
    ]);
    const ids = await devices.json<string[]>('PAIRED', 120_000);
    release = await holdRequests(gw);
    await sleep(2000); // the pairings at read settle (silent approvals, lists) before the window
    core.send('START');
    devices.send('GO');
    await sleep(ms);
    core.send('STOP');
    const r = await core.json<CoreWindowResult>('RESULT', 30_000);
    devices.send('STOP');
    const d = await devices.json<{ attempts: number; minAttempts: number; connected: number }>(
      'RESULT',
      60_000,
    );
    await devices.close();
    devices = undefined;
    core.send('REJECT_ALL');
    await core.next('CLEANED', 120_000);
    const mine = new Set(ids);
    const shows = Object.entries(r.showsPerDevice).filter(([id]) => mine.has(id));
    const twice = shows.filter(([, k]) => k > 1).length;
    const showCount = shows.reduce((a, [, k]) => a + k, 0);
    const opText = Object.entries(r.ops)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const window = `${(r.wallMs / 1000).toFixed(0)} s, ${count} devices, ${d.attempts} connects (min ${d.minAttempts}/device, ${d.connected} got in)`;
    return [
      row({
        metric: 6,
        name: 'flood: core CPU',
        version,
        value: r.cpuPct,
        unit: '%',
        target: { op: '<', value: 2 },
        detail: `${r.cpuMs.toFixed(0)} ms CPU over ${window}; ${r.lists} lists, events ${JSON.stringify(r.events)}`,
      }),
      row({
        metric: 6,
        name: 'flood: core peak RSS',
        version,
        value: r.peakRssMb,
        unit: 'MB',
        target: { op: '<', value: 150 },
        detail: `RSS at end ${r.rssMb.toFixed(0)} MB, heap used ${r.heapUsedMb.toFixed(0)} MB`,
      }),
      row({
        metric: 6,
        name: 'flood: show ops',
        version,
        value: showCount,
        unit: 'shows',
        target: { op: '==', value: count },
        detail: `${shows.length} devices shown, ${twice} more than once; all ops: ${opText || 'none'}; ${r.cards} cards at the end`,
      }),
    ];
  } finally {
    if (devices) await devices.close(5000);
    await core.close();
    await release?.();
  }
}

export async function idle(version: GatewayVersion, ms: number): Promise<Row[]> {
  const core = new LinkedChild(`core ${version}`, path.join(here, 'coreProcess.ts'), [version, 'idle']);
  try {
    await core.next('READY', 60_000);
    await sleep(3000); // the first list after hello-ok settles
    core.send('START');
    await sleep(ms);
    core.send('STOP');
    const r = await core.json<CoreWindowResult>('RESULT', 30_000);
    const w = r.wakeups!;
    const origins = Object.entries(w.byOrigin)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([o, k]) => `${k}× ${o}`)
      .join('; ');
    const other = Object.entries(w.byType)
      .filter(([t]) => t !== 'Timeout' && t !== 'Immediate')
      .map(([t, k]) => `${t} ${k}`)
      .join(', ');
    return [
      row({
        metric: 7,
        name: 'idle: timer wake-ups',
        version,
        value: w.perMinute,
        unit: '/min',
        target: { op: '<=', value: 2 },
        detail: `${w.timers} Timeout/Immediate callbacks in ${(r.wallMs / 60_000).toFixed(1)} min${origins ? ` (${origins})` : ''}; other wake-ups: ${other || 'none'}; events ${JSON.stringify(r.events)}; CPU ${r.cpuPct.toFixed(3)} %`,
      }),
      row({
        metric: 7,
        name: 'idle: core RSS',
        version,
        value: r.rssMb,
        unit: 'MB',
        detail: `peak ${r.peakRssMb.toFixed(0)} MB, heap used ${r.heapUsedMb.toFixed(0)} MB; ${r.cards} cards pending`,
      }),
    ];
  } finally {
    await core.close();
  }
}
