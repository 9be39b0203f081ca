// Sample statistics and the result rows every benchmark reports (value, target, verdict).

/** Nearest-rank percentile of `xs` (p in 0..100); NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(xs: readonly number[]): Summary {
  return {
    n: xs.length,
    min: xs.length ? Math.min(...xs) : Number.NaN,
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    p99: percentile(xs, 99),
    max: xs.length ? Math.max(...xs) : Number.NaN,
    mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN,
  };
}

export type Comparison = '<' | '<=' | '>=' | '==';

export interface Target {
  op: Comparison;
  value: number;
}

export interface Row {
  /** Which of the eight metrics (1–8); 9: the soak (npm run soak). */
  metric: number;
  name: string;
  /** Gateway version, when the metric is per version. */
  version?: string;
  value: number;
  unit: string;
  target?: Target;
  /** undefined when the metric has no target (informational). */
  pass?: boolean;
  /** Percentiles, sample count and other numbers behind the value. */
  detail?: string;
  note?: string;
  samples?: number[];
  /** 1-minute load average when the row was taken (the machine is shared: high = noisy numbers). */
  load?: number;
}

export function verdict(value: number, t: Target): boolean {
  if (!Number.isFinite(value)) return false;
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>=':
      return value >= t.value;
    case '==':
      return value === t.value;
  }
}

export function row(r: Omit<Row, 'pass'>): Row {
  return r.target ? { ...r, pass: verdict(r.value, r.target) } : r;
}

export function fmt(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return 'n/a';
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

/** "p50 3.1 / p95 5.0 / p99 7.2 ms (n=30)" */
export function describe(s: Summary, unit: string, keys: (keyof Summary)[] = ['p50', 'p95']): string {
  return `${keys.map((k) => `${k} ${fmt(s[k])}`).join(' / ')} ${unit} (n=${s.n})`;
}

/** A plain-text table: one line per row, columns padded. */
export function table(rows: readonly Row[]): string {
  const head = ['#', 'metric', 'gateway', 'value', 'target', 'verdict', 'load', 'detail'];
  const lines = rows.map((r) => [
    String(r.metric),
    r.name,
    r.version ?? '-',
    `${fmt(r.value)} ${r.unit}`,
    r.target ? `${r.target.op} ${r.target.value} ${r.unit}` : '-',
    r.pass === undefined ? 'info' : r.pass ? 'PASS' : 'MISS',
    r.load === undefined ? '-' : r.load.toFixed(1),
    [r.detail, r.note].filter(Boolean).join('; '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (i === 7 ? 0 : l[i]!.length))));
  const pad = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [pad(head), pad(widths.map((w) => '-'.repeat(w))), ...lines.map(pad)].join('\n');
}
