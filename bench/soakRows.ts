// The soak's results: what each version's soak gathered, and the table rows judged from it.
import os from 'node:os';
import type { GatewayVersion } from '../test/support/toolchain.ts';
import type { CoreSnapshot } from './coreProcess.ts';
import type { SoakVerdict } from './soakVerdict.ts';
import type { Row } from './stats.ts';

/** At most this share of device journeys may go wrong (a loaded 2-core machine drops a handshake now and then). */
const MAX_FAILED_JOURNEYS = 0.1;

export interface Sampled extends CoreSnapshot {
  /** ms since this version's soak started */
  t: number;
  at: string;
  label: string;
  fds: number;
  strayCards: number;
  load: number;
}

export interface VersionResult {
  version: GatewayVersion;
  crashed?: string;
  waves: number;
  journeys: { ok: number; failed: number };
  tally: Record<string, number>;
  anomalies: string[];
  samples: Sampled[];
  quiet: Sampled[];
  verdict?: SoakVerdict;
}

const UNITS: Record<string, string> = {
  rssMb: 'MB',
  heapMb: 'MB',
  handles: 'handles',
  fds: 'fds',
  strayCards: 'cards',
};
const NAMES: Record<string, string> = {
  rssMb: 'soak: core RSS',
  heapMb: 'soak: heap after GC',
  handles: 'soak: open handles (quiet)',
  fds: 'soak: open fds (quiet)',
  strayCards: 'soak: stray cards (quiet)',
};

export function rowsOf(r: VersionResult): Row[] {
  const rows: Row[] = [];
  const firstLast = (k: keyof Sampled, xs: Sampled[]) =>
    xs.length
      ? `first ${Number(xs[0]![k]).toFixed(1)}, last ${Number(xs.at(-1)![k]).toFixed(1)}`
      : 'no samples';
  for (const [name, m] of Object.entries(r.verdict?.metrics ?? {})) {
    const unit = UNITS[name] ?? '';
    const xs = m.kind === 'trend' ? r.samples : r.quiet;
    const byType = (s: Sampled | undefined) =>
      s
        ? Object.entries(s.resources)
            .map(([t, k]) => `${t} ${k}`)
            .join(', ')
        : '';
    rows.push({
      metric: 9,
      name: NAMES[name] ?? name,
      version: r.version,
      value: m.growth,
      unit,
      target: { op: '<=', value: Number(m.allowance.toFixed(1)) },
      pass: m.pass,
      detail: `${firstLast(name as keyof Sampled, xs)} (${m.n} ${m.kind === 'trend' ? 'samples after warm-up' : 'quiet samples'}); ${m.reason}${name === 'handles' ? `; baseline [${byType(r.quiet[0])}], final [${byType(r.quiet.at(-1))}]` : ''}`,
    });
  }
  const failedShare = r.journeys.failed / Math.max(1, r.journeys.ok + r.journeys.failed);
  rows.push({
    metric: 9,
    name: r.crashed ? 'soak (crashed)' : 'soak: device journeys gone wrong',
    version: r.version,
    value: failedShare * 100,
    unit: '%',
    target: { op: '<=', value: MAX_FAILED_JOURNEYS * 100 },
    pass: !r.crashed && r.waves >= 2 && failedShare <= MAX_FAILED_JOURNEYS,
    detail: `${r.waves} waves, ${r.journeys.ok} journeys ok, ${r.journeys.failed} failed; ${Object.entries(
      r.tally,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    ...(r.crashed ? { note: r.crashed.split('\n')[0]! } : {}),
  });
  return rows.map((x) => ({ ...x, load: r.samples.at(-1)?.load ?? os.loadavg()[0]! }));
}
