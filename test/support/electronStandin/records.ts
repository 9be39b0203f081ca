// What the stand-in recorded, in plain data the test driver can send across a process boundary.
import type {
  MenuItemConstructorOptions,
  MessageBoxOptions,
  NotificationConstructorOptions,
  Rectangle,
} from 'electron';

export interface MenuRecord {
  id?: string;
  label?: string;
  type?: string;
  enabled: boolean;
  submenu?: MenuRecord[];
}

export function menuRecord(template: readonly MenuItemConstructorOptions[]): MenuRecord[] {
  return template.map((item) => ({
    ...(item.id !== undefined ? { id: item.id } : {}),
    ...(item.label !== undefined ? { label: item.label } : {}),
    ...(item.type !== undefined ? { type: item.type } : {}),
    enabled: item.enabled !== false,
    ...(Array.isArray(item.submenu) ? { submenu: menuRecord(item.submenu) } : {}),
  }));
}

export interface TrayRecord {
  /** File name of the icon (e.g. tray-connectedTemplate.png), '' for an empty image. */
  icon: string;
  iconMissing: boolean;
  title: string;
  toolTip: string;
  /** The menu shown by the last right-click, if any. */
  menu: MenuRecord[] | null;
  destroyed: boolean;
}

export interface SentRecord {
  channel: string;
  payload: unknown;
}

export interface WindowRecord {
  id: number;
  webContentsId: number;
  url: string | null;
  visible: boolean;
  /** How often show() made it visible. */
  shown: number;
  bounds: Rectangle;
  destroyed: boolean;
  sent: SentRecord[];
}

export interface NotificationRecord {
  /** Order of creation, starting at 1: the handle tests press actions on. */
  seq: number;
  options: Pick<NotificationConstructorOptions, 'id' | 'title' | 'body' | 'silent' | 'actions'>;
  shown: boolean;
  closed: boolean;
}

export interface DialogRecord {
  options: Pick<MessageBoxOptions, 'type' | 'message' | 'detail' | 'buttons' | 'defaultId' | 'cancelId'>;
  /** The index of the button the script chose. */
  response: number;
}

export interface LoginItemRecord {
  openAtLogin: boolean;
  status: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found';
  /** Every setLoginItemSettings call, in order. */
  calls: { openAtLogin?: boolean; type?: string }[];
}

export interface AppRecord {
  ready: boolean;
  dockHidden: boolean;
  quitRequested: number;
  /** 'quit' was emitted: Electron would end the process now. */
  quit: boolean;
  exitCode: number | null;
}

export interface StandinSnapshot {
  app: AppRecord;
  tray: TrayRecord | null;
  windows: WindowRecord[];
  notifications: NotificationRecord[];
  dialogs: DialogRecord[];
  loginItem: LoginItemRecord;
  ipcChannels: string[];
  openedExternally: string[];
  touchIdPrompts: string[];
}
