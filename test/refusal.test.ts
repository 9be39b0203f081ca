// Who said no (contract/refusal.ts): the tray and the panel headline a refusal by it, and the first-run
// rules use it, so neither blames the gateway for what happened on this Mac.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusalHeadline, refusedByKeychain, refusedLocally } from '../electron/core/contract/refusal.ts';
import { setupStep } from '../electron/core/contract/setupStep.ts';
import type { ConnectionState } from '../electron/core/contract/views.ts';

const url = 'ws://127.0.0.1:18789';
const refused = (code: string) =>
  ({ kind: 'auth-failed', url, code, message: 'x' }) satisfies ConnectionState;

test('each refusal is headlined by who made it', () => {
  assert.equal(refusalHeadline(refused('KEYCHAIN_UNAVAILABLE')), 'Clawbar cannot use the keychain');
  assert.match(refusalHeadline(refused('INSECURE_URL')), /^Clawbar refused an unencrypted connection/);
  assert.equal(refusalHeadline(refused('AUTH_TOKEN_MISMATCH')), "The gateway refused Clawbar's token");
  assert.equal(refusedLocally(refused('KEYCHAIN_UNAVAILABLE')), true);
  assert.equal(refusedLocally(refused('INSECURE_URL')), true);
  assert.equal(refusedLocally(refused('AUTH_TOKEN_MISMATCH')), false);
  assert.equal(refusedByKeychain(refused('KEYCHAIN_UNAVAILABLE')), true);
  assert.equal(refusedByKeychain({ kind: 'stopped' }), false);
});

test('a refusal by Clawbar itself on first run is a failure to fix, not the token step', () => {
  const secrets = { state: 'locked', tokenPresent: false, deviceTokenPresent: false } as const;
  assert.equal(
    setupStep({ connection: refused('KEYCHAIN_UNAVAILABLE'), secrets, firstRun: true }),
    undefined,
  );
  // Nor is an address Clawbar refused itself: no gateway was asked, so none "answers and wants a token".
  assert.equal(
    setupStep({ connection: refused('INSECURE_URL'), secrets: { ...secrets, state: 'ok' }, firstRun: true }),
    undefined,
  );
  assert.equal(
    setupStep({
      connection: refused('AUTH_TOKEN_MISSING'),
      secrets: { ...secrets, state: 'ok' },
      firstRun: true,
    }),
    'token',
  );
});
