// The messages between the test (launch.ts) and the driver inside the app process (driver.ts).
import type { StandinSnapshot } from './records.ts';

export type DriverCommand =
  | { op: 'snapshot' }
  /** Left click on the tray icon (toggles the panel). */
  | { op: 'clickTray' }
  /** Right click on the tray icon (opens the menu) and choose the item with this id or label. */
  | { op: 'chooseMenuItem'; item: string }
  /** Right click only: the menu as shown. */
  | { op: 'openMenu' }
  | { op: 'pressNotificationAction'; seq: number; index: number }
  | { op: 'clickNotification'; seq: number }
  /** ipcRenderer.invoke from the panel's main frame (or from another sender). */
  | { op: 'invoke'; channel: string; args: unknown[]; from: 'panel' | 'stranger' }
  /** The buttons the next dialogs answer, first in first out. */
  | { op: 'answerDialogs'; answers: number[] }
  | { op: 'setLoginItem'; openAtLogin: boolean; status: StandinSnapshot['loginItem']['status'] }
  | { op: 'blurPanel' }
  | { op: 'fetchApp'; url: string }
  | { op: 'quit' }
  /** What keeps the process busy (handles, timers) and the app record: for a quit that does not end. */
  | { op: 'diagnose' };

export type DriverRequest = DriverCommand & { id: number };

export type DriverMessage =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  /** Electron would end the process now (after 'quit' or app.exit). */
  | { type: 'ended'; code: number; snapshot: StandinSnapshot };
