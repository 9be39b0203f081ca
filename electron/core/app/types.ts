// The seams between the core and its adapters (Electron shell, browser host). Plain data and interfaces.
import type { ClawbarEvents, ClawbarRequests, EventName } from '../contract/contract.ts';
import type {
  MenuAction,
  MenuItem,
  NotificationOp,
  NotificationResponse,
  TrayIconModel,
} from '../present/types.ts';

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

/** The core as the shell and the browser host see it: the bridge requests plus subscriptions. */
export interface ClawbarCore extends ClawbarRequests {
  on<E extends EventName>(event: E, listener: (payload: ClawbarEvents[E]) => void): () => void;
  onNotification(listener: (op: NotificationOp) => void): () => void;
  /** Menu model and icon for the tray (pure functions of the state, computed in core). */
  tray(): { menu: MenuItem[]; icon: TrayIconModel };
  onMenuAction(action: MenuAction): Promise<void>;
  /** A notification's button or body, reported with the item key and the revision it showed. */
  onNotificationAction(key: string, revision: number, action: NotificationResponse): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}
