// What the core presents to the shell: notification ops, the tray menu and the tray icon, as plain
// data. The shell maps them to Electron's Notification, Menu and Tray and decides nothing.
import type { DecisionAction, DecisionActionId, ServiceAction } from '../contract/views.ts';

/** What a notification's buttons and body can report back: an action's id, or a click on the body. */
export type NotificationResponse = DecisionActionId | 'click';

/** The key of the "Send a test notification" notification (never an inbox item). */
export const TEST_NOTIFICATION_KEY = 'clawbar-test';

/**
 * What the shell does with native notifications: at most one live notification per inbox item, keyed
 * by the item's key. Each op names the item's revision it shows, so an action reported back can be
 * checked against the item's current revision.
 */
export type NotificationOp =
  | {
      type: 'show' | 'update';
      key: string;
      revision: number;
      title: string;
      body: string;
      /** The buttons, in order: Electron's action index maps into this list. */
      actions: DecisionAction[];
      silent: boolean;
      /** Set when this notification stands for a group of items (one agent session's burst). */
      group?: string;
      /** How many other items of the group it counts (the body says "+N more from this session"). */
      more?: number;
    }
  | { type: 'close'; key: string; revision: number }
  /** "Send a test notification" in Settings: no actions, proves notifications reach the user. */
  | { type: 'test'; key: typeof TEST_NOTIFICATION_KEY; title: string; body: string };

export type ShownNotificationOp = Extract<NotificationOp, { type: 'show' | 'update' }>;

export type MenuAction =
  /** Approve the item as it was at this revision (rebuilt menus carry the current one). */
  | { kind: 'approve'; key: string; revision: number }
  | { kind: 'reject'; deviceId: string; requestId: string }
  /** Notifications for a muted device's requests again (the core's `unmute`). */
  | { kind: 'unmute'; deviceId: string }
  /** An exec or plugin approval decided as it was at this revision (Allow once / Deny). */
  | { kind: 'decide'; key: string; revision: number; decision: 'allow-once' | 'deny' }
  | {
      kind: 'open-panel';
      view?: 'pending' | 'devices' | 'history' | 'settings';
      key?: string;
      deviceId?: string;
    }
  | { kind: 'remove'; deviceId: string }
  /** Reset & re-approve the device as it held `revision` (DeviceView.revision) when the menu was built. */
  | { kind: 'reset'; deviceId: string; revision: number }
  | { kind: 'service'; action: ServiceAction }
  | { kind: 'reconnect' }
  | { kind: 'quit' };

export type MenuItem =
  | { type: 'label'; id: string; label: string }
  | { type: 'separator'; id: string }
  | { type: 'action'; id: string; label: string; enabled: boolean; action: MenuAction }
  | { type: 'submenu'; id: string; label: string; items: MenuItem[] };

export type TrayIconName = 'connected' | 'attention' | 'disconnected' | 'stopped' | 'error';

export interface TrayIconModel {
  icon: TrayIconName;
  /** e.g. the pending count, shown next to the icon. */
  badge?: string;
  tooltip: string;
}
