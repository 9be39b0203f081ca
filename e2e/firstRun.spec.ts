// First run never dead-ends: through the browser host (the real core, the real panel in Chromium)
// against both real gateways, each mistake a new user makes leaves one obvious next step on the same
// screen, and a step is marked done only when the gateway proved it. Nothing is red before the person
// has done anything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { freePortRange } from '../test/support/ports.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../test/support/keyring.ts';
import { GATEWAY_VERSIONS, toolchain } from '../test/support/toolchain.ts';
import { devHostMissing, startDevHost, type RunningDevHost } from './support/browserHost.ts';

const missing = devHostMissing();

test.describe.configure({ mode: 'serial' });

let keyring: KeyringFixture | undefined;
test.beforeAll(async () => {
  if (!missing) keyring = await startKeyring();
});
test.afterAll(async () => {
  await keyring?.stop();
  await stopOwnedGateways();
});

/** A browser host on a fresh data dir (optionally with settings written first). */
async function host(
  env: Record<string, string>,
  settings?: Record<string, unknown>,
): Promise<RunningDevHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-first-run-'));
  if (settings) fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  return startDevHost({ dataDir, env: { ...env, DBUS_SESSION_BUS_ADDRESS: keyring!.busAddress } });
}

/** The step as the list shows it: its state is in the heading (done, to do now, later). */
const step = (page: Page, title: string) =>
  page.getByRole('region', { name: 'Set up Clawbar' }).locator('li.step', { hasText: title });

async function nothingRed(page: Page): Promise<void> {
  await expect(page.getByRole('banner', { name: 'Gateway status' })).not.toHaveClass(/status-error/);
  await expect(page.locator('.tone-error')).toHaveCount(0);
}

async function connected(page: Page): Promise<void> {
  await expect(page.getByRole('banner', { name: 'Gateway status' })).toContainText('Connected', {
    timeout: 30_000,
  });
}

for (const version of GATEWAY_VERSIONS) {
  test.describe(`first run against gateway ${version}`, () => {
    test.skip(missing !== null, missing ?? '');
    let gw: TestGateway;
    const hosts: RunningDevHost[] = [];
    test.beforeAll(async () => {
      gw = await sharedGateway(version);
    });
    test.afterAll(async () => {
      for (const h of hosts) await h.stop();
    });

    test('a wrong token: edit it on the same screen, then connected', async ({ page }) => {
      const h = await host(gw.env());
      hosts.push(h);
      await page.goto(h.url);
      const token = step(page, 'Give Clawbar the gateway token');
      await expect(token).toBeVisible({ timeout: 30_000 });
      // A missing token on first run is a step, not a failure.
      await expect(token).toHaveClass(/step-current/, { timeout: 30_000 });
      await nothingRed(page);
      // A menu-bar app has no Dock icon: the first screen says where Clawbar lives.
      await expect(page.getByText(/lives in the menu bar at the top right/)).toBeVisible();

      await token.getByLabel('Gateway token').fill(`${gw.token}-wrong`);
      await token.getByRole('button', { name: 'Save token' }).click();
      // Saved is not proven: the gateway refuses it, and the step says what to do, right there.
      await expect(token).toContainText('did not accept the stored token', { timeout: 30_000 });
      await expect(token).toHaveClass(/step-current/);
      await token.getByLabel('New gateway token').fill(gw.token);
      await token.getByRole('button', { name: 'Replace token' }).click();
      await connected(page);
    });

    test('a wrong URL: corrected on the same screen, then the gateway is found', async ({ page }) => {
      const wrong = `ws://127.0.0.1:${await freePortRange(1)}`;
      const h = await host(gw.env(), { gatewayUrl: wrong });
      hosts.push(h);
      await page.goto(h.url);
      const find = step(page, 'Find your gateway');
      await expect(find).toHaveClass(/step-current/, { timeout: 30_000 });
      const url = find.getByRole('textbox', { name: 'Gateway URL' });
      await expect(url).toHaveValue(wrong);
      await url.fill(gw.url);
      await find.getByRole('button', { name: 'Save URL' }).click();
      // Found (the step is done), or, with the token this keychain already holds for that address
      // (an earlier journey's), connected at once and past the setup.
      await expect(async () => {
        const cls =
          (await find.count()) === 0 ? 'step-done' : await find.getAttribute('class', { timeout: 1000 });
        expect(cls).toMatch(/step-done/);
      }).toPass({ timeout: 30_000 });
      const token = step(page, 'Give Clawbar the gateway token');
      if ((await token.getByLabel('Gateway token').count()) > 0) {
        await token.getByLabel('Gateway token').fill(gw.token);
        await token.getByRole('button', { name: 'Save token' }).click();
      }
      await connected(page);
    });

    test('no OpenClaw found: set its path, then it is found', async ({ page }) => {
      // No config and a PATH without openclaw: nothing answers at the default address either.
      const env = {
        ...gw.env(),
        // Node is installed, OpenClaw is not (its `#!/usr/bin/env node` needs Node on the PATH).
        PATH: `${path.dirname(toolchain().node)}:/usr/bin:/bin`,
        OPENCLAW_CONFIG_PATH: path.join(os.tmpdir(), 'none.json'),
      };
      const h = await host(env);
      hosts.push(h);
      await page.goto(h.url);
      const find = step(page, 'Find your gateway');
      await expect(find).toContainText('could not find OpenClaw', { timeout: 30_000 });
      await nothingRed(page);
      await find.getByLabel('Path to the openclaw program').fill(toolchain().gateways[version]);
      await find.getByRole('button', { name: 'Use this path' }).click();
      // Choosing what Clawbar runs is confirmed first.
      await page.getByRole('dialog').getByRole('button', { name: 'Use it' }).click();
      await expect(find).not.toContainText('could not find OpenClaw', { timeout: 30_000 });
      await expect(find).toContainText(version, { timeout: 30_000 });
    });
  });
}

test.describe('first run with the keychain locked', () => {
  test.skip(missing !== null, missing ?? '');
  const hosts: RunningDevHost[] = [];
  test.afterAll(async () => {
    for (const h of hosts) await h.stop();
    if (keyring && (await keyring.isLocked())) await keyring.unlock();
  });

  test('said on the same screen with its one next step; unlocked, Try again leads to the token step', async ({
    page,
  }) => {
    // The keychain matters before any gateway does: one version is enough.
    const gw = await sharedGateway('2026.4.12');
    await keyring!.lock();
    const h = await host(gw.env());
    hosts.push(h);
    await page.goto(h.url);
    const blocker = page
      .getByRole('region', { name: 'Set up Clawbar' })
      .getByRole('alert')
      .filter({ hasText: 'Clawbar cannot use the keychain' });
    await expect(blocker).toBeVisible({ timeout: 30_000 });
    await expect(blocker).toContainText('The keychain is locked');
    await expect(blocker).toContainText('then try again');
    // Plain words: what the keychain library said is only in the small details line.
    await expect(blocker.locator('.plain').first()).not.toContainText(/dismissed|DBus|Platform failure/i);
    // The header names the keychain too, not "not connected" or the gateway.
    await expect(page.getByRole('banner', { name: 'Gateway status' })).toContainText(
      'Clawbar cannot use the keychain',
    );
    // The steps below do not send the person to the address: the gateway is not the problem.
    await expect(step(page, 'Find your gateway')).not.toContainText('Check the address below');

    // Trying again while it is still locked says so; it does not report "done".
    await blocker.getByRole('button', { name: 'Try again', exact: true }).click();
    await expect(blocker).toContainText('still cannot use the keychain', { timeout: 10_000 });
    await expect(blocker).not.toContainText('done');

    await keyring!.unlock();
    await blocker.getByRole('button', { name: 'Try again', exact: true }).click();
    await expect(blocker).toHaveCount(0, { timeout: 30_000 });
    // Past the keychain: the token step, or (the keychain already holds a token for this gateway from
    // an earlier test in this file) connected at once.
    const banner = page.getByRole('banner', { name: 'Gateway status' });
    await expect(async () => {
      const token = step(page, 'Give Clawbar the gateway token');
      const onToken =
        (await token.count()) > 0 && /step-current/.test((await token.getAttribute('class')) ?? '');
      expect(onToken || /Connected/.test(await banner.innerText())).toBe(true);
    }).toPass({ timeout: 30_000 });
    // Nothing still says the keychain is unusable (the panel's view of it was read again).
    await expect(page.getByText(/cannot use the keychain|Keychain: locked/)).toHaveCount(0);
  });
});
