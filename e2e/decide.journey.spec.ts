// Deciding safely through the browser host (the real core behind a loopback WebSocket, the real panel in
// Chromium) against a real gateway: the two safety settings are stored in settings.json and survive a
// reload (turning on unencrypted remote connections is confirmed by the core first), and approving a
// device that asks for full control asks a second time, naming what it grants. Screenshots of that
// confirmation (light and dark) are kept in test-results/screenshots/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TestDevice, type Retrier } from '../test/support/device.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../test/support/keyring.ts';
import { devHostMissing, startDevHost, type RunningDevHost } from './support/browserHost.ts';

const missing = devHostMissing();
if (missing) console.log(`[decide journey] skipped: ${missing}`);
/** 4.12 holds every scope upgrade for approval (9.6 may approve local ones by itself). */
const VERSION = '2026.4.12';
const SCREENSHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

test.describe.configure({ mode: 'serial' });

let keyring: KeyringFixture | undefined;
let gw: TestGateway;
let host: RunningDevHost;
let dataDir: string;
const retriers: Retrier[] = [];

test.beforeAll(async () => {
  if (missing) return;
  keyring = await startKeyring();
  gw = await sharedGateway(VERSION);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-decide-e2e-'));
  host = await startDevHost({ dataDir, env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: keyring.busAddress } });
});

test.afterAll(async () => {
  for (const r of retriers) await r.stop();
  await host?.stop();
  await keyring?.stop();
  await stopOwnedGateways();
});

/** What the core stored (settings.json in its data dir). */
function stored(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
}

/** Opens the panel; on the first run imports the gateway's token from OpenClaw's config, as a person would. */
async function openConnected(page: Page): Promise<void> {
  await page.goto(host.url);
  const setup = page.getByRole('region', { name: 'Set up Clawbar' });
  const status = page.getByRole('banner', { name: 'Gateway status' });
  await expect(setup.or(status.filter({ hasText: 'Connected' }))).toBeVisible({ timeout: 30_000 });
  if (await setup.isVisible()) {
    const urlField = setup.getByRole('textbox', { name: 'Gateway URL' });
    // The core may have read the address from OpenClaw's config already.
    if ((await urlField.isVisible()) && (await urlField.inputValue()) !== gw.url) {
      await urlField.fill(gw.url);
      await setup.getByRole('button', { name: 'Save URL' }).click();
    }
    await setup.getByRole('button', { name: 'Find the token in OpenClaw’s config' }).click();
    const preview = setup.getByRole('region', { name: 'Token import preview' });
    await preview.getByRole('button', { name: /Import this token|Run this command and import/ }).click();
  }
  await expect(status).toContainText('Connected', { timeout: 30_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

test('the safety settings are stored and survive a reload; unencrypted remote is confirmed first', async ({
  page,
}) => {
  test.skip(missing !== null, missing ?? '');
  await openConnected(page);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const every = page.getByRole('checkbox', { name: 'Confirm every approval' });
  const insecure = page.getByRole('checkbox', { name: /unencrypted connection to a gateway on another/ });
  await expect(every).toHaveAccessibleDescription(/Touch ID.*every approval/);
  await expect(insecure).toHaveAccessibleDescription(/ws:\/\/ address on another machine.*unencrypted/);
  await expect(every).not.toBeChecked();
  await expect(insecure).not.toBeChecked();

  // The box follows the stored setting: it shows checked once the core has saved it.
  await every.click();
  await expect(every).toBeChecked();
  expect(stored().confirmEveryApproval).toBe(true);

  // The core asks before it allows plain ws:// to another machine: Cancel stores nothing.
  const dialog = page.getByRole('dialog', { name: 'Allow unencrypted connections to a remote gateway?' });
  await insecure.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('your gateway token travels over the network unencrypted');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Nothing was changed: the change was not confirmed.')).toBeVisible();
  await expect(insecure).not.toBeChecked();
  expect(stored().allowInsecureRemote).toBe(false);
  await insecure.click();
  await dialog.getByRole('button', { name: 'Allow' }).click();
  await expect.poll(() => stored().allowInsecureRemote).toBe(true);
  await expect(insecure).toBeChecked();

  await page.reload();
  await expect(page.getByRole('banner', { name: 'Gateway status' })).toContainText('Connected', {
    timeout: 30_000,
  });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(every).toBeChecked();
  await expect(insecure).toBeChecked();

  // Off again: no question for turning a risk off.
  await insecure.click();
  await expect(insecure).not.toBeChecked();
  await every.click();
  await expect(every).not.toBeChecked();
  await expect
    .poll(() => [stored().allowInsecureRemote, stored().confirmEveryApproval])
    .toEqual([false, false]);
  await expect(dialog).toHaveCount(0);
});

test('approving full control asks a second time, naming what it grants; Cancel grants nothing', async ({
  page,
}) => {
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(180_000);
  const name = 'Build server in the basement rack number seven (staging, do not unplug)';
  const device = new TestDevice({ displayName: name, clientId: 'openclaw-macos', platform: 'darwin' });
  await openConnected(page);
  const first = await device.connect(gw, { scopes: ['operator.read'] });
  expect(first.ok, 'paired for reading').toBe(true);
  const retrier = device.retry(gw, {
    scopes: ['operator.read', 'operator.admin'],
    intervalMs: 500,
    untilStopped: true,
  });
  retriers.push(retrier);

  await page.getByRole('tab', { name: /Pending/ }).click();
  const card = page.locator(`article[data-item-key="device:${device.deviceId}"]`);
  await expect(card).toBeVisible({ timeout: 20_000 });
  const approve = card.getByRole('button', { name: 'Approve', exact: true });
  await expect(approve).not.toHaveAttribute('aria-disabled', 'true', { timeout: 10_000 });
  await approve.click();
  const dialog = page.getByRole('dialog', { name: /^Give “Build server.*” full control\?$/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('(operator.admin)');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `admin-confirm-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  // Both buttons fit inside the dialog, side by side at its end, the confirming one last.
  const box = (await dialog.boundingBox())!;
  const cancelBox = (await dialog.getByRole('button', { name: 'Cancel' }).boundingBox())!;
  const approveBox = (await dialog.getByRole('button', { name: 'Approve' }).boundingBox())!;
  expect(cancelBox.x).toBeGreaterThanOrEqual(box.x);
  expect(approveBox.x).toBeGreaterThan(cancelBox.x + cancelBox.width);
  expect(box.x + box.width - (approveBox.x + approveBox.width)).toBeLessThan(40);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(card).toBeVisible();
  const { json } = await gw.devices(['list']);
  const paired = (json as { paired?: { deviceId: string; scopes?: string[] }[] }).paired?.find(
    (d) => d.deviceId === device.deviceId,
  );
  expect(paired, 'still paired (for reading)').toBeDefined();
  expect(paired!.scopes ?? [], 'Cancel grants nothing').not.toContain('operator.admin');

  await approve.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  const connected = await retrier.untilConnected(30_000);
  expect(connected.ok, 'the device connects with full control once confirmed').toBe(true);
});
