// Login items through Electron: the decisions live in core/service/policy.ts; this only calls Electron.
import type { App, Shell } from 'electron';
import os from 'node:os';
import type { LoginItemsPort } from '../core/app/types.ts';
import { loginItemCall } from '../core/service/policy.ts';

/** System Settings → General → Login Items (macOS 13+). */
const LOGIN_ITEMS_SETTINGS = 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension';

export function loginItemsPort(
  app: App,
  shell: Pick<Shell, 'openExternal'>,
  host = { platform: process.platform, release: os.release() },
): LoginItemsPort {
  return {
    get: () => app.getLoginItemSettings(),
    set(openAtLogin) {
      const call = loginItemCall(host.platform, host.release, openAtLogin, app.getLoginItemSettings());
      if (call) app.setLoginItemSettings(call);
    },
    openSystemSettings: () => void shell.openExternal(LOGIN_ITEMS_SETTINGS),
  };
}
