import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_RECONNECT_BACKOFF } from './backoff.ts';
import { decide } from './failure.ts';

const ctx = { url: 'ws://127.0.0.1:18789', deviceId: 'dev1', attempt: 3, now: 1000, authRetried: false };

test('backoff starts at 250 ms, doubles, caps at 30 s, jitter stays within ±20 %', () => {
  assert.equal(
    backoffDelay(1, DEFAULT_RECONNECT_BACKOFF, () => 0.5),
    250,
  );
  assert.equal(
    backoffDelay(2, DEFAULT_RECONNECT_BACKOFF, () => 0.5),
    500,
  );
  assert.equal(
    backoffDelay(20, DEFAULT_RECONNECT_BACKOFF, () => 0.5),
    30_000,
  );
  assert.equal(
    backoffDelay(20, DEFAULT_RECONNECT_BACKOFF, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(1, DEFAULT_RECONNECT_BACKOFF, () => 0),
    200,
  );
  assert.equal(
    backoffDelay(1, DEFAULT_RECONNECT_BACKOFF, () => 1),
    300,
  );
});

test('pairing required: needs-pairing with the requestId from details and no retry loop', () => {
  const d = decide(
    {
      kind: 'connect-error',
      error: {
        code: 'NOT_PAIRED',
        message: 'pairing required',
        details: { code: 'PAIRING_REQUIRED', reason: 'scope-upgrade', requestId: 'r-1' },
      },
    },
    ctx,
  );
  assert.deepEqual(d.next, { type: 'wait' });
  assert.equal(d.state.kind, 'needs-pairing');
  assert.ok(
    d.state.kind === 'needs-pairing' &&
      d.state.requestId === 'r-1' &&
      d.state.command === 'openclaw devices approve r-1',
  );
});

test('auth failure: the detail code and next step, one more try, then wait', () => {
  const err = {
    code: 'INVALID_REQUEST',
    message: 'unauthorized',
    details: { code: 'AUTH_TOKEN_MISMATCH', recommendedNextStep: 'update_auth_credentials' },
  };
  const first = decide({ kind: 'connect-error', error: err }, ctx);
  assert.deepEqual(first.next, { type: 'retry-once' });
  assert.ok(
    first.state.kind === 'auth-failed' &&
      first.state.code === 'AUTH_TOKEN_MISMATCH' &&
      first.state.nextStep === 'update_auth_credentials',
  );
  assert.deepEqual(decide({ kind: 'connect-error', error: err }, { ...ctx, authRetried: true }).next, {
    type: 'wait',
  });
  const limited = { ...err, details: { code: 'AUTH_RATE_LIMITED' } };
  assert.deepEqual(decide({ kind: 'connect-error', error: limited }, ctx).next, { type: 'wait' });
  // A locked keychain: the retry would read it again (test/faults/core.test.ts shows it end to end).
  const keychain = {
    code: 'KEYCHAIN_UNAVAILABLE',
    message: 'locked',
    details: { code: 'KEYCHAIN_UNAVAILABLE' },
  };
  assert.deepEqual(decide({ kind: 'connect-error', error: keychain }, ctx).next, { type: 'wait' });
});

test('1013 / UNAVAILABLE honours retryAfterMs; 1012 honours restartExpectedMs; 4001 re-authenticates at once', () => {
  const starting = decide(
    {
      kind: 'connect-error',
      error: { code: 'UNAVAILABLE', message: 'starting', retryable: true, retryAfterMs: 1500 },
    },
    ctx,
  );
  assert.deepEqual(starting.next, { type: 'retry', delayMs: 1500 });
  assert.deepEqual(
    decide({ kind: 'closed', code: 1012, reason: 'service restart', restartExpectedMs: 4000 }, ctx).next,
    {
      type: 'retry',
      delayMs: 4000,
    },
  );
  assert.deepEqual(decide({ kind: 'closed', code: 4001, reason: 'device removed' }, ctx).next, {
    type: 'retry',
    delayMs: 0,
  });
  assert.equal(decide({ kind: 'closed', code: 1002, reason: '' }, ctx).state.kind, 'protocol-mismatch');
  assert.equal(decide({ kind: 'refused', message: 'ECONNREFUSED' }, ctx).state.kind, 'gateway-down');
});
