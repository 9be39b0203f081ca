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

/** Why the core asks: the shell may pick the form (system authentication for a critical grant). */
export type ConfirmPurpose = 'critical-grant' | 'always-allow' | 'settings-change' | 'destructive';

/** A second confirmation the core needs before it acts. The words are plain and complete. */
export interface ConfirmRequest {
  purpose: ConfirmPurpose;
  /** The question, naming what is at stake. */
  title: string;
  /** Exactly what confirming does. */
  message: string;
  confirmLabel: string;
  /** Use the system's authentication (Touch ID) where the OS offers it. */
  systemAuth?: boolean;
}

/** Asks the person; true only when they confirmed. */
export type ConfirmPort = (req: ConfirmRequest) => Promise<boolean>;

export interface PlatformPorts {
  platform: NodeJS.Platform;
  loginItems?: LoginItemsPort;
  /**
   * Native confirmation in the main process. Absent (browser host, tests): the core asks the panel with
   * a `confirm` event and waits for `answerConfirm`.
   */
  confirm?: ConfirmPort;
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
