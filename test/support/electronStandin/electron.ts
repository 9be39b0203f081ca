// A stand-in for the `electron` module, for running the bundled main process (dist/main.cjs) under
// plain Node: every piece records what the app did with it and lets a test act as the person (click
// the tray, press a notification's button, answer a dialog). Each piece `satisfies` Electron 45's own
// types (see like.ts). Loaded instead of 'electron' by register.cjs.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  NotificationConstructorOptions,
  Rectangle,
} from 'electron';
import type { Like, LikeClass } from './like.ts';
import { menuRecord, type StandinSnapshot, type WindowRecord } from './records.ts';
import { standinApp, appRecord, loginItem } from './app.ts';

export const app = standinApp;

/** What the script answers in dialogs and Touch ID prompts; set by the driver. */
export const script = {
  /** Button index per showMessageBox call, first in first out; empty: the dialog's cancelId. */
  dialogAnswers: [] as number[],
  canPromptTouchID: false,
  touchIdSucceeds: true,
};

const recorded = {
  dialogs: [] as StandinSnapshot['dialogs'],
  openedExternally: [] as string[],
  touchIdPrompts: [] as string[],
  schemes: [] as CustomScheme[],
};

// --- images ---------------------------------------------------------------------------------------

export class StandinImage {
  template = false;
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }
  isEmpty(): boolean {
    return this.file === '' || !fs.existsSync(this.file);
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
}
void (StandinImage satisfies abstract new (
  ...args: never[]
) => Like<Electron.NativeImage, 'isEmpty' | 'setTemplateImage'>);

export const nativeImage = {
  createFromPath: (file: string) => new StandinImage(file),
  createEmpty: () => new StandinImage(''),
} satisfies Like<typeof Electron.NativeImage, 'createFromPath' | 'createEmpty'>;

function imageFile(image: Electron.NativeImage | string): string {
  return typeof image === 'string' ? image : (image as unknown as StandinImage).file;
}

// --- menus and the tray -----------------------------------------------------------------------------

export class StandinMenu extends EventEmitter {
  readonly template: MenuItemConstructorOptions[];
  constructor(template: MenuItemConstructorOptions[]) {
    super();
    this.template = template;
  }
  static buildFromTemplate(template: Array<MenuItemConstructorOptions | Electron.MenuItem>): StandinMenu {
    return new StandinMenu(template as MenuItemConstructorOptions[]);
  }
}
export const Menu = StandinMenu satisfies Like<typeof Electron.Menu, 'buildFromTemplate'>;

/** Finds a menu item by id or label, in submenus too. */
export function findMenuItem(
  items: readonly MenuItemConstructorOptions[],
  idOrLabel: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === idOrLabel || item.label === idOrLabel) return item;
    if (Array.isArray(item.submenu)) {
      const found = findMenuItem(item.submenu, idOrLabel);
      if (found) return found;
    }
  }
  return undefined;
}

export const TRAY_BOUNDS: Rectangle = { x: 1200, y: 0, width: 24, height: 24 };

export class StandinTray extends EventEmitter {
  static current: StandinTray | null = null;
  image: Electron.NativeImage | string;
  title = '';
  toolTip = '';
  poppedUp: StandinMenu | null = null;
  contextMenu: StandinMenu | null = null;
  destroyed = false;
  constructor(image: Electron.NativeImage | string, _guid?: string) {
    super();
    this.image = image;
    StandinTray.current = this;
  }
  setImage(image: Electron.NativeImage | string): void {
    this.image = image;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  popUpContextMenu(menu?: Electron.Menu): void {
    this.poppedUp = (menu as unknown as StandinMenu | undefined) ?? this.contextMenu;
  }
  setContextMenu(menu: Electron.Menu | null): void {
    this.contextMenu = menu as unknown as StandinMenu | null;
  }
  getBounds(): Rectangle {
    return { ...TRAY_BOUNDS };
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}
export const Tray = StandinTray satisfies LikeClass<
  typeof Electron.Tray,
  | 'setImage'
  | 'setTitle'
  | 'setToolTip'
  | 'popUpContextMenu'
  | 'setContextMenu'
  | 'getBounds'
  | 'destroy'
  | 'isDestroyed'
>;

// --- notifications ------------------------------------------------------------------------------------

export class StandinNotification extends EventEmitter {
  static all: StandinNotification[] = [];
  static supported = true;
  readonly seq: number;
  shown = false;
  closed = false;
  readonly options: NotificationConstructorOptions;
  constructor(options: NotificationConstructorOptions = {}) {
    super();
    this.options = options;
    StandinNotification.all.push(this);
    this.seq = StandinNotification.all.length;
  }
  static isSupported(): boolean {
    return StandinNotification.supported;
  }
  show(): void {
    this.shown = true;
    this.emit('show', { preventDefault() {} });
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', { preventDefault() {} });
  }
  /** The person pressed the action button at `index` (macOS reports it in the event and, deprecated, as an argument). */
  pressAction(index: number): void {
    this.emit('action', { actionIndex: index, preventDefault() {} }, index);
  }
  clickBody(): void {
    this.emit('click', { preventDefault() {} });
  }
}
export const Notification = StandinNotification satisfies LikeClass<
  typeof Electron.Notification,
  'show' | 'close'
> &
  Like<typeof Electron.Notification, 'isSupported'>;

// --- windows, web contents, IPC ----------------------------------------------------------------------

let nextWebContentsId = 1;

class StandinWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  url: string | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, payload: args[0] });
  }
  setWindowOpenHandler(
    _handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse,
  ): void {}
  getURL(): string {
    return this.url ?? '';
  }
}
void (StandinWebContents satisfies abstract new () => Like<
  Electron.WebContents,
  'send' | 'setWindowOpenHandler' | 'getURL'
>);

export class StandinWindow extends EventEmitter {
  static all: StandinWindow[] = [];
  readonly id: number;
  readonly webContents = new StandinWebContents();
  visible = false;
  shown = 0;
  destroyed = false;
  bounds: Rectangle;
  readonly options: BrowserWindowConstructorOptions;
  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    StandinWindow.all.push(this);
    this.id = StandinWindow.all.length;
    this.bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 };
    standinApp.emit('web-contents-created', { preventDefault() {} }, this.webContents);
    // Electron closes every window when the app quits.
    standinApp.once('standin:close-windows', () => this.destroy());
    if (options.show !== false) this.show();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }
  show(): void {
    if (!this.visible) this.shown += 1;
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.emit('focus');
  }
  /** The person clicked elsewhere. */
  blur(): void {
    this.emit('blur');
  }
  setPosition(x: number, y: number, _animate?: boolean): void {
    this.bounds = { ...this.bounds, x, y };
  }
  getBounds(): Rectangle {
    return { ...this.bounds };
  }
  loadURL(url: string, _options?: Electron.LoadURLOptions): Promise<void> {
    this.webContents.url = url;
    // The page "loads" on the next turn, as a real one would after the navigation.
    setImmediate(() => this.webContents.emit('did-finish-load'));
    return Promise.resolve();
  }
  close(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
  record(): WindowRecord {
    return {
      id: this.id,
      webContentsId: this.webContents.id,
      url: this.webContents.url,
      visible: this.isVisible(),
      shown: this.shown,
      bounds: this.getBounds(),
      destroyed: this.destroyed,
      sent: [...this.webContents.sent],
    };
  }
}
export const BrowserWindow = StandinWindow satisfies LikeClass<
  typeof Electron.BrowserWindow,
  | 'isDestroyed'
  | 'isVisible'
  | 'show'
  | 'hide'
  | 'focus'
  | 'setPosition'
  | 'getBounds'
  | 'loadURL'
  | 'close'
  | 'destroy'
>;

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const handlers = new Map<string, InvokeHandler>();

export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel: string, listener: (event: Electron.IpcMainInvokeEvent, ...args: never[]) => unknown): void {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, listener as InvokeHandler);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
  /** What ipcRenderer.invoke from `sender` would get: the handler's answer. */
  invokeFrom(
    sender: StandinWindow | null,
    frameUrl: string | null,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = {
      sender: { id: sender?.webContents.id ?? -1 },
      senderFrame: frameUrl === null ? null : { url: frameUrl, parent: null },
    };
    return Promise.resolve(handler(event, ...args));
  },
}) satisfies Like<Electron.IpcMain, 'handle' | 'removeHandler'>;

// --- dialogs, screen, system ---------------------------------------------------------------------------

export const dialog = {
  showMessageBox(
    ...args: [Electron.BaseWindow, MessageBoxOptions] | [MessageBoxOptions]
  ): Promise<Electron.MessageBoxReturnValue> {
    const options = args.length === 2 ? args[1] : args[0];
    const response = script.dialogAnswers.shift() ?? options.cancelId ?? 0;
    const { type, message, detail, buttons, defaultId, cancelId } = options;
    recorded.dialogs.push({ options: { type, message, detail, buttons, defaultId, cancelId }, response });
    return Promise.resolve({ response, checkboxChecked: false });
  },
} satisfies Like<Electron.Dialog, 'showMessageBox'>;

const WORK_AREA: Rectangle = { x: 0, y: 25, width: 1440, height: 875 };
const DISPLAY: Electron.Display = {
  accelerometerSupport: 'unknown',
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  colorDepth: 24,
  colorSpace: 'srgb',
  depthPerComponent: 8,
  detected: true,
  displayFrequency: 60,
  id: 1,
  internal: true,
  label: 'Stand-in display',
  maximumCursorSize: { width: 64, height: 64 },
  monochrome: false,
  nativeOrigin: { x: 0, y: 0 },
  rotation: 0,
  scaleFactor: 2,
  size: { width: 1440, height: 900 },
  touchSupport: 'unavailable',
  workArea: WORK_AREA,
  workAreaSize: { width: WORK_AREA.width, height: WORK_AREA.height },
};

export const screen = Object.assign(new EventEmitter(), {
  getDisplayNearestPoint: (_point: Electron.Point) => DISPLAY,
  getPrimaryDisplay: () => DISPLAY,
}) satisfies Like<Electron.Screen, 'getDisplayNearestPoint' | 'getPrimaryDisplay'>;

export const systemPreferences = Object.assign(new EventEmitter(), {
  canPromptTouchID: () => script.canPromptTouchID,
  promptTouchID(reason: string): Promise<void> {
    recorded.touchIdPrompts.push(reason);
    return script.touchIdSucceeds ? Promise.resolve() : Promise.reject(new Error('User canceled'));
  },
}) satisfies Like<Electron.SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>;

export const shell = {
  openExternal(url: string, _options?: Electron.OpenExternalOptions): Promise<void> {
    recorded.openedExternally.push(url);
    return Promise.resolve();
  },
} satisfies Like<Electron.Shell, 'openExternal'>;

type SchemeHandler = (request: Request) => Response | Promise<Response>;
const schemeHandlers = new Map<string, SchemeHandler>();

export const protocol = {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
    if (appRecord.ready)
      throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
    recorded.schemes.push(...customSchemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    schemeHandlers.set(scheme, handler);
  },
} satisfies Like<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

/** What the app answers for a URL of one of its schemes (as the panel's page would fetch it). */
export function fetchAppUrl(url: string): Promise<Response> {
  const handler = schemeHandlers.get(new URL(url).protocol.replace(/:$/, ''));
  if (!handler) return Promise.resolve(new Response('no handler', { status: 404 }));
  return Promise.resolve(handler(new Request(url)));
}

const webRequest = {
  onBeforeRequest(..._args: unknown[]): void {},
} satisfies Like<Electron.WebRequest, 'onBeforeRequest'>;

const defaultSession = {
  webRequest,
  setPermissionRequestHandler(..._args: unknown[]): void {},
  setPermissionCheckHandler(..._args: unknown[]): void {},
} satisfies Like<
  Electron.Session,
  'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

export const session = { defaultSession } satisfies Like<typeof Electron.Session, 'defaultSession'>;

// --- what the test reads --------------------------------------------------------------------------------

export function snapshot(): StandinSnapshot {
  const tray = StandinTray.current;
  const icon = tray ? imageFile(tray.image) : '';
  return {
    app: { ...appRecord },
    tray: tray
      ? {
          icon: path.basename(icon),
          iconMissing:
            typeof tray.image === 'string'
              ? !fs.existsSync(icon)
              : (tray.image as unknown as StandinImage).isEmpty(),
          title: tray.title,
          toolTip: tray.toolTip,
          menu: tray.poppedUp ? menuRecord(tray.poppedUp.template) : null,
          destroyed: tray.destroyed,
        }
      : null,
    windows: StandinWindow.all.map((w) => w.record()),
    notifications: StandinNotification.all.map((n) => ({
      seq: n.seq,
      options: {
        id: n.options.id,
        title: n.options.title,
        body: n.options.body,
        silent: n.options.silent,
        actions: n.options.actions,
      },
      shown: n.shown,
      closed: n.closed,
    })),
    dialogs: [...recorded.dialogs],
    loginItem: { ...loginItem, calls: [...loginItem.calls] },
    ipcChannels: [...handlers.keys()],
    openedExternally: [...recorded.openedExternally],
    touchIdPrompts: [...recorded.touchIdPrompts],
  };
}
