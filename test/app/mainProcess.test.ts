// The whole app headless: the bundled main process (dist/main.cjs, the bundle a Mac loads) under
// Node 24 with the Electron stand-in (test/support/electronStandin), the real core in it, a real
// gateway of each pinned version, a real Secret Service and a temp data dir. Each test drives it as
// a person would: the tray's items, a notification's buttons and body, the panel's requests, Quit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { approvalKey } from '../../electron/core/approvals/records.ts';
import type { FocusRequest } from '../../electron/core/contract/contract.ts';
import type { AppState } from '../../electron/core/contract/views.ts';
import { SETTLE_MS } from '../../electron/core/inbox/settle.ts';
import { ApprovalRequester } from '../support/approvalRequester.ts';
import { TestDevice, type Retrier } from '../support/device.ts';
import { launchApp, type RunningApp } from '../support/electronStandin/launch.ts';
import { processesOf } from '../support/electronStandin/processes.ts';
import type { MenuRecord, StandinSnapshot } from '../support/electronStandin/records.ts';
import { sharedGateway, stopOwnedGateways, tempDir, type TestGateway } from '../support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import { GATEWAY_VERSIONS } from '../support/toolchain.ts';

/** The gateway's own view of its devices (the CLI, as a user would check). */
interface GatewayDevices {
  pending?: { deviceId: string; requestId: string }[];
  paired?: { deviceId: string; scopes?: string[] }[];
}

async function gatewayDevices(gw: TestGateway): Promise<GatewayDevices> {
  const { json, result } = await gw.devices(['list']);
  // A CLI that failed (e.g. timed out on a loaded machine) says nothing about the devices.
  if (json === undefined)
    throw new Error(`openclaw devices list failed (${result.code}): ${result.stderr.slice(-500)}`);
  return json as GatewayDevices;
}

function menuItem(menu: readonly MenuRecord[] | null | undefined, id: string): MenuRecord | undefined {
  for (const item of menu ?? []) {
    if (item.id === id) return item;
    const inner = menuItem(item.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}

const panelOf = (s: StandinSnapshot) => s.windows.find((w) => !w.destroyed);

/** The person clicks elsewhere: the panel hides, as it does on blur. */
async function dismissPanel(app: RunningApp): Promise<void> {
  await app.do({ op: 'blurPanel' });
  // A tray click right after a blur is ignored by design (the same click): wait that out.
  await new Promise((r) => setTimeout(r, 300));
}

/** Chooses a tray item and returns the focus event it sent to the panel (or undefined). */
async function chooseAndFocus(app: RunningApp, item: string): Promise<FocusRequest | undefined> {
  await dismissPanel(app);
  const before = (await app.sent('focus')).length;
  await app.do({ op: 'chooseMenuItem', item });
  await app.until((s) => panelOf(s)?.visible, `the panel to show after "${item}"`);
  await new Promise((r) => setTimeout(r, 100));
  return (await app.sent('focus')).slice(before).at(-1);
}

async function lastState(app: RunningApp): Promise<AppState | undefined> {
  return (await app.sent('state')).at(-1);
}

/**
 * A device paired for reading that now keeps asking for approvals: one pending scope upgrade. 9.6
 * pairs a local device by itself only while auto-approval is on, and holds its upgrade only while off.
 */
async function upgradeRequest(
  gw: TestGateway,
  name: string,
): Promise<{ device: TestDevice; retrier: Retrier }> {
  const device = new TestDevice({ displayName: name, clientId: 'openclaw-ios', platform: 'ios' });
  if (gw.version !== '2026.4.12') await gw.setAutoApproveLocal(true);
  const first = await device.connect(gw, { scopes: ['operator.read'] });
  assert.ok(first.ok, `${name} paired for reading: ${JSON.stringify(first)}`);
  if (gw.version !== '2026.4.12') await gw.setAutoApproveLocal(false);
  const retrier = device.retry(gw, {
    scopes: ['operator.read', 'operator.approvals'],
    intervalMs: 400,
    untilStopped: true,
  });
  return { device, retrier };
}

/** Polls an async check until it holds. */
async function eventually<T>(
  pred: () => Promise<T | undefined | false | null>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const v = await pred().catch((err: unknown) => {
      lastError = String(err);
      return undefined;
    });
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last: ${lastError})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Right-clicks the tray and returns the item with this id once the menu has it. */
function trayItem(app: RunningApp, id: string, what: string): Promise<MenuRecord> {
  return eventually(
    async () => menuItem((await app.do({ op: 'openMenu' })) as MenuRecord[] | null, id),
    20_000,
    what,
  );
}

/** Device names of this run: a shared gateway may still hold requests of an earlier run's devices. */
const run = Math.random().toString(36).slice(2, 6);

let keyring: KeyringFixture;
before(async () => {
  keyring = await startKeyring();
});
after(async () => {
  await keyring?.stop();
  await stopOwnedGateways();
});

for (const version of GATEWAY_VERSIONS) {
  describe(`the app against gateway ${version}`, () => {
    let gw: TestGateway;
    let app: RunningApp;
    let home: string;
    const retriers: Retrier[] = [];

    before(async () => {
      gw = await sharedGateway(version);
      home = tempDir(`clawbar-app-${version}-`);
    });
    after(async () => {
      for (const r of retriers) await r.stop();
      app?.kill();
      // The requests this file left waiting (Not now, Quit) would stay on the shared gateway for their
      // five minutes and show up in later files' inboxes: turn them down.
      // Best effort: a CLI that times out on a loaded machine must not fail the file's tests.
      const own = new Set(retriers.map((r) => r.device.deviceId));
      try {
        const left = (await gatewayDevices(gw)).pending?.filter((p) => own.has(p.deviceId)) ?? [];
        for (const p of left) {
          const { result } = await gw.devices(['reject', p.requestId]);
          if (result.code !== 0) console.log(`[cleanup] reject ${p.requestId}: ${result.stderr.slice(-300)}`);
        }
      } catch (err) {
        console.log(`[cleanup] could not turn down the requests left waiting: ${String(err).slice(0, 300)}`);
      }
      if (version !== '2026.4.12') await gw.setAutoApproveLocal(true);
    });

    const launch = () =>
      launchApp({
        home,
        env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: keyring.busAddress },
        settings: fs.existsSync(path.join(home, 'userData', 'settings.json'))
          ? undefined
          : { gatewayUrl: gw.url, startGatewayWithClawbar: false, keepRunning: 'none' },
      });

    /**
     * The app the first test left connected; when that test failed part-way, a running app connected
     * with the token, so the later tests do not all fail with it.
     */
    async function ready(): Promise<RunningApp> {
      if (!app || app.child.exitCode !== null || app.child.signalCode !== null) app = await launch();
      const connected = (x: StandinSnapshot) => /Connected/.test(x.tray?.toolTip ?? '');
      if (!(await app.until(connected, 'Clawbar connected', 20_000).catch(() => false))) {
        const set = await app.request('setToken', gw.token);
        assert.ok(set.ok, JSON.stringify(set));
        await app.until(connected, 'Clawbar to connect with the token');
      }
      return app;
    }

    /** Waits until the item's current revision has been on screen long enough to count (settle rule). */
    async function settled(key: string): Promise<void> {
      const item = await eventually(
        async () => (await app.request('getState')).inbox.find((i) => i.key === key),
        20_000,
        `the item ${key}`,
      );
      const wait = item.revisedAt + SETTLE_MS + 300 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }

    test('first launch shows the panel under the tray icon; a token from the panel connects', async () => {
      app = await launch();
      const s = await app.until((x) => panelOf(x)?.visible && x, 'the panel to show on first launch');
      const panel = panelOf(s)!;
      assert.equal(panel.url, 'app://clawbar/index.html');
      assert.equal(s.app.dockHidden, true, 'a menu-bar app hides its Dock icon');
      assert.ok(s.tray, 'the tray icon exists');
      assert.ok(
        panel.bounds.x > 1000 && panel.bounds.y >= 25,
        `anchored under the tray: ${JSON.stringify(panel.bounds)}`,
      );
      const first = await lastState(app);
      assert.equal(first?.firstRun, true);
      // No red before the person has done anything: a token not given yet is a step, not a failure.
      const settled = await app.until(
        (x) => x.tray && !/Connecting/.test(x.tray.toolTip) && x.tray,
        'the first connection attempt to end',
      );
      assert.doesNotMatch(settled.icon, /error/, `tray icon on first launch: ${settled.toolTip}`);
      assert.doesNotMatch(settled.toolTip, /refused/, 'the tray does not call a missing token a refusal');
      assert.match(
        settled.toolTip,
        /Set up Clawbar: it needs the gateway token/,
        'the tray names the next step',
      );
      // A page that is not the panel gets nothing.
      const stranger = (await app.do({
        op: 'invoke',
        channel: 'clawbar:getState',
        args: [[]],
        from: 'stranger',
      })) as {
        ok: boolean;
        code?: string;
      };
      assert.deepEqual([stranger.ok, stranger.code], [false, 'forbidden']);

      const set = await app.request('setToken', gw.token);
      assert.ok(set.ok, JSON.stringify(set));
      await app.until((x) => /Connected/.test(x.tray?.toolTip ?? ''), 'Clawbar to connect');
      const up = await app.request('getState');
      assert.equal(up.connection.kind, 'connected');

      // Launched again with the token stored, Clawbar stays in the menu bar.
      const ended = await app.quit();
      assert.equal(ended.exitedByItself, true, `the app let go of everything:\n${app.output().slice(-2000)}`);
      app = await launch();
      await app.until((x) => /Connected/.test(x.tray?.toolTip ?? ''), 'Clawbar to connect again');
      assert.equal(panelOf(await app.snapshot())?.visible, false, 'no panel when a token is stored');
    });

    test('every tray item reaches its destination', async () => {
      await ready();
      const { device, retrier } = await upgradeRequest(gw, `Tray phone ${version} ${run}`);
      retriers.push(retrier);
      const card = `card:${device.deviceId}`;
      await trayItem(app, `${card}:approve`, 'the card in the tray menu');
      await trayItem(app, `device:${device.deviceId}:details`, 'the device in the tray menu');

      assert.deepEqual(await chooseAndFocus(app, 'app:history'), { view: 'history' });
      assert.deepEqual(await chooseAndFocus(app, 'app:preferences'), { view: 'settings' });
      assert.deepEqual(await chooseAndFocus(app, `${card}:open`), {
        view: 'pending',
        key: `device:${device.deviceId}`,
      });
      assert.deepEqual(await chooseAndFocus(app, `device:${device.deviceId}:details`), {
        view: 'devices',
        deviceId: device.deviceId,
      });
      const focusCount = (await app.sent('focus')).length;
      await dismissPanel(app);
      await app.do({ op: 'chooseMenuItem', item: 'app:open' });
      await app.until((s) => panelOf(s)?.visible, 'the panel to open');
      assert.equal(
        (await app.sent('focus')).length,
        focusCount,
        '"Open Clawbar…" keeps the screen the panel was on',
      );

      // A muted request offers Unmute in the tray; choosing it unmutes the device in the core.
      const muted = await app.request('mute', device.deviceId, 60);
      assert.ok(muted.ok, JSON.stringify(muted));
      await trayItem(app, `${card}:unmute`, 'Unmute in the tray menu of the muted card');
      await app.do({ op: 'chooseMenuItem', item: `${card}:unmute` });
      await eventually(
        async () => {
          const item = (await app.request('getState')).inbox.find(
            (i) => i.key === `device:${device.deviceId}`,
          );
          return item?.kind === 'device' && item.card.mutedUntil === undefined && !item.quiet;
        },
        10_000,
        'the card unmuted after choosing Unmute in the tray',
      );

      // An ignored request leaves the list and is counted; "Ignored requests (1)…" opens Pending.
      assert.ok((await app.request('setIgnored', device.deviceId, true)).ok);
      await trayItem(app, 'pending:ignored', '"Ignored requests…" in the tray menu');
      assert.equal(menuItem((await app.do({ op: 'openMenu' })) as MenuRecord[], card), undefined);
      assert.deepEqual(await chooseAndFocus(app, 'pending:ignored'), { view: 'pending' });
      assert.ok((await app.request('setIgnored', device.deviceId, false)).ok);
      await trayItem(app, `${card}:reject`, 'the card back in the tray menu once no longer ignored');

      // Reject: the gateway no longer holds the request (the device stops asking first).
      await retrier.stop();
      await app.do({ op: 'chooseMenuItem', item: `${card}:reject` });
      await eventually(
        async () => !(await gatewayDevices(gw)).pending?.some((p) => p.deviceId === device.deviceId),
        15_000,
        'the request rejected on the gateway',
      );

      // Remove and Reset ask first, naming the device; Cancel changes nothing on the gateway.
      const name = `Tray phone ${version} ${run}`;
      await app.do({ op: 'answerDialogs', answers: [1, 1] });
      await app.do({ op: 'chooseMenuItem', item: `device:${device.deviceId}:remove` });
      await app.do({ op: 'chooseMenuItem', item: `device:${device.deviceId}:reset` });
      const asked = await app.until((s) => s.dialogs.length >= 2 && s.dialogs, 'two confirmation dialogs');
      assert.equal(asked[0]!.options.message, `Remove “${name}”?`);
      assert.equal(asked[1]!.options.message, `Reset “${name}”?`);
      assert.deepEqual(asked[0]!.options.buttons, ['Remove', 'Cancel']);
      assert.equal(asked[0]!.options.cancelId, 1);
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(
        (await gatewayDevices(gw)).paired?.some((d) => d.deviceId === device.deviceId),
        'Cancel kept the device',
      );

      await app.do({ op: 'answerDialogs', answers: [0] });
      await app.do({ op: 'chooseMenuItem', item: `device:${device.deviceId}:remove` });
      await eventually(
        async () => !(await gatewayDevices(gw)).paired?.some((d) => d.deviceId === device.deviceId),
        15_000,
        'the device removed on the gateway after confirming',
      );
      await app.until((s) => s.dialogs.length === 3, 'the third dialog recorded');
    });

    test('a notification’s body opens its card; Not now and Approve act on the real gateway', async () => {
      await ready();
      const { device, retrier } = await upgradeRequest(gw, `Notified phone ${version} ${run}`);
      retriers.push(retrier);
      const key = `device:${device.deviceId}`;
      const live = (s: StandinSnapshot) =>
        s.notifications.find(
          (n) => n.shown && !n.closed && n.options.title?.includes(`Notified phone ${version} ${run}`),
        );
      const shown = await app.until(live, 'a notification for the request');
      const labels = (shown.options.actions ?? []).map((a) => a.text);
      assert.ok(labels.includes('Approve') && labels.includes('Not now'), `actions: ${labels.join(', ')}`);

      await dismissPanel(app);
      const focusBefore = (await app.sent('focus')).length;
      await app.do({ op: 'clickNotification', seq: shown.seq });
      await app.until((s) => panelOf(s)?.visible, 'the panel to open on the click');
      await eventually(async () => (await app.sent('focus')).length > focusBefore, 5000, 'a focus event');
      assert.deepEqual((await app.sent('focus')).at(-1), { view: 'pending', key });

      // Not now: the notification goes, the request stays on the gateway.
      await app.do({ op: 'pressNotificationAction', seq: shown.seq, index: labels.indexOf('Not now') });
      await app.until((s) => s.notifications[shown.seq - 1]!.closed, 'the notification to close on Not now');
      assert.ok(
        (await gatewayDevices(gw)).pending?.some((p) => p.deviceId === device.deviceId),
        'still pending',
      );

      // A second device: Approve from its notification once it has been on screen long enough to read.
      const other = await upgradeRequest(gw, `Approved phone ${version} ${run}`);
      retriers.push(other.retrier);
      const second = await app.until(
        (s) =>
          s.notifications.find(
            (n) => n.shown && !n.closed && n.options.title?.includes(`Approved phone ${version} ${run}`),
          ),
        'a notification for the second request',
      );
      await new Promise((r) => setTimeout(r, 1800));
      const approveIndex = (second.options.actions ?? []).findIndex((a) => a.text === 'Approve');
      await app.do({ op: 'pressNotificationAction', seq: second.seq, index: approveIndex });
      const connected = await other.retrier.untilConnected(20_000);
      assert.ok(connected.ok, 'the device connects with the approved scope');
      const paired = (await gatewayDevices(gw)).paired?.find((d) => d.deviceId === other.device.deviceId);
      assert.ok(paired?.scopes?.includes('operator.approvals'), JSON.stringify(paired));
      await app.until((s) => s.notifications[second.seq - 1]!.closed, 'the approved notification to close');
    });

    test('the tray’s Approve approves on the real gateway; the card’s version hint is the connected gateway’s', async () => {
      await ready();
      const name = `Tray approved ${version} ${run}`;
      const { device, retrier } = await upgradeRequest(gw, name);
      retriers.push(retrier);
      const key = `device:${device.deviceId}`;
      await trayItem(app, `card:${device.deviceId}:approve`, 'Approve in the tray menu of the card');

      // The hint comes from hello-ok's server version: 4.12 would not have approved this upgrade by
      // itself (2026.8.1+ does, for a local device on the token), so only 4.12's card says so.
      const state = await app.request('getState');
      assert.equal(state.connection.kind, 'connected');
      const serverVersion = state.connection.kind === 'connected' ? state.connection.serverVersion : '';
      assert.equal(serverVersion, version, 'hello-ok names the gateway’s version');
      const item = state.inbox.find((i) => i.key === key);
      assert.ok(item?.kind === 'device', `the card of ${name}`);
      if (version === '2026.4.12')
        assert.match(item.card.versionHint ?? '', /This gateway runs OpenClaw 2026\.4\.12\./);
      else assert.equal(item.card.versionHint, undefined, 'no hint where the gateway approves alone');

      // Settled: on screen (in the menu) for 1.5 s before Approve counts.
      await new Promise((r) => setTimeout(r, 1800));
      await app.do({ op: 'chooseMenuItem', item: `card:${device.deviceId}:approve` });
      const connected = await retrier.untilConnected(20_000);
      assert.ok(connected.ok, 'the device connects with the approved scope');
      const paired = (await gatewayDevices(gw)).paired?.find((d) => d.deviceId === device.deviceId);
      assert.ok(paired?.scopes?.includes('operator.approvals'), JSON.stringify(paired));
      await eventually(
        async () => !(await app.request('getState')).inbox.some((i) => i.key === key),
        10_000,
        'the card gone after the tray’s Approve',
      );
    });

    test('exec and plugin approvals in the tray: Allow once and Deny decide on the real gateway, Show details… opens the card', async (t) => {
      await ready();
      const state = await app.request('getState');
      const methods = state.connection.kind === 'connected' ? state.connection.methods : [];
      const missing = ['exec', 'plugin'].flatMap((k) =>
        [`${k}.approval.request`, `${k}.approval.resolve`].filter((m) => !methods.includes(m)),
      );
      if (missing.length) {
        t.skip(`gateway ${version} does not offer ${missing.join(', ')}: no approvals to click`);
        return;
      }
      // The requester pairs silently over loopback (9.6 only while auto-approval is on).
      if (version !== '2026.4.12') await gw.setAutoApproveLocal(true);
      const requester = await ApprovalRequester.connect(gw, { displayName: `Agent ${version} ${run}` });
      try {
        const decide = async (kind: 'exec' | 'plugin', id: string, choice: 'allow-once' | 'deny') => {
          const key = approvalKey(kind, id);
          await trayItem(app, `approval:${key}:${choice}`, `${choice} in the tray menu of ${key}`);
          await settled(key);
          const wait = requester.waitDecision(kind, id);
          await app.do({ op: 'chooseMenuItem', item: `approval:${key}:${choice}` });
          assert.equal((await wait).decision, choice, `the gateway got ${choice} for ${key}`);
          await eventually(
            async () => !(await app.request('getState')).inbox.some((i) => i.key === key),
            10_000,
            `${key} gone from the inbox after the tray's ${choice}`,
          );
        };
        const details = async (kind: 'exec' | 'plugin', id: string) => {
          const key = approvalKey(kind, id);
          await trayItem(app, `approval:${key}:open`, `Show details… of ${key}`);
          assert.deepEqual(await chooseAndFocus(app, `approval:${key}:open`), { view: 'pending', key });
        };

        const once = await requester.requestExec({ command: `echo tray-once-${run}` });
        await decide('exec', once.id, 'allow-once');
        const denied = await requester.requestExec({ command: `echo tray-deny-${run}` });
        await details('exec', denied.id);
        await decide('exec', denied.id, 'deny');

        const plugin = (title: string) =>
          requester.requestPlugin({
            pluginId: 'mailer',
            title,
            description: 'Sends the report to the team',
            severity: 'warning',
            toolName: 'mail.send',
          });
        const allowed = await plugin(`Send report ${run}`);
        await details('plugin', allowed.id);
        await decide('plugin', allowed.id, 'allow-once');
        const refused = await plugin(`Delete report ${run}`);
        await decide('plugin', refused.id, 'deny');
      } finally {
        await requester.close();
      }
    });

    test('Reset & re-approve from the tray, confirmed: removed on the gateway and approved again with exactly what it had', async () => {
      await ready();
      const name = `Reset phone ${version} ${run}`;
      const device = new TestDevice({ displayName: name, clientId: 'openclaw-ios', platform: 'ios' });
      if (version !== '2026.4.12') await gw.setAutoApproveLocal(true);
      assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok, 'paired for reading');
      // 9.6 would pair it again by itself while auto-approval is on; off, it waits for Clawbar.
      if (version !== '2026.4.12') await gw.setAutoApproveLocal(false);
      const reset = `device:${device.deviceId}:reset`;
      await trayItem(app, reset, 'Reset in the tray menu of the device');
      // The revision the menu shows must have been on screen for the settle time.
      await new Promise((r) => setTimeout(r, SETTLE_MS + 300));

      const dialogsBefore = (await app.snapshot()).dialogs.length;
      await app.do({ op: 'answerDialogs', answers: [0] });
      await app.do({ op: 'chooseMenuItem', item: reset });
      const asked = await app.until(
        (s) => s.dialogs.length > dialogsBefore && s.dialogs.at(-1),
        'the Reset confirmation',
      );
      assert.equal(asked.options.message, `Reset “${name}”?`);
      const resets = async () =>
        (await app.request('getHistory', 200)).filter(
          (h) => h.deviceId === device.deviceId && h.action === 'reset',
        );
      // Written once the gateway has removed the device (device.pair.remove answered).
      await eventually(
        async () => (await resets()).some((h) => /waiting/.test(h.outcome)),
        15_000,
        'the device removed, Clawbar waiting for it to ask again',
      );

      // The device asks again for what it had: Clawbar approves exactly that (4.12 may pair it first).
      const retrier = device.retry(gw, { scopes: ['operator.read'], intervalMs: 400 });
      retriers.push(retrier);
      assert.ok((await retrier.untilConnected(30_000)).ok, 'the device is back with its access');
      const done = await eventually(
        async () =>
          (await resets()).find((h) => h.outcome === 'approved' || h.outcome === 're-paired by the gateway'),
        15_000,
        'History: the reset finished',
      );
      if (version !== '2026.4.12') {
        assert.equal(done.outcome, 'approved', 'Clawbar re-approved it (auto-approval is off)');
        assert.deepEqual(done.scopesAfter, ['operator.read']);
      }
    });

    test('Reconnect while connected keeps the live connection: no new attempt, no state change', async () => {
      await ready();
      const before = await app.request('getState');
      assert.equal(before.connection.kind, 'connected');
      const since = before.connection.kind === 'connected' ? before.connection.connectedSince : 0;
      const sentBefore = (await app.sent('state')).length;
      await app.do({ op: 'chooseMenuItem', item: 'gateway:reconnect' });
      await new Promise((r) => setTimeout(r, 1500));
      const after = await app.request('getState');
      assert.equal(after.connection.kind, 'connected');
      assert.equal(
        after.connection.kind === 'connected' ? after.connection.connectedSince : -1,
        since,
        'the same connection (a new socket would have a new connectedSince)',
      );
      const passed = (await app.sent('state')).slice(sentBefore).map((s) => s.connection.kind);
      assert.ok(
        passed.every((k) => k === 'connected'),
        `no connecting/reconnecting on the way: ${passed.join(', ')}`,
      );
      assert.ok(
        !after.notices.some((n) => n.level === 'error' && n.at >= Date.now() - 2000),
        `no error: ${JSON.stringify(after.notices.slice(-2))}`,
      );
    });

    test('Quit disposes the core, closes notifications and leaves no process behind', async () => {
      await ready();
      const { retrier } = await upgradeRequest(gw, `Last phone ${version} ${run}`);
      retriers.push(retrier);
      await app.until(
        (s) =>
          s.notifications.some(
            (n) => n.shown && !n.closed && n.options.title?.includes(`Last phone ${version} ${run}`),
          ),
        'a live notification before quitting',
      );
      await app.do({ op: 'chooseMenuItem', item: 'app:quit' });
      const ended = await app.ended();
      console.log(`[app] quit took ${ended.quitMs} ms (disposing the core)`);
      assert.deepEqual(
        ended.snapshot.notifications.filter((n) => n.shown && !n.closed),
        [],
        'every notification closed',
      );
      assert.ok(
        ended.snapshot.windows.every((w) => w.destroyed),
        'the panel closed',
      );
      assert.equal(ended.exitedByItself, true, `exited by itself once quit:\n${app.output().slice(-2000)}`);
      // The core disposed: its log says so and the gateway no longer has Clawbar's connection.
      // Nothing started by the app still runs (every process it spawns inherits its home in the env).
      assert.deepEqual(processesOf(home), []);
    });
  });
}
