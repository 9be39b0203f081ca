// The seams between the core and its adapters (Electron shell, dev host). Plain data and interfaces.
import type { ClawbarEvents, ClawbarRequests, EventName } from '../contract/contract.ts';
import type { ApproveIntent, PairingCard, ServiceAction } from '../contract/views.ts';

/** What the shell does with native notifications: at most one live notification per device. */
export type NotificationOp =
  | { type: 'show'; deviceId: string; title: string; body: string; card: PairingCard; silent?: boolean }
  | { type: 'update'; deviceId: string; title: string; body: string; card: PairingCard; silent?: boolean }
  | { type: 'close'; deviceId: string }
  /** "Send a test notification" in Settings: no actions, proves notifications reach the user. */
  | { type: 'test'; deviceId: 'clawbar-test'; title: string; body: string };

/** Native notification actions, in display order (Approve first). */
export type NotificationActionId = 'approve' | 'not-now';

export type MenuAction =
  | { kind: 'approve'; intent: ApproveIntent }
  | { kind: 'reject'; deviceId: string; requestId: string }
  | { kind: 'open-panel'; view?: 'pending' | 'devices' | 'history' | 'settings'; deviceId?: string }
  | { kind: 'remove'; deviceId: string }
  | { kind: 'reset'; deviceId: string }
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

/** What the OS offers for login items, as Electron reports it (mapped by the shell, decided in core). */
export interface LoginItemsPort {
  get(): { openAtLogin: boolean; status?: string; wasOpenedAtLogin?: boolean };
  set(openAtLogin: boolean): void;
  openSystemSettings(): void;
}

export interface PlatformPorts {
  platform: NodeJS.Platform;
  loginItems?: LoginItemsPort;
}

/** The core as the shell and the dev host see it: the bridge requests plus subscriptions. */
export interface ClawbarCore extends ClawbarRequests {
  on<E extends EventName>(event: E, listener: (payload: ClawbarEvents[E]) => void): () => void;
  onNotification(listener: (op: NotificationOp) => void): () => void;
  /** Menu model and icon for the tray (pure functions of the state, computed in core). */
  tray(): { menu: MenuItem[]; icon: TrayIconModel };
  onMenuAction(action: MenuAction): Promise<void>;
  onNotificationAction(deviceId: string, action: NotificationActionId | 'click'): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}
