// Exec and plugin approvals in the real panel, through the browser host (the real core behind a
// loopback WebSocket) against a real gateway: a test client with operator.approvals files an exec and a
// plugin approval, both show as cards with exactly their allowed decisions, Deny on the exec card reaches
// the requester, a long command wraps and scrolls inside its card, the decisions read plainly in History,
// and screenshots (light and dark) are kept in test-results/screenshots/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ApprovalRequester } from '../test/support/approvalRequester.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../test/support/keyring.ts';
import { devHostMissing, startDevHost, type RunningDevHost } from './support/browserHost.ts';

const missing = devHostMissing();
const VERSION = '2026.9.6';
const SCREENSHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

test.describe.configure({ mode: 'serial' });

let keyring: KeyringFixture | undefined;
let gw: TestGateway;
let host: RunningDevHost;
let requester: ApprovalRequester | undefined;

test.beforeAll(async () => {
  if (missing) return;
  keyring = await startKeyring();
  gw = await sharedGateway(VERSION);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-approvals-e2e-'));
  host = await startDevHost({ dataDir, env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: keyring.busAddress } });
});

test.afterAll(async () => {
  await requester?.close();
  await host?.stop();
  await keyring?.stop();
  await stopOwnedGateways();
});

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** First run: import the gateway's token from OpenClaw's config, as a person would. */
async function connect(page: Page): Promise<void> {
  const setup = page.getByRole('region', { name: 'Set up Clawbar' });
  await expect(setup).toBeVisible({ timeout: 30_000 });
  const urlField = setup.getByRole('textbox', { name: 'Gateway URL' });
  if (await urlField.isVisible()) {
    await urlField.fill(gw.url);
    await setup.getByRole('button', { name: 'Save URL' }).click();
  }
  await setup.getByRole('button', { name: 'Find the token in OpenClaw’s config' }).click();
  const preview = setup.getByRole('region', { name: 'Token import preview' });
  await preview.getByRole('button', { name: /Import this token|Run this command and import/ }).click();
  await expect(page.getByRole('banner', { name: 'Gateway status' })).toContainText('Connected', {
    timeout: 30_000,
  });
}

test('an exec and a plugin card, decided from the panel; light and dark screenshots', async ({ page }) => {
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(240_000);
  await page.goto(host.url);
  await connect(page);
  requester = await ApprovalRequester.connect(gw, { displayName: 'E2E agent' });
  const exec = await requester.requestExec({
    command: 'npm run deploy -- --target prod \u001b[31mred\u001b[0m \u202Etxt.sh',
    cwd: '/work/app',
    agentId: 'main',
    sessionKey: 'agent:main:main',
    resolvedPath: '/usr/bin/npm',
    warningText: 'Deploys to production',
  });
  const plugin = await requester.requestPlugin({
    pluginId: 'mailer',
    title: 'Send weekly report',
    description: 'Sends the weekly report to team@example.com',
    severity: 'critical',
    toolName: 'mail.send',
    agentId: 'main',
    allowedDecisions: ['allow-once', 'deny'],
    detail: 'To: team@example.com\nSubject: Weekly report',
  });
  const long = await requester.requestExec({
    command: `rsync -avz --delete ${Array.from({ length: 40 }, (_, i) => `--exclude=build/cache-${i}`).join(' ')} ./ deploy@host:/srv/app\nrm -rf /tmp/stage`,
    agentId: 'main',
  });
  const execCard = page.locator(`article[data-item-key="exec:${exec.id}"]`);
  const longCard = page.locator(`article[data-item-key="exec:${long.id}"]`);
  const pluginCard = page.locator(`article[data-item-key="${plugin.id}"]`);
  await expect(execCard).toBeVisible({ timeout: 15_000 });
  await expect(pluginCard).toBeVisible({ timeout: 15_000 });
  await expect(execCard.getByRole('button')).toContainText(['Allow once', 'Always allow', 'Deny']);
  await expect(pluginCard.locator('.actions button')).toHaveText(['Allow once', 'Deny']);
  const shown = await execCard.locator('pre.command-preview').textContent();
  for (const raw of ['\u001b', '\u202e']) expect(shown).not.toContain(raw);
  // Each hidden character is marked as an escape, and the card says why.
  await expect(execCard.locator('pre.command-preview mark.escape')).not.toHaveCount(0);
  await expect(execCard.locator('.hidden-characters')).toBeVisible();
  await expect(execCard.locator('.approval-warning')).toContainText('Deploys to production');
  // A long command stays inside its card: it wraps, and the box scrolls rather than growing the card.
  await expect(longCard).toBeVisible({ timeout: 15_000 });
  const box = await longCard.locator('pre.command-preview').evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
    height: el.clientHeight,
    full: el.scrollHeight,
  }));
  expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
  expect(box.full).toBeGreaterThan(box.height);
  await expect(execCard).toContainText('/work/app');
  await expect(execCard).toContainText('Deploys to production');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `approvals-${scheme}`);
    await execCard.screenshot({ path: path.join(SCREENSHOTS, `exec-card-${scheme}.png`) });
    await pluginCard.screenshot({ path: path.join(SCREENSHOTS, `plugin-card-${scheme}.png`) });
  }
  const decided = requester.waitDecision('exec', exec.id);
  await execCard.getByRole('button', { name: 'Deny' }).click();
  expect((await decided).decision).toBe('deny');
  await expect(execCard).toHaveCount(0, { timeout: 10_000 });
  await expect(pluginCard).toBeVisible();
  // Allowing is held back until the card has been on screen for the settle time (1.5 s), as a person
  // reading it would wait; the core refuses an earlier click.
  await page.waitForTimeout(1600);
  const pluginDecided = requester.waitDecision('plugin', plugin.id);
  await pluginCard.getByRole('button', { name: 'Allow once' }).click();
  expect((await pluginDecided).decision).toBe('allow-once');
  const longDecided = requester.waitDecision('exec', long.id);
  await longCard.getByRole('button', { name: 'Deny' }).click();
  expect((await longDecided).decision).toBe('deny');

  // History: each approval says what it was, the decision, who decided and how long the agent waited.
  await page.getByRole('tab', { name: 'History' }).click();
  const records = page.locator('li.approval-record');
  await expect(records).toHaveCount(3, { timeout: 10_000 });
  const denied = records.filter({ hasText: 'npm run deploy' });
  await expect(denied).toContainText('Denied');
  await expect(denied).toContainText('Decided by you in Clawbar');
  await expect(denied).toContainText(/the agent waited [\d.]+ (ms|s)/);
  await expect(records.filter({ hasText: 'Send weekly report' })).toContainText('Allowed once');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `approvals-history-${scheme}`);
  }
});
