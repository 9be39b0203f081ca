// Pure decisions: which way keeps the gateway running, what a launch should do, and login items.
import type { KeepRunningMode, LoginItemState, LoginItemView, ServiceMode } from '../contract/views.ts';

export interface ModeFacts {
  platform: NodeJS.Platform;
  setting: KeepRunningMode;
  openclawFound: boolean;
  /** The LaunchAgent plist exists (macOS). */
  launchdInstalled?: boolean;
  /** The user unit is known to systemd (Linux). */
  systemdInstalled?: boolean;
}

/** The user's choice where it applies to the platform, otherwise the first way that applies. */
export function chooseMode(f: ModeFacts): { mode: ServiceMode; chosen: 'auto' | 'user' } {
  if (f.setting !== 'auto') {
    const fits =
      f.setting === 'none' ||
      f.setting === 'supervised' ||
      (f.setting === 'launchd' && f.platform === 'darwin') ||
      (f.setting === 'systemd' && f.platform === 'linux');
    return { mode: fits ? f.setting : 'none', chosen: 'user' };
  }
  if (f.platform === 'darwin' && f.launchdInstalled) return { mode: 'launchd', chosen: 'auto' };
  if (f.platform === 'linux' && f.systemdInstalled) return { mode: 'systemd', chosen: 'auto' };
  if (f.openclawFound) return { mode: 'supervised', chosen: 'auto' };
  return { mode: 'none', chosen: 'auto' };
}

export interface LaunchFacts {
  argv: readonly string[];
  /** `app.getLoginItemSettings().wasOpenedAtLogin` (macOS). */
  wasOpenedAtLogin?: boolean;
  startGatewayWithClawbar: boolean;
}

export interface LaunchPlan {
  openedAtLogin: boolean;
  /** Opened at login or with `--hidden`: live in the menu bar only. */
  showWindow: boolean;
  /** Make sure the gateway runs (in the chosen way) before connecting. */
  ensureGateway: boolean;
}

export function launchPlan(f: LaunchFacts): LaunchPlan {
  const openedAtLogin = f.wasOpenedAtLogin === true;
  const hidden = openedAtLogin || f.argv.includes('--hidden');
  return { openedAtLogin, showWindow: !hidden, ensureGateway: f.startGatewayWithClawbar };
}

/** What Electron's `app.getLoginItemSettings()` reports (status only on macOS 13+). */
export interface ReportedLoginItem {
  openAtLogin: boolean;
  status?: string;
}

const MESSAGES: Record<LoginItemState, string> = {
  enabled: 'Clawbar opens when you log in.',
  'not-registered': 'Clawbar does not open at login.',
  'requires-approval':
    'macOS is waiting for your approval: allow Clawbar in System Settings → General → Login Items.',
  'not-found':
    'macOS cannot find Clawbar’s login item. Move Clawbar to Applications, then turn this on again.',
  unsupported: 'Opening at login is managed by your desktop’s autostart settings on this system.',
};

export function loginItemView(
  platform: NodeJS.Platform,
  reported: ReportedLoginItem | undefined,
): LoginItemView {
  let state: LoginItemState;
  if ((platform !== 'darwin' && platform !== 'win32') || !reported) state = 'unsupported';
  else if (
    reported.status === 'enabled' ||
    reported.status === 'requires-approval' ||
    reported.status === 'not-found' ||
    reported.status === 'not-registered'
  )
    state = reported.status;
  else state = reported.openAtLogin ? 'enabled' : 'not-registered';
  return { state, message: MESSAGES[state], canOpenSettings: state === 'requires-approval' };
}

/** macOS 13 (Ventura) is Darwin 22: from there login items go through SMAppService. */
export function hasServiceManagement(platform: NodeJS.Platform, osRelease: string): boolean {
  return platform === 'darwin' && (parseInt(osRelease, 10) || 0) >= 22;
}

export interface LoginItemCall {
  openAtLogin: boolean;
  type?: 'mainAppService';
}

/**
 * The `app.setLoginItemSettings` call for the user turning the setting on or off, or undefined when
 * nothing must change (or the platform has no login items). Only called on the user's action:
 * Clawbar never registers itself on its own.
 */
export function loginItemCall(
  platform: NodeJS.Platform,
  osRelease: string,
  wanted: boolean,
  reported: ReportedLoginItem | undefined,
): LoginItemCall | undefined {
  if (platform !== 'darwin' && platform !== 'win32') return undefined;
  const registered =
    reported?.status !== undefined
      ? reported.status === 'enabled' || reported.status === 'requires-approval'
      : reported?.openAtLogin === true;
  if (registered === wanted) return undefined;
  return hasServiceManagement(platform, osRelease)
    ? { openAtLogin: wanted, type: 'mainAppService' }
    : { openAtLogin: wanted };
}
