// The service panel tells the truth about who runs the gateway: through the browser host (the real
// core, the real panel in Chromium) against real gateways. A gateway Clawbar did not start gets no
// Stop or Restart, even in "Clawbar starts the gateway" mode; one Clawbar started itself does, and its
// Stop leaves nothing answering on the port and no process listening.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { sharedGateway, TestGateway, tempDir } from '../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../test/support/keyring.ts';
import { commandLineOf, listenerPids, processesWithEnv } from '../test/support/listeners.ts';
import { freePortRange } from '../test/support/ports.ts';
import { GATEWAY_VERSIONS, toolchain, type GatewayVersion } from '../test/support/toolchain.ts';
import { unstartedGateway } from '../test/support/waitingCore.ts';
import { devHostMissing, startDevHost, type RunningDevHost } from './support/browserHost.ts';

const missing = devHostMissing();

test.describe.configure({ mode: 'serial' });

let keyring: KeyringFixture | undefined;
const hosts: RunningDevHost[] = [];
/** Gateway homes Clawbar started gateways in: whatever still runs there is killed by PID at the end. */
const homes: string[] = [];
test.beforeAll(async () => {
  if (!missing) keyring = await startKeyring();
});
test.afterAll(async () => {
  for (const h of hosts) await h.stop();
  for (const configPath of homes)
    for (const pid of processesWithEnv('OPENCLAW_CONFIG_PATH', configPath)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  await keyring?.stop();
});

/** Clawbar in "start the gateway with Clawbar" mode (supervised), for the gateway home `gw`. */
async function clawbarThatStartsGateways(gw: TestGateway): Promise<RunningDevHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-service-panel-'));
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      gatewayUrl: gw.url,
      keepRunning: 'supervised',
      startGatewayWithClawbar: true,
      stopSupervisedOnQuit: true,
      openclawPath: toolchain().gateways[gw.version],
    }),
  );
  const h = await startDevHost({
    dataDir,
    env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: keyring!.busAddress },
  });
  hosts.push(h);
  return h;
}

/** First run as a person does it: import the token from OpenClaw's config, then open Settings. */
async function connectAndOpenSettings(page: Page, h: RunningDevHost, readyMs: number): Promise<void> {
  await page.goto(h.url);
  const setup = page.getByRole('region', { name: 'Set up Clawbar' });
  // While a gateway Clawbar started comes up, the setup may wait for it before offering the token.
  await expect(setup.getByRole('button', { name: 'Find the token in OpenClaw’s config' })).toBeVisible({
    timeout: readyMs,
  });
  await setup.getByRole('button', { name: 'Find the token in OpenClaw’s config' }).click();
  await setup
    .getByRole('region', { name: 'Token import preview' })
    .getByRole('button', { name: /Import this token|Run this command and import/ })
    .click();
  await expect(page.getByRole('banner', { name: 'Gateway status' })).toContainText('Connected', {
    timeout: readyMs,
  });
  await page.getByRole('tab', { name: 'Settings' }).click();
}

async function answersReadyz(gw: TestGateway): Promise<boolean> {
  try {
    const res = await fetch(`${gw.httpUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

for (const version of GATEWAY_VERSIONS) {
  test.describe(`a gateway Clawbar did not start, ${version}`, () => {
    test.skip(missing !== null, missing ?? '');
    test('no Stop or Restart, and it says someone else runs it', async ({ page }) => {
      const gw = await sharedGateway(version);
      const h = await clawbarThatStartsGateways(gw);
      await connectAndOpenSettings(page, h, 30_000);
      const panel = page.locator('.service');
      await expect(panel).toContainText('someone else', { timeout: 15_000 });
      await expect(panel).toContainText('Running');
      await expect(panel.getByRole('button', { name: 'Stop gateway' })).toHaveCount(0);
      await expect(panel.getByRole('button', { name: 'Restart gateway' })).toHaveCount(0);
      expect(await answersReadyz(gw), 'the gateway still answers').toBe(true);
    });
  });
}

// One version: starting and stopping a supervised gateway on both versions is covered by
// electron/core/service/supervised.test.ts and test/app/supervisedQuit.test.ts; this is the panel's path
// to it, and 2026.4.12 starts fastest.
const STARTED_VERSION: GatewayVersion = '2026.4.12';
test.describe(`a gateway Clawbar started, ${STARTED_VERSION}`, () => {
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(300_000);
  test('Stop and Restart are offered; Stop leaves nothing answering and nothing listening', async ({
    page,
  }) => {
    // A gateway home nobody runs: Clawbar starts `openclaw gateway run` for it.
    const gw = unstartedGateway(
      new TestGateway({
        version: STARTED_VERSION,
        dir: tempDir(`clawbar-service-panel-${STARTED_VERSION}-`),
        port: await freePortRange(),
        token: randomBytes(24).toString('base64url'),
      }),
    );
    homes.push(gw.configPath);
    const h = await clawbarThatStartsGateways(gw);
    await connectAndOpenSettings(page, h, 240_000);
    const panel = page.locator('.service');
    await expect(panel).toContainText('Clawbar (it started this gateway)', { timeout: 15_000 });
    await expect(panel.getByRole('button', { name: 'Restart gateway' })).toBeVisible();
    expect(listenerPids(gw.port)).toHaveLength(1);

    await panel.getByRole('button', { name: 'Stop gateway' }).click();
    // The panel re-checks after the action and shows the result.
    await expect(panel.getByRole('button', { name: 'Start gateway' })).toBeVisible({ timeout: 30_000 });
    await expect(panel).toContainText('nobody – no gateway is running');
    expect(await answersReadyz(gw), 'nothing answers /readyz after Stop').toBe(false);
    expect(listenerPids(gw.port), 'no process listens on the port after Stop').toEqual([]);
    // Clawbar itself (the host) runs with this home's environment; no gateway of it may be left.
    const gatewaysLeft = processesWithEnv('OPENCLAW_CONFIG_PATH', gw.configPath)
      .filter((pid) => pid !== h.child.pid)
      .map(commandLineOf)
      .filter((cmd) => /gateway/.test(cmd));
    expect(gatewaysLeft, 'no gateway process left').toEqual([]);
  });
});
