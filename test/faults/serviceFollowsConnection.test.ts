// Issue #14, "live, truthful service status": the whole core against a real 2026.4.12 gateway of this
// file's own (it is stopped and started again). Without anyone pressing "Check for problems", the
// state's service view says the gateway is gone once Clawbar loses it, and running again once Clawbar
// is back on it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import type { AppState } from '../../electron/core/contract/views.ts';
import { startGateway, stopOwnedGateways, type TestGateway } from '../support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import { startWaitingCore } from '../support/waitingCore.ts';

const cleanups: (() => Promise<void>)[] = [];
let kr: KeyringFixture;
let gw: TestGateway;
before(async () => {
  kr = await startKeyring();
  gw = await startGateway({ version: '2026.4.12' });
});
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await kr?.stop();
  await stopOwnedGateways();
});

async function stateWhere(
  core: ClawbarCore,
  pred: (s: AppState) => boolean,
  timeoutMs: number,
  what: string,
): Promise<AppState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await core.getState();
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify({ connection: s.connection.kind, service: s.service.detail })}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the service view follows the gateway going away and coming back, unasked', async () => {
  // The waiting core, not coreRig: its first connection gets the 60 s below, more than coreRig waits.
  const { core } = await startWaitingCore(gw, kr);
  cleanups.push(() => core.dispose());
  await stateWhere(
    core,
    (s) => s.connection.kind === 'connected' && s.service.running,
    60_000,
    'connected, the service running',
  );

  await gw.stop();
  const gone = await stateWhere(
    core,
    (s) => s.connection.kind !== 'connected' && !s.service.running,
    60_000,
    'the service view to say the gateway is gone',
  );
  assert.match(gone.service.detail, new RegExp(`no gateway on port ${gw.port}`));

  await gw.start();
  // Clawbar reconnects by itself (its backoff); the service view must follow without a doctor run.
  const back = await stateWhere(
    core,
    (s) => s.connection.kind === 'connected' && s.service.running,
    120_000,
    'the service view to say the gateway runs again',
  );
  assert.match(back.service.detail, new RegExp(`gateway (ready|starting) on port ${gw.port}`));
});
