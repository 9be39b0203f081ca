// The panel in Chromium against a stand-in bridge: every screen, the exact approve intent, errors,
// keyboard use, dark mode, accessible names, and screenshots of each screen (light + dark).
import { gzipSync } from 'node:zlib';
import { expect, type Page } from '@playwright/test';
import type { AppState, ConnectionState, DoctorFinding } from '../electron/core/contract/contract.ts';
import { answer, calls, emit, installFakeBridge } from './support/fakeBridge.ts';
import { baseState, cliItem, history, pixelCard, pixelItem } from './support/fixtures.ts';
import { builtPanelScripts } from '../test/support/panelServer.ts';
import { panelDist } from './support/globalSetup.ts';
import { expectAccessibleNames, openPanel, panelUrl, shot, test } from './support/panel.ts';

const card = (page: Page, name: string) => page.getByRole('article', { name });
const tab = (page: Page, name: string | RegExp) => page.getByRole('tab', { name });

test.describe('pending', () => {
  test('a card shows who asks, the scope diff, kind, how long it asks, expiry, supersedes and its notice', async ({
    page,
  }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now) });
    const pixel = card(page, 'Pixel 9');
    await expect(pixel).toContainText('Scope upgrade');
    await expect(pixel).toContainText('this Mac');
    await expect(pixel).toContainText('role operator');
    // What it adds comes first, then what is already allowed.
    const adds = pixel.locator('.diff > div').nth(0);
    const allowed = pixel.locator('.diff > div').nth(1);
    await expect(allowed).toContainText('See status and sessions');
    await expect(allowed).not.toContainText('operator.admin');
    await expect(adds).toContainText('Answer approval prompts');
    await expect(adds.locator('.scope.risk-critical')).toHaveAttribute('title', 'operator.admin');
    await expect(adds.locator('.scope.risk-critical')).toContainText('full control');
    // The gateway shows no identical retries: how long it has asked, and what is observable, instead.
    await expect(pixel).toContainText('Asking for 1 min');
    await expect(pixel).toContainText(/expires in 3:[0-2]\d/);
    await expect(pixel).not.toContainText('retries');
    await expect(pixel).toContainText('replaced its request 1×');
    await expect(pixel).toContainText('asked again 2×');
    await expect(pixel.getByRole('alert')).toHaveText('It now asks for more than you saw – review again.');
    // Admin is styled loudest: the card and its approve button carry the critical styling.
    await expect(pixel).toHaveClass(/risk-critical/);
    await expect(pixel.getByRole('button', { name: 'Approve' })).toHaveClass(/critical/);

    const cli = card(page, 'openclaw CLI');
    await expect(cli).toContainText('New device');
    await expect(cli).toContainText('OpenClaw’s own command-line client');
    await expect(cli.locator('.hint')).not.toContainText('`');
    await expect(cli).not.toContainText('retries');
    await expect(cli).not.toContainText('replaced its request');
    await expect(cli.locator('.diff > div').nth(1)).toContainText('Nothing yet');
    await expect(tab(page, 'Pending (2)')).toHaveAttribute('aria-selected', 'true');
  });

  test('a card carries the version hint the core computed from the connected gateway, and none without one', async ({
    page,
  }) => {
    const now = Date.now();
    const hint =
      'This gateway runs OpenClaw 2026.4.12. OpenClaw 2026.8.1 and newer approve a scope upgrade like this on their own.';
    await openPanel(page, {
      state: baseState(now, { inbox: [pixelItem(now, { versionHint: hint }), cliItem(now)] }),
    });
    await expect(card(page, 'Pixel 9')).toContainText(hint);
    await expect(card(page, 'openclaw CLI')).not.toContainText('This gateway runs OpenClaw');
  });

  test('Approve sends exactly the shown intent (with its revision); the result moves to the screen when the card closes', async ({
    page,
  }) => {
    const now = Date.now();
    const state = baseState(now);
    await openPanel(page, { state, answers: { approve: { ok: true, message: 'approved in 9 ms' } } });
    await card(page, 'Pixel 9').getByRole('button', { name: 'Approve' }).click();
    const sent = await calls(page, 'approve');
    const shown = pixelCard(now);
    expect(sent).toEqual([
      {
        name: 'approve',
        args: [
          {
            deviceId: shown.deviceId,
            publicKey: shown.publicKey,
            role: shown.role,
            scopes: shown.scopes,
            revision: 3,
          },
        ],
      },
    ]);
    await expect(card(page, 'Pixel 9').getByRole('status')).toHaveText(/Approve Pixel 9: approved in 9 ms/);
    // The core drops the approved card: its line leaves with it and is said once on the screen.
    await emit(page, 'state', { ...state, inbox: [cliItem(now)] });
    await expect(card(page, 'Pixel 9')).toHaveCount(0);
    await expect(
      page.getByRole('status').filter({ hasText: 'Approve Pixel 9: approved in 9 ms' }),
    ).toBeVisible();
  });

  test('the intent follows the card the user sees now (a superseded request with more scopes)', async ({
    page,
  }) => {
    const now = Date.now();
    const state = baseState(now, {
      inbox: [pixelItem(now, { scopes: ['operator.read'], adds: [], notice: undefined })],
    });
    await openPanel(page, { state });
    const wider = pixelCard(now, { requestId: 'req-pixel-3', publicKey: 'pk-pixel-rotated' });
    await emit(page, 'state', {
      ...state,
      inbox: [pixelItem(now, wider, { revision: 4, revisedAt: Date.now() })],
    });
    await expect(card(page, 'Pixel 9').locator('[data-scope="operator.admin"]')).toBeVisible();
    // The click waits for the changed card to settle (Playwright waits for an enabled button).
    await card(page, 'Pixel 9').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await calls(page, 'approve')).length).toBe(1);
    const [sent] = await calls(page, 'approve');
    expect(sent?.args).toEqual([
      {
        deviceId: wider.deviceId,
        publicKey: 'pk-pixel-rotated',
        role: 'operator',
        scopes: wider.scopes,
        revision: 4,
      },
    ]);
  });

  test('failures are shown inline, one line per card replaced by the next, codes in a details line', async ({
    page,
  }) => {
    const now = Date.now();
    await openPanel(page, {
      state: baseState(now),
      answers: {
        reject: { ok: false, error: 'unknown requestId', code: 'INVALID_REQUEST' },
        mute: { throws: 'bridge disconnected' },
      },
    });
    const pixel = card(page, 'Pixel 9');
    await pixel.getByRole('button', { name: 'Reject' }).click();
    const rejected = pixel.getByRole('alert').filter({ hasText: 'Reject Pixel 9 failed' });
    await expect(rejected.locator('.plain')).toHaveText('Reject Pixel 9 failed: unknown requestId');
    await expect(rejected.locator('.details')).toHaveText('Details: INVALID_REQUEST');
    await pixel.getByRole('button', { name: 'Mute or ignore Pixel 9' }).click();
    await pixel.getByRole('button', { name: '1 hour' }).click();
    await expect(pixel.getByRole('alert').filter({ hasText: 'Mute' })).toHaveText(
      /failed: bridge disconnected/,
    );
    // The newer line replaced the older one; it can be dismissed.
    await expect(pixel.locator('.result')).toHaveCount(1);
    await pixel.getByRole('button', { name: /Dismiss: Mute Pixel 9/ }).click();
    await expect(pixel.locator('.result')).toHaveCount(0);
    await answer(page, 'notNow', { ok: false, error: 'gateway closed the connection' });
    await pixel.getByRole('button', { name: 'Not now' }).click();
    await expect(pixel.getByRole('alert').filter({ hasText: 'Not now' })).toHaveText(
      /failed: gateway closed the connection/,
    );
    expect((await calls(page, 'reject'))[0]?.args).toEqual(['dev-pixel-7f3a9c', 'req-pixel-2']);
    expect((await calls(page, 'mute'))[0]?.args).toEqual(['dev-pixel-7f3a9c', 60]);
  });

  test('Not now, busy state from the core and from a slow call', async ({ page }) => {
    const now = Date.now();
    const state = baseState(now);
    await openPanel(page, { state, answers: { notNow: { hangs: true } } });
    const cli = card(page, 'openclaw CLI');
    await cli.getByRole('button', { name: 'Not now' }).click();
    expect((await calls(page, 'notNow'))[0]?.args).toEqual(['dev-cli-11b2e0']);
    await expect(cli).toHaveAttribute('aria-busy', 'true');
    await expect(cli.getByRole('button', { name: 'Reject' })).toBeDisabled();
    await emit(page, 'state', { ...state, inbox: [pixelItem(now, { busy: 'approving' }), cliItem(now)] });
    const pixel = card(page, 'Pixel 9');
    await expect(pixel.getByRole('button', { name: 'Approving…' })).toBeDisabled();
    await expect(pixel.getByRole('button', { name: 'Mute or ignore Pixel 9' })).toBeDisabled();
  });

  test('a notification click focuses its card, whatever screen is open', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now) });
    await tab(page, 'Settings').click();
    await emit(page, 'focus', { view: 'pending', key: 'device:dev-cli-11b2e0' });
    await expect(tab(page, /Pending/)).toHaveAttribute('aria-selected', 'true');
    await expect(card(page, 'openclaw CLI')).toBeFocused();
  });

  test('a notification click that comes while the panel is still loading opens its card', async ({
    page,
  }) => {
    const now = Date.now();
    const state = baseState(now);
    await installFakeBridge(page, { state, answers: { getState: { hangs: true } } });
    // The page's clock stands still, so the panel's 300 ms wait for getState cannot run out on a slow
    // machine before the click arrives.
    await page.clock.install({ time: now });
    // `load` is when Electron's main sends what it queued (did-finish-load): the panel's script has
    // run, but with no answer to getState it has not mounted yet (it waits up to 300 ms).
    await page.goto(panelUrl(), { waitUntil: 'load' });
    const mountedBefore = await page.evaluate(() => {
      const mounted = (document.getElementById('root')?.childElementCount ?? 0) > 0;
      (window as unknown as { __clawbarTest: { emit(e: string, p: unknown): void } }).__clawbarTest.emit(
        'focus',
        { view: 'pending', key: 'device:dev-cli-11b2e0' },
      );
      return mounted;
    });
    // On a loaded machine the panel can mount ("Loading…") before `load`; the click must still land.
    if (mountedBefore)
      test.info().annotations.push({ type: 'note', description: 'the panel mounted before the click' });
    await page.clock.resume();
    await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toBeVisible();
    await emit(page, 'state', state);
    await expect(card(page, 'openclaw CLI')).toBeFocused();
  });

  test('the first screen is committed with its content, without a "Loading…" step', async ({ page }) => {
    const now = Date.now();
    await installFakeBridge(page, { state: baseState(now) });
    // Record every text #root ever shows, from before the panel's script runs.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { __seen: seen });
      new MutationObserver(() => {
        const root = document.getElementById('root');
        if (root) seen.push(root.textContent ?? '');
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(panelUrl());
    await expect(card(page, 'Pixel 9')).toBeVisible();
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen.filter((t) => t.length > 0).length).toBeGreaterThan(0);
    expect(seen.some((t) => t.includes('Loading'))).toBe(false);
    expect(seen.find((t) => t.length > 0)).toContain('Pixel 9');
  });

  test('an empty queue says so', async ({ page }) => {
    await openPanel(page, { state: baseState(Date.now(), { inbox: [] }) });
    await expect(page.getByText('Nothing is waiting for your decision.')).toBeVisible();
    await expect(tab(page, 'Pending')).toBeVisible();
  });
});

test.describe('status header', () => {
  const now = Date.now();
  const kinds: { state: ConnectionState; expect: RegExp[] }[] = [
    { state: { kind: 'stopped' }, expect: [/Not connected/] },
    {
      state: { kind: 'connecting', url: 'ws://127.0.0.1:18789', attempt: 2 },
      expect: [/Connecting…/, /attempt 2/],
    },
    {
      state: {
        kind: 'reconnecting',
        url: 'ws://127.0.0.1:18789',
        attempt: 3,
        nextTryAt: now + 60_000,
        lastError: 'socket closed 1006',
      },
      expect: [/reconnecting/, /socket closed 1006/, /Next try in \d+ s/],
    },
    {
      state: {
        kind: 'auth-failed',
        url: 'ws://127.0.0.1:18789',
        code: 'AUTH_TOKEN_MISMATCH',
        message: 'gateway token mismatch',
      },
      expect: [/refused Clawbar/, /gateway token mismatch/, /Check the gateway token in Settings/],
    },
    {
      state: {
        kind: 'auth-failed',
        url: 'ws://x',
        code: 'DEVICE_TOKEN_REVOKED',
        message: 'device token revoked',
        nextStep: 'Forget identity and pair again.',
      },
      expect: [/DEVICE_TOKEN_REVOKED/, /Forget identity and pair again\./],
    },
    {
      state: {
        kind: 'gateway-down',
        url: 'ws://127.0.0.1:18789',
        since: now - 30_000,
        lastError: 'ECONNREFUSED',
      },
      expect: [/not running/, /ECONNREFUSED/, /Start it from Settings/],
    },
    {
      state: { kind: 'protocol-mismatch', url: 'ws://x', message: 'server speaks protocol 7, Clawbar 3–4' },
      expect: [/protocol Clawbar does not know/, /protocol 7/],
    },
  ];
  for (const k of kinds) {
    test(`explains ${k.state.kind}${k.state.kind === 'auth-failed' ? ` ${k.state.code}` : ''}`, async ({
      page,
    }) => {
      await openPanel(page, { state: baseState(Date.now(), { connection: k.state }) });
      const header = page.getByRole('banner', { name: 'Gateway status' });
      for (const re of k.expect) await expect(header).toContainText(re);
      // Plain words: codes only in the details line, never backticks.
      const main = (await header.locator('h1, .plain').allTextContents()).join(' ');
      expect(main).not.toMatch(/[A-Z]+_[A-Z_]+|\bE[A-Z]{4,}\b|`/);
      if (k.state.kind === 'auth-failed')
        await expect(header.locator('.details')).toContainText(k.state.code);
      if (k.state.kind !== 'connecting') {
        await header.getByRole('button', { name: 'Reconnect' }).click();
        await expect.poll(async () => (await calls(page, 'reconnect')).length).toBe(1);
      }
    });
  }

  test('connected shows version, protocol, how long and health', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, {
      state: baseState(now, { service: { ...baseState(0).service, findings: [] } }),
    });
    const header = page.getByRole('banner', { name: 'Gateway status' });
    await expect(header).toContainText('Connected');
    await expect(header).toContainText('2026.9.6');
    await expect(header.locator('dd').nth(1)).toHaveText('4');
    await expect(header.locator('dt').nth(2)).toHaveText('Connected for');
    // The fixture connected an hour before `now`.
    await expect(header.locator('dd').nth(2)).toHaveText('1 h');
    await expect(header.locator('time')).toHaveAttribute('datetime', new Date(now - 3_600_000).toISOString());
    await expect(header).toContainText('Healthy');
    await expect(header.getByRole('button', { name: 'Reconnect' })).toHaveCount(0);
  });

  test('while a gateway is starting the header says so, not that the gateway is not running', async ({
    page,
  }) => {
    const now = Date.now();
    const service = { ...baseState(0).service, running: false, findings: [], startingSince: now - 4000 };
    const connection: ConnectionState = {
      kind: 'gateway-down',
      url: 'ws://127.0.0.1:18789',
      since: now - 5000,
      lastError: 'ECONNREFUSED',
    };
    await openPanel(page, { state: baseState(now, { connection, service }) });
    const header = page.getByRole('banner', { name: 'Gateway status' });
    await expect(header).toContainText('Starting the gateway…');
    await expect(header).toContainText(/The gateway is starting \(\d+ s\)/);
    await expect(header).not.toContainText('not running');
    await expect(header).not.toContainText('openclaw gateway');
    await expect(header).toHaveClass(/status-busy/);
    await expect(header.getByRole('button', { name: 'Reconnect' })).toHaveCount(0);
  });

  test('a problem in the header is short and leads to Settings, where it is listed', async ({ page }) => {
    const now = Date.now();
    const finding: DoctorFinding = {
      id: 'no-openclaw',
      severity: 'error',
      title: 'OpenClaw is not installed',
      detail: 'Install it.',
    };
    await openPanel(page, {
      state: baseState(now, { service: { ...baseState(0).service, findings: [finding] } }),
    });
    const header = page.getByRole('banner', { name: 'Gateway status' });
    await header.getByRole('button', { name: '1 problem – show' }).click();
    await expect(tab(page, 'Settings')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByText('OpenClaw is not installed')).toBeVisible();
  });

  test('needs-pairing shows the exact command with a working Copy button', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(panelUrl()).origin,
    });
    const command = 'openclaw devices approve req-claw-42';
    await openPanel(page, {
      state: baseState(Date.now(), {
        connection: {
          kind: 'needs-pairing',
          url: 'ws://127.0.0.1:18789',
          deviceId: 'dev-clawbar-000aaa',
          requestId: 'req-claw-42',
          reason: 'scope-upgrade',
          command,
          message: 'The gateway asks you to approve Clawbar.',
        },
      }),
    });
    const header = page.getByRole('banner', { name: 'Gateway status' });
    await expect(header.getByLabel('Approval command', { exact: true })).toHaveText(command);
    await header.getByRole('button', { name: 'Copy approval command' }).click();
    await expect(header.getByRole('button', { name: 'Copy approval command' })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
  });
});

test.describe('devices', () => {
  test('search, details, Clawbar marked, tokens', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now) });
    await tab(page, 'Devices').click();
    const rows = page.locator('details.device');
    await expect(rows).toHaveCount(4);
    await expect(rows.filter({ hasText: 'This is Clawbar' })).toContainText('Clawbar');
    await page.getByRole('searchbox', { name: 'Search devices' }).fill('iphone');
    await expect(rows).toHaveCount(1);
    const iphone = rows.first();
    await iphone.locator('summary').click();
    await expect(iphone).toContainText('Anna’s iPhone');
    await expect(iphone).toContainText('Send messages and run tools');
    await expect(iphone.getByRole('listitem', { name: 'operator token' })).toContainText('active');
    await expect(iphone.getByRole('listitem', { name: 'operator token' })).toContainText(
      'operator.read, operator.write',
    );
    await page.getByRole('searchbox', { name: 'Search devices' }).fill('nothing-like-this');
    await expect(page.getByText('No device matches')).toBeVisible();
  });

  test('destructive actions ask first; Cancel sends nothing, confirming sends the call', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, {
      state: baseState(now),
      answers: { removeDevice: { ok: false, error: 'missing scope: operator.admin' } },
    });
    await tab(page, 'Devices').click();
    const iphone = page.locator('details.device', { hasText: 'Anna’s iPhone' });
    await iphone.locator('summary').click();
    await iphone.getByRole('button', { name: 'Remove Anna’s iPhone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Anna’s iPhone?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(await calls(page, 'removeDevice')).toEqual([]);
    await iphone.getByRole('button', { name: 'Remove Anna’s iPhone' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    expect((await calls(page, 'removeDevice'))[0]?.args).toEqual(['dev-iphone-5c5c5c']);
    await expect(iphone.getByRole('alert')).toContainText('missing scope: operator.admin');

    await iphone.getByRole('button', { name: 'Rotate operator token of Anna’s iPhone' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    await iphone.getByRole('button', { name: 'Revoke operator token of Anna’s iPhone' }).click();
    await page.keyboard.press('Escape');
    await iphone.getByRole('button', { name: 'Reset and re-approve Anna’s iPhone' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
    expect((await calls(page, 'rotateToken'))[0]?.args).toEqual(['dev-iphone-5c5c5c', 'operator']);
    expect(await calls(page, 'revokeToken')).toEqual([]);
    // The reset names the revision of what the device holds, as the panel showed it.
    expect((await calls(page, 'resetDevice'))[0]?.args).toEqual(['dev-iphone-5c5c5c', 2]);
  });

  test('removing Clawbar itself warns that Clawbar disconnects', async ({ page }) => {
    await openPanel(page, { state: baseState(Date.now()) });
    await tab(page, 'Devices').click();
    const own = page.locator('details.device', { hasText: 'This is Clawbar' });
    await own.locator('summary').click();
    await own.getByRole('button', { name: 'Remove Clawbar' }).click();
    await expect(page.getByRole('dialog')).toContainText('This is Clawbar itself');
  });

  test('reset progress, revoked tokens, rename only when the gateway offers it', async ({ page }) => {
    const now = Date.now();
    const state = baseState(now);
    await openPanel(page, { state });
    await tab(page, 'Devices').click();
    const tablet = page.locator('details.device', { hasText: 'Kitchen tablet' });
    await tablet.locator('summary').click();
    await expect(tablet.getByRole('status')).toContainText(
      /Resetting: waiting for Kitchen tablet to ask again \(\d+ s left\)/,
    );
    await expect(tablet.getByRole('button', { name: 'Remove Kitchen tablet' })).toBeDisabled();
    const laptop = page.locator('details.device', { hasText: 'Old laptop' });
    await laptop.locator('summary').click();
    await expect(laptop.getByRole('button', { name: 'Revoke operator token of Old laptop' })).toBeDisabled();

    const iphone = page.locator('details.device', { hasText: 'Anna’s iPhone' });
    await iphone.locator('summary').click();
    await iphone.getByRole('button', { name: 'Rename Anna’s iPhone' }).click();
    await iphone.getByRole('textbox', { name: 'New name' }).fill('Work phone');
    await iphone.getByRole('button', { name: 'Save name' }).click();
    expect((await calls(page, 'renameDevice'))[0]?.args).toEqual(['dev-iphone-5c5c5c', 'Work phone']);

    await emit(page, 'state', { ...state, features: ['device.pair.list'] });
    await expect(page.getByRole('button', { name: /^Rename/ })).toHaveCount(0);
  });
});

test.describe('history', () => {
  test('newest first, in words', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now), history: history(now) });
    await tab(page, 'History').click();
    const items = page.locator('.history-entry');
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toContainText('Approved iPhone 16');
    await expect(items.nth(0)).toContainText('by you');
    await expect(items.nth(0)).toContainText('operator.read → operator.read, operator.write');
    await expect(items.nth(1)).toContainText('Rejected Unknown browser');
    await expect(items.nth(1)).toContainText('by another client');
    await expect(items.nth(2)).toContainText('Revoked token of Old laptop');
    expect((await calls(page, 'getHistory'))[0]?.args).toEqual([200]);
  });

  test('a failing history load is reported', async ({ page }) => {
    await openPanel(page, {
      state: baseState(Date.now()),
      answers: { getHistory: { throws: 'audit log unreadable' } },
    });
    await tab(page, 'History').click();
    await expect(page.getByRole('alert')).toContainText('Could not load the history: audit log unreadable');
  });
});

test.describe('settings', () => {
  test('gateway URL, token entry, forget token, identity', async ({ page }) => {
    await openPanel(page, { state: baseState(Date.now()) });
    await tab(page, 'Settings').click();
    const url = page.getByRole('textbox', { name: 'Gateway URL' });
    await url.fill('ws://127.0.0.1:19999');
    await page.getByRole('button', { name: 'Save URL' }).click();
    expect((await calls(page, 'updateSettings'))[0]?.args).toEqual([{ gatewayUrl: 'ws://127.0.0.1:19999' }]);

    await expect(page.getByText('imported from the OpenClaw config')).toBeVisible();
    const token = page.getByLabel('New gateway token');
    await expect(token).toHaveAttribute('type', 'password');
    await token.fill('  s3cret-token  ');
    await page.getByRole('button', { name: 'Replace token' }).click();
    expect((await calls(page, 'setToken'))[0]?.args).toEqual(['s3cret-token']);
    await expect(token).toHaveValue('');

    await page.getByRole('button', { name: 'Forget token' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget token' }).click();
    await page.getByRole('button', { name: 'Forget identity and pair again' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget identity' }).click();
    expect(await calls(page, 'forgetToken')).toHaveLength(1);
    expect(await calls(page, 'forgetIdentity')).toHaveLength(1);
  });

  test('token import previews the source, the exact exec command and its environment before running it', async ({
    page,
  }) => {
    const command = 'op read op://Private/openclaw/token';
    const confirmation = 'digest-of-the-whole-plan';
    await openPanel(page, {
      state: baseState(Date.now()),
      preview: {
        found: true,
        source: '~/.openclaw/openclaw.json › gateway.auth.token',
        kind: 'exec',
        command,
        env: [{ name: 'OP_ACCOUNT', value: 'me\\u202Eexe' }],
        passEnv: ['HOME', 'OP_SESSION'],
        confirmation,
        gatewayUrl: 'ws://127.0.0.1:18789',
        message: 'The token is a SecretRef that runs a command.',
      },
    });
    await tab(page, 'Settings').click();
    await page.getByRole('button', { name: 'Find the token in OpenClaw’s config' }).click();
    const preview = page.getByRole('region', { name: 'Token import preview' });
    await expect(preview).toContainText('~/.openclaw/openclaw.json › gateway.auth.token');
    await expect(preview.getByLabel('Command that will run')).toHaveText(command);
    await expect(preview.getByLabel('Environment it adds')).toHaveText('OP_ACCOUNT=me\\u202Eexe');
    await expect(preview.getByLabel('Variables passed through')).toHaveText('HOME, OP_SESSION');
    await expect(preview).toContainText('ws://127.0.0.1:18789');
    expect(await calls(page, 'importToken')).toEqual([]);
    await preview.getByRole('button', { name: 'Run this command and import' }).click();
    // The core gets back the digest of what was shown, not a command string it would trust.
    expect((await calls(page, 'importToken'))[0]?.args).toEqual([confirmation]);
  });

  test('launch at login, keeping the gateway running, doctor fixes, notifications, notices', async ({
    page,
  }) => {
    await openPanel(page, {
      state: baseState(Date.now()),
      doctor: [
        {
          id: 'not-running',
          severity: 'error',
          title: 'The gateway is not running',
          detail: 'launchctl reports exit 78.',
          fix: { action: 'restart', label: 'Restart it' },
        },
      ],
    });
    await tab(page, 'Settings').click();
    await expect(page.getByText('macOS needs your approval in System Settings')).toBeVisible();
    await page.getByRole('button', { name: 'Open Login Items in System Settings' }).click();
    // Toggles are controlled by the core's state: a click asks, the next state shows the outcome.
    await page.getByRole('checkbox', { name: 'Open Clawbar at login' }).click();
    expect((await calls(page, 'setLaunchAtLogin'))[0]?.args).toEqual([false]);
    expect(await calls(page, 'openLoginItemSettings')).toHaveLength(1);

    await page.getByRole('combobox', { name: 'How' }).selectOption('supervised');
    expect((await calls(page, 'updateSettings'))[0]?.args).toEqual([{ keepRunning: 'supervised' }]);
    await expect(page.getByText('Running (pid 4242)')).toBeVisible();
    await page.getByRole('button', { name: 'Repair the LaunchAgent' }).click();
    await page.getByRole('button', { name: 'Check for problems' }).click();
    await page.getByRole('button', { name: 'Restart it' }).click();
    expect((await calls(page, 'serviceAction')).map((c) => c.args)).toEqual([['repair'], ['restart']]);

    await page.getByRole('checkbox', { name: 'Notify me when something waits for my decision' }).click();
    expect((await calls(page, 'updateSettings'))[1]?.args).toEqual([{ notifications: false }]);
    await page.getByRole('button', { name: 'Send a test notification' }).click();
    expect(await calls(page, 'sendTestNotification')).toHaveLength(1);
    await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
      'The gateway restarted; Clawbar reconnected.',
    );
  });
});

test.describe('first run', () => {
  function firstRunState(now: number, patch: Partial<AppState>): AppState {
    const s = baseState(now);
    return {
      ...s,
      inbox: [],
      devices: [],
      firstRun: true,
      secrets: { state: 'ok', tokenPresent: false, deviceTokenPresent: false },
      service: { ...s.service, running: false, installed: false, pid: undefined, findings: [] },
      connection: {
        kind: 'gateway-down',
        url: 'ws://127.0.0.1:18789',
        since: now - 5_000,
        lastError: 'ECONNREFUSED',
      },
      ...patch,
    };
  }

  test('find the gateway, import the token with consent, pair, approve by command, land on Pending', async ({
    page,
  }, testInfo) => {
    const now = Date.now();
    await openPanel(page, {
      state: firstRunState(now, {}),
      preview: {
        found: true,
        source: '~/.openclaw/openclaw.json',
        kind: 'plain',
        message: 'Found a token in the OpenClaw config.',
      },
    });
    const setup = page.getByRole('region', { name: 'Set up Clawbar' });
    await expect(setup.locator('[aria-current="step"]')).toContainText('Find your gateway');
    await expect(page.getByRole('tablist')).toHaveCount(0);
    // No LaunchAgent yet: the gateway service is installed (a "start" would have nothing to start).
    await setup.getByRole('button', { name: 'Install gateway service' }).click();
    expect((await calls(page, 'serviceAction'))[0]?.args).toEqual(['install']);
    await shot(page, testInfo, 'first-run-1-light');

    const base = firstRunState(now, {
      service: { ...baseState(now).service, findings: [] },
      connection: {
        kind: 'auth-failed',
        url: 'ws://127.0.0.1:18789',
        code: 'AUTH_TOKEN_MISSING',
        message: 'no token',
      },
    });
    await emit(page, 'state', base);
    await expect(setup.locator('[aria-current="step"]')).toContainText('Give Clawbar the gateway token');
    await setup.getByRole('button', { name: 'Find the token in OpenClaw’s config' }).click();
    await expect(setup.getByRole('region', { name: 'Token import preview' })).toContainText(
      '~/.openclaw/openclaw.json',
    );
    await setup.getByRole('button', { name: 'Import this token' }).click();
    expect((await calls(page, 'importToken'))[0]?.args).toEqual([null]);
    await expect(setup.getByLabel('Gateway token')).toHaveAttribute('type', 'password');

    const command = 'openclaw devices approve req-claw-1';
    await emit(page, 'state', {
      ...base,
      secrets: { ...base.secrets, tokenPresent: true, tokenSource: 'config' },
      connection: {
        kind: 'needs-pairing',
        url: 'ws://127.0.0.1:18789',
        deviceId: 'dev-clawbar-000aaa',
        reason: 'not-paired',
        command,
        message: 'Local auto-approval is off.',
      },
    });
    await expect(setup.locator('[aria-current="step"]')).toContainText('Pair Clawbar');
    await expect(setup.getByLabel('Approval command', { exact: true })).toHaveText(command);
    await expect(setup.getByRole('button', { name: 'Copy approval command' })).toBeVisible();
    await shot(page, testInfo, 'first-run-3-light');
    await setup.getByRole('button', { name: 'I ran it – try again' }).click();
    expect(await calls(page, 'reconnect')).toHaveLength(1);

    await emit(page, 'state', baseState(now));
    await expect(tab(page, /Pending/)).toHaveAttribute('aria-selected', 'true');
    await expect(card(page, 'Pixel 9')).toBeVisible();
  });
});

test.describe('keyboard, themes, accessibility', () => {
  test('tabs are a tablist: arrows, Home, End, one tab stop, visible focus', async ({ page }) => {
    await openPanel(page, { state: baseState(Date.now()) });
    await expect(page.getByRole('tablist', { name: 'Clawbar sections' })).toBeVisible();
    const pending = tab(page, /Pending/);
    await pending.focus();
    await page.keyboard.press('ArrowRight');
    await expect(tab(page, 'Devices')).toBeFocused();
    await expect(tab(page, 'Devices')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name: 'Devices' })).toBeVisible();
    await page.keyboard.press('End');
    await expect(tab(page, 'Settings')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(pending).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(tab(page, 'Settings')).toBeFocused();
    await page.keyboard.press('Home');
    await expect(pending).toHaveAttribute('aria-selected', 'true');
    for (const name of ['Devices', 'History', 'Settings'])
      await expect(tab(page, name)).toHaveAttribute('tabindex', '-1');
    // Keyboard focus is visible.
    const outline = await pending.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    // Tab leaves the tablist for the panel, then reaches the first card's buttons.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('tabpanel', { name: /Pending/ })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(card(page, 'Pixel 9').getByRole('button', { name: 'Approve' })).toBeFocused();
    // ↩ alone never approves, even on the Approve button (⌘↩ does: decide.panel.spec.ts).
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    expect(await calls(page, 'approve')).toHaveLength(0);
  });

  test('dark mode follows prefers-color-scheme', async ({ page }) => {
    await openPanel(page, { state: baseState(Date.now()) });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminance = (rgb: string) => {
      const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    await page.emulateMedia({ colorScheme: 'light' });
    expect(luminance(await bg())).toBeGreaterThan(200);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(luminance(await bg())).toBeLessThan(60);
    const text = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(luminance(text)).toBeGreaterThan(200);
  });

  test('every control on every screen has an accessible name; screenshots light and dark', async ({
    page,
  }, testInfo) => {
    test.setTimeout(90_000);
    const now = Date.now();
    await openPanel(page, { state: baseState(now), history: history(now) });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const name of ['Pending', 'Devices', 'History', 'Settings']) {
        await tab(page, new RegExp(`^${name}`)).click();
        if (name === 'Devices') {
          for (const summary of await page.locator('details.device summary').all()) await summary.click();
        }
        if (name === 'History') await expect(page.locator('.history-entry').first()).toBeVisible();
        // Nothing overflows the narrow menu-bar panel sideways.
        const width = page.viewportSize()?.width ?? 0;
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const counted = await expectAccessibleNames(page);
        expect(counted).toBeGreaterThan(3);
        await shot(page, testInfo, `${name.toLowerCase()}-${scheme}`);
      }
    }
    await emit(
      page,
      'state',
      baseState(now, {
        connection: {
          kind: 'auth-failed',
          url: 'ws://x',
          code: 'AUTH_TOKEN_MISMATCH',
          message: 'gateway token mismatch',
        },
      }),
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, testInfo, 'auth-failed-dark');
  });

  test('first run screenshot in dark mode, names included', async ({ page }, testInfo) => {
    const now = Date.now();
    await page.emulateMedia({ colorScheme: 'dark' });
    await openPanel(page, {
      state: baseState(now, {
        firstRun: true,
        inbox: [],
        secrets: { state: 'ok', tokenPresent: false, deviceTokenPresent: false },
        connection: {
          kind: 'gateway-down',
          url: 'ws://127.0.0.1:18789',
          since: now,
          lastError: 'ECONNREFUSED',
        },
        service: { ...baseState(now).service, running: false, findings: [] },
      }),
    });
    await expectAccessibleNames(page);
    await shot(page, testInfo, 'first-run-dark');
  });
});

test.describe('without a bridge', () => {
  test('the page explains how to open the panel', async ({ page }) => {
    await page.goto(panelUrl());
    await expect(page.getByRole('alert')).toContainText('npm run preview');
  });
});

test('the CSP runs the panel’s own inline script and nothing injected', async ({ page, problems }) => {
  await openPanel(page, { state: baseState(Date.now()) });
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; violated: string | null }>((resolve) => {
        let violated: string | null = null;
        document.addEventListener('securitypolicyviolation', (e) => (violated = e.effectiveDirective));
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.append(s);
        const style = document.createElement('style');
        style.textContent = 'body { display: none }';
        document.head.append(style);
        setTimeout(
          () =>
            resolve({
              ran: 'injected' in window || (window as { __injected?: boolean }).__injected === true,
              violated,
            }),
          100,
        );
      }),
  );
  expect(outcome.ran).toBe(false);
  expect(outcome.violated).toMatch(/^(script|style)-src/);
  await expect(page.getByRole('banner', { name: 'Gateway status' })).toBeVisible();
  // The blocked injections are this test's expected console errors; nothing else may be there.
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) expect(p).toMatch(/violates the following Content Security Policy directive/);
  problems.length = 0;
});

test('the panel’s JavaScript stays well under 150 KB gzip', () => {
  const js = builtPanelScripts(panelDist);
  expect(js.length).toBeGreaterThan(0);
  const gz = js.reduce((sum, s) => sum + gzipSync(s.code).length, 0);
  console.log(`panel JS: ${(gz / 1024).toFixed(1)} KB gzip`);
  expect(gz).toBeLessThan(120 * 1024);
});
