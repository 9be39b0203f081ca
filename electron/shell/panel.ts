// The panel window: created hidden at launch (or on first use) with the secure options, placed under the tray icon
// (position computed in core), hidden on blur, toggled by the tray.
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { panelPosition } from '../core/app/windowPosition.ts';
import { PANEL_SIZE, panelWindowOptions } from './security.ts';

export interface PanelWindowLike {
  readonly webContents: {
    readonly id: number;
    send(channel: string, ...args: unknown[]): void;
    on(event: 'did-finish-load', listener: () => void): unknown;
  };
  isDestroyed(): boolean;
  isVisible(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  setPosition(x: number, y: number): void;
  loadURL(url: string): Promise<void>;
  on(event: 'blur', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface PanelDeps<W extends PanelWindowLike> {
  createWindow(options: BrowserWindowConstructorOptions): W;
  /** Work area of the display nearest to a point. */
  workAreaNear(point: { x: number; y: number }): Rectangle;
  trayBounds(): Rectangle;
  preloadPath: string;
  url: string;
  devTools: boolean;
  now?: () => number;
}

export interface PanelController {
  /** Creates and loads the (hidden) window ahead of the first click, so opening it only shows it. */
  prepare(): void;
  toggle(trayBounds?: Rectangle): void;
  show(trayBounds?: Rectangle): void;
  hide(): void;
  send(channel: string, payload: unknown): void;
  webContentsId(): number | null;
}

/** A tray click right after a blur-hide is the same click that caused the blur: don't reopen. */
const REOPEN_GUARD_MS = 250;

export function createPanelController<W extends PanelWindowLike>(deps: PanelDeps<W>): PanelController {
  const now = deps.now ?? Date.now;
  let win: W | null = null;
  let hiddenByBlurAt = 0;
  let loaded = false;
  // Messages sent before the page has loaded (e.g. a notification click opened the panel) wait.
  let queued: Array<[string, unknown]> = [];

  function ensure(): W {
    if (win && !win.isDestroyed()) return win;
    const w = deps.createWindow(panelWindowOptions(deps.preloadPath, deps.devTools));
    w.on('blur', () => {
      if (w.isVisible()) {
        w.hide();
        hiddenByBlurAt = now();
      }
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    loaded = false;
    w.webContents.on('did-finish-load', () => {
      loaded = true;
      for (const [channel, payload] of queued) w.webContents.send(channel, payload);
      queued = [];
    });
    void w.loadURL(deps.url);
    win = w;
    return w;
  }

  function show(trayBounds = deps.trayBounds()): void {
    const w = ensure();
    const workArea = deps.workAreaNear({ x: trayBounds.x + trayBounds.width / 2, y: trayBounds.y });
    const { x, y } = panelPosition({ trayBounds, windowSize: PANEL_SIZE, workArea });
    w.setPosition(x, y);
    w.show();
    w.focus();
  }

  return {
    prepare() {
      ensure();
    },
    toggle(trayBounds) {
      if (win && !win.isDestroyed() && win.isVisible()) return win.hide();
      if (now() - hiddenByBlurAt < REOPEN_GUARD_MS) return;
      show(trayBounds);
    },
    show,
    hide() {
      if (win && !win.isDestroyed()) win.hide();
    },
    send(channel, payload) {
      if (!win || win.isDestroyed()) return;
      if (loaded) win.webContents.send(channel, payload);
      else queued.push([channel, payload]);
    },
    webContentsId: () => (win && !win.isDestroyed() ? win.webContents.id : null),
  };
}
