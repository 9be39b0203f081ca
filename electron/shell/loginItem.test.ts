// The Electron login-item adapter with a stand-in for Electron's `app` (the import boundary).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { App, LoginItemSettings, Settings } from 'electron';
import { loginItemsPort } from './loginItem.ts';

function fakeApp(initial: Partial<LoginItemSettings>) {
  const calls: Settings[] = [];
  const state = { reported: { openAtLogin: false, wasOpenedAtLogin: false, ...initial } };
  const app = {
    getLoginItemSettings: () => state.reported as LoginItemSettings,
    setLoginItemSettings: (s: Settings) => void calls.push(s),
  } as unknown as App;
  return { app, calls, state };
}
const noShell = { openExternal: () => Promise.resolve() };

test('macOS 13+: set(true) registers the main app service once; no call when already enabled', () => {
  const { app, calls, state } = fakeApp({ status: 'not-registered' });
  const port = loginItemsPort(app, noShell, { platform: 'darwin', release: '24.1.0' });
  port.set(true);
  assert.deepEqual(calls, [{ openAtLogin: true, type: 'mainAppService' }]);
  state.reported = { ...state.reported, openAtLogin: true, status: 'enabled' };
  port.set(true);
  assert.equal(calls.length, 1);
  port.set(false);
  assert.deepEqual(calls.at(-1), { openAtLogin: false, type: 'mainAppService' });
  assert.equal(port.get().status, 'enabled');
});

test('older macOS: plain openAtLogin; Linux: no call', () => {
  const old = fakeApp({});
  loginItemsPort(old.app, noShell, { platform: 'darwin', release: '21.6.0' }).set(true);
  assert.deepEqual(old.calls, [{ openAtLogin: true }]);
  const linux = fakeApp({});
  loginItemsPort(linux.app, noShell, { platform: 'linux', release: '6.1.0' }).set(true);
  assert.deepEqual(linux.calls, []);
});

test('openSystemSettings opens Login Items in System Settings', () => {
  const opened: string[] = [];
  const port = loginItemsPort(fakeApp({}).app, {
    openExternal: (url: string) => (opened.push(url), Promise.resolve()),
  });
  port.openSystemSettings();
  assert.deepEqual(opened, ['x-apple.systempreferences:com.apple.LoginItems-Settings.extension']);
});
