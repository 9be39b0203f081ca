// Issue #15, on the whole core with the real Secret Service and a real 2026.4.12 gateway: a token
// imported from the gateway's config is kept for that gateway's address (A) and never sent to another
// address (B), even one that reaches the very same gateway (ws://localhost:<port> for
// ws://127.0.0.1:<port>), so sending it there would connect. The user is told so in plain words, and back
// at A the token is used again.
import { testCore } from '../../../test/support/testCore.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreSuite, sleep } from '../../../test/support/coreSuite.ts';
import { sharedGateway } from '../../../test/support/gateway.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { SecretStore } from '../secrets/secretStore.ts';
import type { ClawbarCore } from './types.ts';

const { keyring } = coreSuite();

async function connectedTo(core: ClawbarCore, url: string, what: string): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const s = await core.getState();
      last = JSON.stringify({ url: s.settings.gatewayUrl, connection: s.connection, secrets: s.secrets });
      return s.connection.kind === 'connected' && s.settings.gatewayUrl === url;
    },
    60_000, // the first connection of a run can be slow on two loaded cores
    what,
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}; last state ${last}`);
  });
}

test('an imported token is sent only to the gateway address it was imported for', async () => {
  const gw = await sharedGateway(GATEWAY_VERSIONS[0]!);
  const kr = keyring();
  const A = gw.url;
  const B = A.replace('127.0.0.1', 'localhost');
  assert.notEqual(A, B);
  const { core, keychainService } = testCore(gw, kr, { name: 'binding', settings: { gatewayUrl: A } });
  // A gateway address on another host is confirmed in the main process; this test says yes.
  core.on('confirm', (p) => void core.answerConfirm(p.id, true));
  const store = new SecretStore({ service: keychainService });
  try {
    await core.start();
    const imported = await core.importToken(null);
    assert.ok(imported.ok, JSON.stringify(imported));
    await connectedTo(core, A, `connected to A with the imported token (${JSON.stringify(imported)})`);
    assert.equal(await store.getToken(A), gw.token, 'the token is kept for A');
    assert.equal((await core.getState()).secrets.tokenSource, 'config');

    // To B: the token stays with A, and the user is told.
    const toB = await core.updateSettings({ gatewayUrl: B });
    assert.ok(toB.ok, JSON.stringify(toB));
    assert.equal(
      toB.message,
      `No gateway token is saved for ${B}, so Clawbar sends none there. The token imported from the OpenClaw config for ${A} is only ever sent to ${A}. If the gateway at ${B} needs a token, type or import one for it.`,
    );
    const atB = await waitFor(
      async () => {
        const s = await core.getState();
        assert.notEqual(s.connection.kind, 'connected', 'connected at B: the token for A was sent there');
        return s.connection.kind === 'auth-failed' || s.connection.kind === 'needs-pairing' ? s : undefined;
      },
      30_000,
      'the gateway at B refuses a client without a token',
    );
    assert.equal(atB.settings.gatewayUrl, B);
    assert.equal(atB.secrets.tokenPresent, false, 'the panel shows no token for B');
    assert.equal(await store.getToken(B), null, 'nothing was stored for B');
    await sleep(1500);
    assert.notEqual((await core.getState()).connection.kind, 'connected', 'never connected at B');

    // Importing again while set to B: still stored for A only, and said so.
    const again = await core.importToken(null);
    assert.ok(again.ok, JSON.stringify(again));
    assert.match(again.message ?? '', /set to another gateway, so it does not use this token there/);
    assert.equal(await store.getToken(B), null);
    await sleep(1500);
    assert.notEqual((await core.getState()).connection.kind, 'connected', 'still not connected at B');

    // Back to A: the token is used again.
    const toA = await core.updateSettings({ gatewayUrl: A });
    assert.ok(toA.ok, JSON.stringify(toA));
    assert.equal(toA.message, undefined, 'nothing to warn about');
    await connectedTo(core, A, 'connected to A again with its token');
    const s = await core.getState();
    assert.deepEqual([s.secrets.tokenPresent, s.secrets.tokenSource], [true, 'config']);
  } finally {
    await core.dispose();
    await store.forgetToken(A).catch(() => undefined);
  }
});
