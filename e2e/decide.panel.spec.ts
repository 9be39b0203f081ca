// Deciding safely in the panel (Chromium, stand-in bridge): Approve only on a settled card, what changed
// highlighted, the keyboard of a careful Mac app, plain words with codes in a details line, one result
// line per card, compact cards with tags that never wrap, mute/unmute and ignore, and screenshots of the
// pending card (normal, changed-and-settling), devices and history in light and dark.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { AppState } from '../electron/core/contract/contract.ts';
import { calls, emit } from './support/fakeBridge.ts';
import { baseState, cliCard, cliItem, history, pixelItem } from './support/fixtures.ts';
import { openPanel, test } from './support/panel.ts';

const card = (page: Page, name: string) => page.getByRole('article', { name });
const approveButton = (page: Page, name: string) =>
  card(page, name).getByRole('button', { name: 'Approve', exact: true });
/** Approve is settled: not dimmed, no countdown. */
async function expectSettled(page: Page, name: string): Promise<void> {
  await expect(approveButton(page, name)).not.toHaveAttribute('aria-disabled', 'true');
  await expect(card(page, name).locator('.settle-reason')).toHaveCount(0);
}
const countdownOf = (page: Page, name: string) => card(page, name).locator('.settle-reason');
const tab = (page: Page, name: string | RegExp) => page.getByRole('tab', { name });

const SCREENSHOTS = path.join(process.cwd(), 'test-results', 'screenshots');
async function keep(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The page's clock stands still at `at` (timers still run) until moved again, so the 1.5 s settle window
 * is exact however slow the machine is.
 */
async function clockAt(page: Page, at: number): Promise<void> {
  await page.clock.setFixedTime(at);
}

/** The Pixel card changed while shown: read dropped, another key (revision 4, begun at `revisedAt`). */
function widened(now: number, revisedAt = Date.now()): AppState {
  return baseState(now, {
    inbox: [
      pixelItem(
        now,
        {
          publicKey: 'pk-pixel-rotated',
          requestId: 'req-pixel-3',
          scopes: ['operator.approvals', 'operator.admin'],
          alreadyAllowed: [],
          notice: undefined,
        },
        { revision: 4, revisedAt },
      ),
      cliItem(now),
    ],
  });
}

test.describe('settled cards only', () => {
  test('a new card waits 1.5 s with a countdown; a click before that sends nothing and says why', async ({
    page,
  }) => {
    const now = Date.now();
    await clockAt(page, now);
    await openPanel(page, { state: baseState(now) });
    const approve = approveButton(page, 'Pixel 9');
    await expect(countdownOf(page, 'Pixel 9')).toContainText('Approve in 1.5 s');
    await expect(approve).toHaveAttribute('aria-disabled', 'true');
    await expect(countdownOf(page, 'Pixel 9')).toHaveText(
      'Approve in 1.5 s: Take a moment to read the request.',
    );
    await approve.click({ force: true });
    await expect(card(page, 'Pixel 9').getByRole('alert').filter({ hasText: 'Not approved' })).toContainText(
      /Approve is possible in [\d.]+ s/,
    );
    expect(await calls(page, 'approve')).toEqual([]);
    await clockAt(page, now + 1_000);
    await expect(countdownOf(page, 'Pixel 9')).toContainText('Approve in 0.5 s');
    await clockAt(page, now + 1_500);
    await expectSettled(page, 'Pixel 9');
    await approve.click();
    await expect.poll(async () => (await calls(page, 'approve')).length).toBe(1);
  });

  test('a change while shown is highlighted and Approve waits again; the approve names the new revision', async ({
    page,
  }) => {
    const now = Date.now();
    await clockAt(page, now);
    await openPanel(page, { state: baseState(now) });
    await clockAt(page, now + 2_000);
    await expectSettled(page, 'Pixel 9');
    await emit(page, 'state', widened(now, now + 2_000));
    const pixel = card(page, 'Pixel 9');
    await expect(pixel.locator('.change')).toHaveText(
      'Changed: it no longer asks for See status and sessions; signs with a different key.',
    );
    await expect(countdownOf(page, 'Pixel 9')).toContainText(/Approve in [\d.]+ s/);
    await expect(countdownOf(page, 'Pixel 9')).toHaveText(
      'Approve in 1.5 s: This request just changed: read it again before approving.',
    );
    await expect(pixel.locator('.scope.removed')).toHaveAttribute('data-scope', 'operator.read');
    await expect(pixel.locator('.scope.removed')).toHaveText('See status and sessions');
    await approveButton(page, 'Pixel 9').click({ force: true });
    expect(await calls(page, 'approve')).toEqual([]);

    // A second change adds admin: the chip is marked new.
    await clockAt(page, now + 3_000);
    const wider = widened(now);
    const item = wider.inbox[0]!;
    if (item.kind !== 'device') throw new Error('a device item');
    wider.inbox[0] = {
      ...item,
      revision: 5,
      revisedAt: now + 3_000,
      card: { ...item.card, scopes: ['operator.approvals', 'operator.admin', 'operator.pairing'] },
    };
    await emit(page, 'state', wider);
    await expect(pixel.locator('.scope.changed')).toContainText('operator.pairing');
    await expect(pixel.locator('.scope.changed .new-tag')).toHaveText('new');
    await expect(countdownOf(page, 'Pixel 9')).toContainText('Approve in 1.5 s');
    await clockAt(page, now + 4_500);
    await approveButton(page, 'Pixel 9').click();
    await expect.poll(async () => (await calls(page, 'approve')).length).toBe(1);
    const [sent] = await calls(page, 'approve');
    expect(sent?.args).toEqual([
      {
        deviceId: 'dev-pixel-7f3a9c',
        publicKey: 'pk-pixel-rotated',
        role: 'operator',
        scopes: ['operator.approvals', 'operator.admin', 'operator.pairing'],
        revision: 5,
      },
    ]);
  });

  test('a card scrolled out of view does not settle until it is in view', async ({ page }) => {
    const now = Date.now();
    await page.setViewportSize({ width: 380, height: 440 });
    await clockAt(page, now);
    await openPanel(page, { state: baseState(now) });
    const cli = card(page, 'openclaw CLI');
    await clockAt(page, now + 5_000);
    await expectSettled(page, 'Pixel 9');
    await expect(approveButton(page, 'openclaw CLI')).toHaveAttribute('aria-disabled', 'true');
    await expect(countdownOf(page, 'openclaw CLI')).toContainText('Approve waits until the card is in view.');
    await cli.scrollIntoViewIfNeeded();
    await expect(countdownOf(page, 'openclaw CLI')).toContainText('Approve in 1.5 s');
    await clockAt(page, now + 6_500);
    await expectSettled(page, 'openclaw CLI');
  });
});

test.describe('keyboard', () => {
  for (const mac of [false, true]) {
    const approveKey = mac ? 'Meta+Enter' : 'Control+Enter';
    const otherKey = mac ? 'Control+Enter' : 'Meta+Enter';
    test(`${approveKey} approves the focused card only once settled; ↩ alone does nothing (${mac ? 'macOS' : 'Linux'})`, async ({
      page,
    }) => {
      if (mac)
        await page.addInitScript(() =>
          Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }),
        );
      const now = Date.now();
      await clockAt(page, now);
      await openPanel(page, { state: baseState(now) });
      const pixel = card(page, 'Pixel 9');
      await emit(page, 'focus', { view: 'pending', key: 'device:dev-pixel-7f3a9c' });
      await expect(pixel).toBeFocused();
      await expect(approveButton(page, 'Pixel 9')).toHaveAttribute(
        'aria-keyshortcuts',
        mac ? 'Meta+Enter' : 'Control+Enter',
      );
      // During the settle window: nothing is sent, and the card says so.
      await page.keyboard.press(approveKey);
      await expect(pixel.getByRole('alert').filter({ hasText: 'Not approved' })).toHaveText(
        /^Not approved: Take a moment to read the request\. Approve is possible in 1\.5 s\./,
      );
      expect(await calls(page, 'approve')).toEqual([]);
      await clockAt(page, now + 1_500);
      await expectSettled(page, 'Pixel 9');
      await page.keyboard.press('Enter');
      await page.keyboard.press(otherKey);
      await page.waitForTimeout(200);
      expect(await calls(page, 'approve')).toEqual([]);
      await page.keyboard.press(approveKey);
      await expect.poll(async () => (await calls(page, 'approve')).length).toBe(1);
      expect((await calls(page, 'approve'))[0]?.args).toMatchObject([
        { deviceId: 'dev-pixel-7f3a9c', revision: 3 },
      ]);
    });
  }

  test('a widening just before ⌘↩ does nothing but show the change and say so', async ({ page }) => {
    const now = Date.now();
    await clockAt(page, now);
    await openPanel(page, { state: baseState(now) });
    const pixel = card(page, 'Pixel 9');
    await pixel.locator('h3').click();
    await expect(pixel).toBeFocused();
    await clockAt(page, now + 2_000);
    await expectSettled(page, 'Pixel 9');
    await emit(page, 'state', widened(now, now + 2_000));
    await page.keyboard.press('Control+Enter');
    await expect(pixel.getByRole('alert').filter({ hasText: 'Not approved' })).toContainText(
      'This request just changed',
    );
    await expect(pixel.locator('.change')).toBeVisible();
    await page.waitForTimeout(200);
    expect(await calls(page, 'approve')).toEqual([]);
  });

  test('Esc is "Not now" on the focused card', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now) });
    const cli = card(page, 'openclaw CLI');
    await cli.locator('h3').click();
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await calls(page, 'notNow')).map((c) => c.args))
      .toEqual([['dev-cli-11b2e0']]);
    await expect(cli.getByRole('status')).toContainText('Not now for openclaw CLI');
  });
});

test.describe('plain words and result lines', () => {
  test('codes, method prefixes, backticks and a repeated URL stay out of the main text', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, {
      state: baseState(now, {
        notices: [
          {
            id: 'n2',
            level: 'warning',
            message:
              'device.pair.list: could not reach ws://127.0.0.1:18789 (ws://127.0.0.1:18789 refused) – try `openclaw gateway`',
            at: now,
          },
        ],
      }),
      answers: {
        reject: {
          ok: false,
          error: 'It asks for more than the card showed (WIDER_THAN_SHOWN); retry_with_device_token',
          code: 'WIDER_THAN_SHOWN',
        },
      },
    });
    const notice = page.getByRole('list', { name: 'Notices' }).locator('li').filter({ hasText: 'could not' });
    await expect(notice.locator('.plain')).toHaveText(
      'could not reach ws://127.0.0.1:18789 (it refused) – try openclaw gateway',
    );
    await expect(notice.locator('.plain code')).toHaveText('openclaw gateway');
    await expect(notice.locator('.details')).toHaveText('Details: device.pair.list');
    const pixel = card(page, 'Pixel 9');
    await pixel.getByRole('button', { name: 'Reject' }).click();
    const line = pixel.getByRole('alert').filter({ hasText: 'Reject Pixel 9' });
    await expect(line.locator('.plain')).toHaveText(
      'Reject Pixel 9 failed: It asks for more than the card showed;',
    );
    await expect(line.locator('.details')).toHaveText('Details: WIDER_THAN_SHOWN · retry_with_device_token');
  });

  test('no stale “Approved” line on the next card of the same device', async ({ page }) => {
    const now = Date.now();
    const state = baseState(now);
    await openPanel(page, { state, answers: { approve: { ok: true, message: 'approved in 9 ms' } } });
    await approveButton(page, 'Pixel 9').click();
    await expect(card(page, 'Pixel 9').getByRole('status')).toContainText('approved in 9 ms');
    await emit(page, 'state', { ...state, inbox: [cliItem(now)] });
    const screenLine = page.locator('section[aria-label="Pending requests"] > .results');
    await expect(screenLine).toContainText('Approve Pixel 9: approved in 9 ms');
    // The device asks again later: a new card, with no line from the old one.
    await emit(page, 'state', {
      ...state,
      inbox: [pixelItem(now, { firstSeenAt: Date.now(), notice: undefined }), cliItem(now)],
    });
    await expect(card(page, 'Pixel 9')).toBeVisible();
    await expect(card(page, 'Pixel 9').locator('.result')).toHaveCount(0);
  });
});

test.describe('compact cards', () => {
  test('two cards fit in the panel’s default height (380×560) and no tag wraps, even with a long name', async ({
    page,
  }) => {
    const now = Date.now();
    await page.setViewportSize({ width: 380, height: 560 });
    const longName = 'Build server in the basement rack number seven (staging, do not unplug)';
    await openPanel(page, {
      state: baseState(now, {
        notices: [],
        inbox: [
          pixelItem(now, {
            notice: undefined,
            requester: { ...cliCard(now).requester, displayName: longName, internalHint: undefined },
          }),
          cliItem(now),
        ],
      }),
    });
    const cards = page.locator('article.card');
    await expect(cards).toHaveCount(2);
    await expect(page.locator('.settle-reason')).toHaveCount(0, { timeout: 10_000 });
    const boxes = await cards.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().bottom));
    expect(Math.max(...boxes)).toBeLessThanOrEqual(560);
    const wrapped = await page
      .locator('.kind, .risk-tag, .new-tag, .badge, .count, .scope-name, .card-head h3')
      .evaluateAll((els) =>
        els
          .filter((el) => {
            const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 16;
            return el.getClientRects().length > 1 || el.getBoundingClientRect().height > lineHeight * 1.6;
          })
          .map((el) => el.textContent),
      );
    expect(wrapped).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
  });
});

test.describe('mute and ignore', () => {
  test('Mute offers 1 hour, 1 day and until unmuted; a muted card and Devices offer Unmute', async ({
    page,
  }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now) });
    const cli = card(page, 'openclaw CLI');
    for (const choice of ['1 hour', '1 day', 'Until I unmute']) {
      await cli.getByRole('button', { name: 'Mute or ignore openclaw CLI' }).click();
      await cli.getByRole('button', { name: choice }).click();
    }
    expect((await calls(page, 'mute')).map((c) => c.args)).toEqual([
      ['dev-cli-11b2e0', 60],
      ['dev-cli-11b2e0', 1440],
      ['dev-cli-11b2e0', 52_560_000],
    ]);
    await emit(
      page,
      'state',
      baseState(now, {
        inbox: [pixelItem(now), cliItem(now, { mutedUntil: now + 52_560_000 * 60_000 }, { quiet: true })],
      }),
    );
    await expect(cli).toContainText('Muted until you unmute it');
    await cli.getByRole('button', { name: 'Unmute openclaw CLI' }).click();
    await tab(page, 'Devices').click();
    const muted = page.getByRole('region', { name: 'Muted devices' });
    await expect(muted).toContainText('openclaw CLI until you unmute it');
    await muted.getByRole('button', { name: 'Unmute openclaw CLI' }).click();
    expect((await calls(page, 'mute')).slice(3).map((c) => c.args)).toEqual([
      ['dev-cli-11b2e0', 0],
      ['dev-cli-11b2e0', 0],
    ]);
  });

  test('Ignore moves a device to the ignored list, where it can be un-ignored', async ({ page }) => {
    const now = Date.now();
    await openPanel(page, { state: baseState(now) });
    const cli = card(page, 'openclaw CLI');
    await cli.getByRole('button', { name: 'Mute or ignore openclaw CLI' }).click();
    await cli.getByRole('button', { name: 'Ignore this device' }).click();
    expect((await calls(page, 'setIgnored')).map((c) => c.args)).toEqual([['dev-cli-11b2e0', true]]);
    await emit(
      page,
      'state',
      baseState(now, { inbox: [pixelItem(now), cliItem(now, { ignored: true }, { quiet: true })] }),
    );
    await expect(cli).toHaveCount(0);
    await expect(tab(page, 'Pending (1)')).toBeVisible();
    const ignored = page.getByRole('region', { name: 'Ignored devices' });
    await expect(ignored).toContainText('openclaw CLI');
    await ignored.getByRole('button', { name: 'Un-ignore openclaw CLI' }).click();
    expect((await calls(page, 'setIgnored')).map((c) => c.args)).toEqual([
      ['dev-cli-11b2e0', true],
      ['dev-cli-11b2e0', false],
    ]);
  });

  test('a focus request for a device opens its row on Devices', async ({ page }) => {
    await openPanel(page, { state: baseState(Date.now()) });
    await emit(page, 'focus', { view: 'devices', deviceId: 'dev-iphone-5c5c5c' });
    await expect(tab(page, 'Devices')).toHaveAttribute('aria-selected', 'true');
    const row = page.locator('details.device[data-device-id="dev-iphone-5c5c5c"]');
    await expect(row).toHaveAttribute('open', '');
    await expect(row.locator('summary')).toBeFocused();
    await emit(page, 'focus', { view: 'history' });
    await expect(tab(page, 'History')).toHaveAttribute('aria-selected', 'true');
  });
});

test('screenshots: pending (normal, changed and settling), devices, history, light and dark', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const now = Date.now();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await clockAt(page, now);
    await openPanel(page, { state: baseState(now), history: history(now) });
    await clockAt(page, now + 2_000);
    await expectSettled(page, 'Pixel 9');
    await keep(page, `pending-normal-${scheme}`);
    await emit(page, 'state', widened(now, now + 2_000));
    await expect(card(page, 'Pixel 9').locator('.change')).toBeVisible();
    await keep(page, `pending-changed-settling-${scheme}`);
    await tab(page, 'Devices').click();
    for (const summary of await page.locator('details.device summary').all()) await summary.click();
    await keep(page, `devices-${scheme}`);
    await tab(page, 'History').click();
    await expect(page.locator('.history-entry').first()).toBeVisible();
    await keep(page, `history-${scheme}`);
  }
});
