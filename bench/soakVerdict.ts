// The soak's verdict (npm run soak), kept pure so it can be tested on made-up series: does what the
// core holds stay flat over a long run of requests coming and going, or does it grow?
//
// Two rules:
// - trend (memory: RSS, V8 heap after a forced GC), over the regular samples: the warm-up is dropped,
//   what is left is cut in thirds, and the median of the last third may exceed the median of the
//   first by at most the allowance (the larger of an absolute and a relative amount). A steady trend
//   is bounded too: the Theil–Sen slope (median of pairwise slopes, blind to single spikes) times the
//   judged span must stay within the same allowance. A one-off step after the warm-up counts in full:
//   within the allowance it passes, beyond it it fails, even when the series is flat afterwards (a
//   30-minute run cannot tell a cache that filled once from a leak that grows in bursts). A step
//   during the warm-up is not judged.
// - baseline (open handles, open fds, cards nobody expects), over the quiet samples taken when a wave
//   of requests is over and its devices are gone: the first quiet sample (before any wave) is the
//   baseline; the last quiet sample and the median of the last third must be back within baseline +
//   slack. A single wave that is slow to let go passes; a count that creeps up wave after wave fails.
import { median } from './stats.ts';

/** One sample: when (ms since the soak started) and the values taken then. */
export interface SoakPoint {
  t: number;
  values: Record<string, number>;
}

export type Rule = { kind: 'trend'; abs: number; rel: number } | { kind: 'baseline'; slack: number };

export interface MetricVerdict {
  pass: boolean;
  kind: Rule['kind'];
  /** trend: median of the first third after warm-up; baseline: the baseline. */
  first: number;
  /** trend: median of the last third; baseline: the last quiet sample. */
  last: number;
  /** How far above `first` the series ended up (trend: last-third median; baseline: worst of the two checks). */
  growth: number;
  allowance: number;
  /** trend only: Theil–Sen slope × judged span, in the series' unit. */
  trend?: number;
  n: number;
  reason: string;
}

export interface SoakVerdict {
  pass: boolean;
  metrics: Record<string, MetricVerdict>;
}

/** What `npm run soak` judges, and how much it lets each one move. */
export const SOAK_RULES: Record<string, Rule> = {
  rssMb: { kind: 'trend', abs: 12, rel: 0.15 },
  heapMb: { kind: 'trend', abs: 3, rel: 0.15 },
  handles: { kind: 'baseline', slack: 2 },
  fds: { kind: 'baseline', slack: 2 },
  strayCards: { kind: 'baseline', slack: 1 },
};

/** Fewest judged samples a trend needs (after the warm-up); fewer fails: flatness is not shown. */
export const MIN_TREND_SAMPLES = 6;

/** Theil–Sen estimator: the median of the slopes between every pair of points (per ms). */
export function theilSen(points: readonly { t: number; v: number }[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j]!.t - points[i]!.t;
      if (dt !== 0) slopes.push((points[j]!.v - points[i]!.v) / dt);
    }
  return slopes.length ? median(slopes) : 0;
}

function thirds<T>(xs: readonly T[]): { head: T[]; tail: T[] } {
  const k = Math.max(1, Math.floor(xs.length / 3));
  return { head: xs.slice(0, k), tail: xs.slice(xs.length - k) };
}

export function judgeTrend(
  series: readonly { t: number; v: number }[],
  rule: { abs: number; rel: number },
  warmupMs: number,
): MetricVerdict {
  const judged = series.filter((p) => p.t >= warmupMs && Number.isFinite(p.v));
  const n = judged.length;
  if (n < MIN_TREND_SAMPLES) {
    return {
      pass: false,
      kind: 'trend',
      first: Number.NaN,
      last: Number.NaN,
      growth: Number.NaN,
      allowance: Number.NaN,
      n,
      reason: `${n} samples after the warm-up; at least ${MIN_TREND_SAMPLES} are needed`,
    };
  }
  const { head, tail } = thirds(judged);
  const first = median(head.map((p) => p.v));
  const last = median(tail.map((p) => p.v));
  const growth = last - first;
  const allowance = Math.max(rule.abs, rule.rel * Math.abs(first));
  const trend = theilSen(judged) * (judged[n - 1]!.t - judged[0]!.t);
  const grew = growth > allowance;
  const trending = trend > allowance;
  return {
    pass: !grew && !trending,
    kind: 'trend',
    first,
    last,
    growth,
    allowance,
    trend,
    n,
    reason: grew
      ? `last third ${fmt(last)} vs first ${fmt(first)}: +${fmt(growth)} > ${fmt(allowance)}`
      : trending
        ? `steady trend of +${fmt(trend)} over the run > ${fmt(allowance)}`
        : `flat: ${growth >= 0 ? '+' : ''}${fmt(growth)} (trend ${fmt(trend)}) within ${fmt(allowance)}`,
  };
}

export function judgeBaseline(
  quiet: readonly { t: number; v: number }[],
  rule: { slack: number },
): MetricVerdict {
  const points = quiet.filter((p) => Number.isFinite(p.v));
  const n = points.length;
  if (n < 3) {
    return {
      pass: false,
      kind: 'baseline',
      first: points[0]?.v ?? Number.NaN,
      last: points.at(-1)?.v ?? Number.NaN,
      growth: Number.NaN,
      allowance: rule.slack,
      n,
      reason: `${n} quiet samples; a baseline and at least 2 more are needed`,
    };
  }
  const baseline = points[0]!.v;
  const after = points.slice(1);
  const last = after.at(-1)!.v;
  const lastThird = median(thirds(after).tail.map((p) => p.v));
  const growth = Math.max(last, lastThird) - baseline;
  const pass = growth <= rule.slack;
  return {
    pass,
    kind: 'baseline',
    first: baseline,
    last,
    growth,
    allowance: rule.slack,
    n,
    reason: pass
      ? `back to baseline ${baseline} (last ${last}, last-third median ${lastThird}, slack ${rule.slack})`
      : `does not return to baseline ${baseline}: last ${last}, last-third median ${lastThird} (slack ${rule.slack})`,
  };
}

/**
 * Judges every metric that has a rule: trend rules on the regular `samples`, baseline rules on the
 * `quiet` ones. A metric with a rule but no values fails.
 */
export function judgeSoak(
  samples: readonly SoakPoint[],
  quiet: readonly SoakPoint[],
  o: { warmupMs: number; rules?: Record<string, Rule> },
): SoakVerdict {
  const metrics: Record<string, MetricVerdict> = {};
  for (const [name, rule] of Object.entries(o.rules ?? SOAK_RULES)) {
    const from = rule.kind === 'trend' ? samples : quiet;
    const series = from
      .filter((p) => p.values[name] !== undefined)
      .map((p) => ({ t: p.t, v: p.values[name]! }));
    metrics[name] =
      rule.kind === 'trend' ? judgeTrend(series, rule, o.warmupMs) : judgeBaseline(series, rule);
  }
  return { pass: Object.values(metrics).every((m) => m.pass), metrics };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1);
}
