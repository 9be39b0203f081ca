// The Electron login-item adapter with a stand-in for Electron's `app` (the import boundary).
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import type { App, LoginItemSettings, Settings } from 'electron';
import { loginItemsPort } from './loginItem.ts';

test('set() makes the one call the policy asks for, and none when nothing changes', () => {
  const calls: Settings[] = [];
  let reported: Partial<LoginItemSettings> = { openAtLogin: false, wasOpenedAtLogin: false, status: 'not-registered' };
  const app = {
    getLoginItemSettings: () => reported as LoginItemSettings,
    setLoginItemSettings: (s: Settings) => void calls.push(s),
  } as unknown as App;
  const opened: string[] = [];
  const port = loginItemsPort(app, { openExternal: (url: string) => (opened.push(url), Promise.resolve()) });
  port.set(true);
  if (process.platform === 'darwin' || process.platform === 'win32') {
    const expectType = process.platform === 'darwin' && parseInt(os.release(), 10) >= 22;
    assert.deepEqual(calls, [expectType ? { openAtLogin: true, type: 'mainAppService' } : { openAtLogin: true }]);
    reported = { ...reported, openAtLogin: true, status: 'enabled' };
    port.set(true);
    assert.equal(calls.length, 1);
  } else {
    assert.deepEqual(calls, [], 'no login items on this platform');
  }
  assert.equal(port.get().status, reported.status);
  port.openSystemSettings();
  assert.deepEqual(opened, ['x-apple.systempreferences:com.apple.LoginItems-Settings.extension']);
});
