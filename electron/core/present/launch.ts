// What the shell does at launch and for the "Open at login" toggle, decided from the app state.
import type { FocusRequest } from '../contract/contract.ts';
import type { AppState } from '../contract/views.ts';
import type { ReportedLoginItem } from '../service/policy.ts';
import type { MenuAction } from './types.ts';

/**
 * A menu-bar app has no Dock icon and no window of its own: unless it shows itself on first launch
 * (and whenever no token is stored), a new user sees nothing happen.
 */
export function showPanelAtLaunch(state: Pick<AppState, 'firstRun' | 'secrets'>): boolean {
  return state.firstRun || !state.secrets.tokenPresent;
}

/**
 * Whether "Open at login" shows as on: what the OS reports where it has login items (the user may
 * have changed it in System Settings), the stored setting elsewhere.
 */
export function launchAtLoginShown(
  platform: NodeJS.Platform,
  reported: ReportedLoginItem | undefined,
  stored: boolean,
): boolean {
  if ((platform !== 'darwin' && platform !== 'win32') || !reported) return stored;
  if (reported.status !== undefined)
    return reported.status === 'enabled' || reported.status === 'requires-approval';
  return reported.openAtLogin;
}

/**
 * The panel screen a tray item opens: "History…" and "Preferences…" their screens, a pending
 * request's "Show details…" its card, a device's "Details…" that device. Undefined: show the panel as
 * it was ("Open Clawbar…").
 */
export function focusOfMenuAction(action: MenuAction): FocusRequest | undefined {
  if (action.kind !== 'open-panel') return undefined;
  const view = action.view ?? (action.key ? 'pending' : action.deviceId ? 'devices' : undefined);
  if (view === undefined) return undefined;
  if (view === 'pending') {
    const key = action.key ?? (action.deviceId ? `device:${action.deviceId}` : undefined);
    return key ? { view, key } : { view };
  }
  if (view === 'devices') return action.deviceId ? { view, deviceId: action.deviceId } : { view };
  return { view };
}
