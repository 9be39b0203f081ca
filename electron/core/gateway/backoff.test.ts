import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clampServerDelay,
  clampTickInterval,
  DEFAULT_RECONNECT_BACKOFF,
  DEFAULT_TICK_INTERVAL_MS,
  MAX_SERVER_DELAY_MS,
  MAX_TICK_INTERVAL_MS,
  MIN_TICK_INTERVAL_MS,
  retryDelay,
} from './backoff.ts';
import { MAX_PAIRING_WAKE_DELAY_MS, pairingWakeDelay } from './reconnect.ts';

const mid = () => 0.5;

test('a delay the gateway chose is clamped to [0, 5 min]; a missing one stays missing', () => {
  assert.equal(clampServerDelay(1500), 1500);
  assert.equal(clampServerDelay(0), 0);
  assert.equal(clampServerDelay(-250), 0);
  assert.equal(clampServerDelay(-Infinity), 0);
  assert.equal(clampServerDelay(1e12), MAX_SERVER_DELAY_MS);
  assert.equal(clampServerDelay(Infinity), MAX_SERVER_DELAY_MS);
  assert.equal(clampServerDelay(undefined), undefined);
  assert.equal(clampServerDelay(NaN), undefined);
});

test('the heartbeat interval is clamped to [1 s, 5 min], 30 s when absent or not finite', () => {
  assert.equal(clampTickInterval(30_000), 30_000);
  assert.equal(clampTickInterval(0), MIN_TICK_INTERVAL_MS);
  assert.equal(clampTickInterval(-5), MIN_TICK_INTERVAL_MS);
  assert.equal(clampTickInterval(1e12), MAX_TICK_INTERVAL_MS);
  assert.equal(clampTickInterval(undefined), DEFAULT_TICK_INTERVAL_MS);
  assert.equal(clampTickInterval(NaN), DEFAULT_TICK_INTERVAL_MS);
});

test('retryDelay: the backoff step without a request; a request is honoured on the first attempt', () => {
  assert.equal(retryDelay(null, 1, undefined, mid), 250);
  assert.equal(retryDelay(null, 3, undefined, mid), 1000);
  assert.equal(retryDelay(0, 1, undefined, mid), 0, 'one immediate retry (e.g. re-authenticate)');
  assert.equal(retryDelay(4000, 1, undefined, mid), 4000, 'an announced restart');
  assert.equal(retryDelay(1e12, 1, undefined, mid), MAX_SERVER_DELAY_MS);
  assert.equal(retryDelay(-1, 1, undefined, mid), 0);
});

test('retryDelay: repeated zeros or negatives still back off exponentially', () => {
  const zeros = [1, 2, 3, 4, 5, 6].map((a) => retryDelay(0, a, undefined, mid));
  assert.deepEqual(zeros, [0, 500, 1000, 2000, 4000, 8000]);
  const negatives = [1, 2, 3, 4].map((a) => retryDelay(-1e9, a, undefined, mid));
  assert.deepEqual(negatives, [0, 500, 1000, 2000]);
  // What ten seconds of "retry at once" comes to: a handful of attempts, not a tight loop.
  let t = 0;
  let attempts = 0;
  for (let a = 1; t < 10_000; a++) {
    attempts++;
    t += retryDelay(0, a, undefined, () => 0);
  }
  assert.ok(attempts <= 8, `${attempts} attempts in 10 s`);
});

test('a pairing-store wake backs off like a retry but never waits more than a second', () => {
  assert.equal(pairingWakeDelay(1, DEFAULT_RECONNECT_BACKOFF), 250);
  assert.equal(pairingWakeDelay(2, DEFAULT_RECONNECT_BACKOFF), 500);
  // Busy stores (2026.7+ writes one SQLite file for everything) must not push the next look to 30 s.
  for (const attempt of [3, 4, 10, 50]) {
    assert.equal(pairingWakeDelay(attempt, DEFAULT_RECONNECT_BACKOFF), MAX_PAIRING_WAKE_DELAY_MS);
  }
});
