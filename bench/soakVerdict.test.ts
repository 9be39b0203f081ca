// The soak verdict on made-up series: flat with noise passes, leaks (steady, slow, stepwise, creeping
// handles) fail, a one-off step is judged by its size and by whether it came after the warm-up.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeBaseline, judgeSoak, judgeTrend, theilSen, type SoakPoint } from './soakVerdict.ts';

const MIN = 60_000;
/** 90 samples 20 s apart (a 30-minute soak), value f(minute), with deterministic noise. */
function series(f: (minute: number, i: number) => number, n = 90, stepMs = 20_000) {
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5; // −0.5 … 0.5
  };
  return Array.from({ length: n }, (_, i) => ({ t: i * stepMs, v: f((i * stepMs) / MIN, i) + noise() }));
}
const rss = { abs: 12, rel: 0.15 };
const heap = { abs: 3, rel: 0.15 };
const warmupMs = 6 * MIN;

describe('trend rule (memory)', () => {
  test('flat with noise passes', () => {
    const v = judgeTrend(
      series((_m, i) => 90 + 8 * Math.sin(i)),
      rss,
      warmupMs,
    );
    assert.ok(v.pass, v.reason);
    assert.ok(Math.abs(v.growth) < 3);
  });

  test('warm-up growth is not judged', () => {
    const v = judgeTrend(
      series((m) => (m < 5 ? 60 + 6 * m : 90)),
      rss,
      warmupMs,
    );
    assert.ok(v.pass, v.reason);
  });

  test('a steady leak (1 MB/min of heap) fails', () => {
    const v = judgeTrend(
      series((m) => 20 + m),
      heap,
      warmupMs,
    );
    assert.equal(v.pass, false);
    assert.match(v.reason, /last third/);
    assert.ok(v.growth > 10);
  });

  test('a slow leak the thirds let through is caught by the slope bound', () => {
    // 4.3 MB over the judged 23.7 min: the thirds' medians differ by ~2.9 MB (< 3), the trend is ~4.3.
    const v = judgeTrend(
      series((m) => 20 + 0.18 * m, 90),
      heap,
      warmupMs,
    );
    assert.equal(v.pass, false, v.reason);
    assert.ok(v.growth <= v.allowance, `thirds alone pass: ${v.growth}`);
    assert.match(v.reason, /steady trend/);
  });

  test('a one-off step within the allowance after warm-up passes', () => {
    const v = judgeTrend(
      series((m) => (m < 15 ? 90 : 98)),
      rss,
      warmupMs,
    );
    assert.ok(v.pass, v.reason);
  });

  test('a one-off step beyond the allowance after warm-up fails, flat afterwards or not', () => {
    const v = judgeTrend(
      series((m) => (m < 15 ? 90 : 120)),
      rss,
      warmupMs,
    );
    assert.equal(v.pass, false);
    assert.ok(v.growth > 25);
  });

  test('the same large step during the warm-up passes', () => {
    const v = judgeTrend(
      series((m) => (m < 4 ? 90 : 120)),
      rss,
      warmupMs,
    );
    assert.ok(v.pass, v.reason);
  });

  test('a single spike does not fail a flat series', () => {
    const v = judgeTrend(
      series((_m, i) => (i === 85 ? 300 : 90)),
      rss,
      warmupMs,
    );
    assert.ok(v.pass, v.reason);
  });

  test('too few samples after the warm-up fail (flatness not shown)', () => {
    const v = judgeTrend(
      series(() => 90, 20),
      rss,
      warmupMs,
    );
    assert.equal(v.pass, false);
    assert.match(v.reason, /at least/);
  });

  test('the allowance is relative for large values', () => {
    const v = judgeTrend(
      series((m) => (m < 15 ? 200 : 225)),
      rss,
      warmupMs,
    );
    assert.ok(Math.abs(v.allowance - 30) < 0.5, `15 % of ~200: ${v.allowance}`);
    assert.ok(v.pass, v.reason);
  });

  test('Theil–Sen slope of a line with one wild point', () => {
    const pts = Array.from({ length: 10 }, (_, i) => ({ t: i, v: 2 * i }));
    pts[5] = { t: 5, v: 1000 };
    assert.equal(theilSen(pts), 2);
  });
});

describe('baseline rule (handles, fds)', () => {
  const quiet = (vs: number[]) => vs.map((v, i) => ({ t: i * MIN, v }));

  test('back to baseline after every wave passes', () => {
    const v = judgeBaseline(quiet([12, 13, 12, 14, 12, 12, 13, 12, 12]), { slack: 2 });
    assert.ok(v.pass, v.reason);
  });

  test('one wave slow to let go passes', () => {
    const v = judgeBaseline(quiet([12, 12, 19, 12, 12, 12, 12, 12, 12]), { slack: 2 });
    assert.ok(v.pass, v.reason);
  });

  test('one handle more per wave fails', () => {
    const v = judgeBaseline(quiet([12, 13, 14, 15, 16, 17, 18, 19, 20]), { slack: 2 });
    assert.equal(v.pass, false);
    assert.equal(v.growth, 8);
  });

  test('a last sample still above the baseline fails even after flat waves', () => {
    const v = judgeBaseline(quiet([12, 12, 12, 12, 12, 12, 12, 12, 16]), { slack: 2 });
    assert.equal(v.pass, false);
    assert.equal(v.last, 16);
  });

  test('a one-off step that stays is judged by its size against the slack', () => {
    assert.ok(judgeBaseline(quiet([12, 12, 14, 14, 14, 14, 14]), { slack: 2 }).pass);
    assert.equal(judgeBaseline(quiet([12, 12, 15, 15, 15, 15, 15]), { slack: 2 }).pass, false);
  });

  test('too few quiet samples fail', () => {
    assert.equal(judgeBaseline(quiet([12, 12]), { slack: 2 }).pass, false);
  });
});

describe('judgeSoak', () => {
  const point = (t: number, values: Record<string, number>): SoakPoint => ({ t, values });
  const flat = Array.from({ length: 30 }, (_, i) => point(i * 20_000, { rssMb: 90, heapMb: 15 }));
  const quietFlat = Array.from({ length: 8 }, (_, i) =>
    point(i * 60_000, { handles: 5, fds: 22, strayCards: 0 }),
  );

  test('all flat: pass, every rule judged', () => {
    const v = judgeSoak(flat, quietFlat, { warmupMs: 60_000 });
    assert.ok(v.pass, JSON.stringify(v));
    assert.deepEqual(Object.keys(v.metrics).sort(), ['fds', 'handles', 'heapMb', 'rssMb', 'strayCards']);
  });

  test('one growing metric fails the whole verdict', () => {
    const quiet = quietFlat.map((p, i) => point(p.t, { ...p.values, fds: 22 + i }));
    const v = judgeSoak(flat, quiet, { warmupMs: 60_000 });
    assert.equal(v.pass, false);
    assert.equal(v.metrics.fds!.pass, false);
    assert.ok(v.metrics.handles!.pass);
  });

  test('a metric with a rule but no values fails', () => {
    const v = judgeSoak(
      flat.map((p) => point(p.t, { rssMb: p.values.rssMb! })),
      quietFlat,
      { warmupMs: 60_000 },
    );
    assert.equal(v.pass, false);
    assert.equal(v.metrics.heapMb!.pass, false);
  });
});
