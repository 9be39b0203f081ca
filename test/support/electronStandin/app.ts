// The stand-in `app`: lifecycle (ready, single instance, quit), paths under a temp home, the Dock and
// login items. Quitting follows Electron's order: before-quit (cancellable), windows close,
// will-quit, quit; Electron would then end the process, and the driver reports it.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Like } from './like.ts';
import type { AppRecord, LoginItemRecord } from './records.ts';

export const appRecord: AppRecord = {
  ready: false,
  dockHidden: false,
  quitRequested: 0,
  quit: false,
  exitCode: null,
};

/** The OS's login item for the app; a test may change it behind the app's back (System Settings). */
export const loginItem: LoginItemRecord = { openAtLogin: false, status: 'not-registered', calls: [] };

/** Runs when Electron would end the process (after 'quit', or app.exit). */
export const lifecycle = { onEnd: (_code: number): void => undefined };

const home = process.env.CLAWBAR_STANDIN_HOME ?? fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-standin-'));

function dir(name: string): string {
  const p = path.join(home, name);
  fs.mkdirSync(p, { recursive: true });
  return p;
}

const dock = {
  hide(): void {
    appRecord.dockHidden = true;
  },
  show(): Promise<void> {
    appRecord.dockHidden = false;
    return Promise.resolve();
  },
  isVisible: (): boolean => !appRecord.dockHidden,
} satisfies Like<Electron.Dock, 'hide' | 'show' | 'isVisible'>;

let readyPromise: Promise<void> | undefined;

function quitNow(): void {
  appRecord.quit = true;
  lifecycle.onEnd(0);
}

class StandinApp extends EventEmitter {
  readonly isPackaged = false;
  readonly dock: typeof dock | undefined = process.env.CLAWBAR_STANDIN_NO_DOCK ? undefined : dock;

  whenReady(): Promise<void> {
    // Ready once the main script's first turn has run, as in Electron.
    readyPromise ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        appRecord.ready = true;
        this.emit('ready', { preventDefault() {} }, {});
        resolve();
      }),
    );
    return readyPromise;
  }
  isReady(): boolean {
    return appRecord.ready;
  }
  requestSingleInstanceLock(_additionalData?: Record<string, unknown>): boolean {
    return process.env.CLAWBAR_STANDIN_SECOND_INSTANCE !== '1';
  }
  quit(): void {
    appRecord.quitRequested += 1;
    let prevented = false;
    this.emit('before-quit', {
      preventDefault: () => {
        prevented = true;
      },
    });
    if (prevented) return;
    // Windows close before will-quit (the standin's windows register themselves on the app).
    this.emit('standin:close-windows');
    let willQuitPrevented = false;
    this.emit('will-quit', {
      preventDefault: () => {
        willQuitPrevented = true;
      },
    });
    if (willQuitPrevented) return;
    this.emit('quit', { preventDefault() {} }, 0);
    quitNow();
  }
  exit(exitCode = 0): void {
    appRecord.exitCode = exitCode;
    appRecord.quit = true;
    lifecycle.onEnd(exitCode);
  }
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    if (name === 'temp') return os.tmpdir();
    if (name === 'home') return home;
    return dir(name);
  }
  getAppPath(): string {
    const p = process.env.CLAWBAR_STANDIN_APP_PATH;
    if (!p) throw new Error('CLAWBAR_STANDIN_APP_PATH is not set (the folder that holds dist/)');
    return p;
  }
  getVersion(): string {
    return process.env.CLAWBAR_STANDIN_VERSION ?? '0.1.0';
  }
  getName(): string {
    return 'Clawbar';
  }
  getLoginItemSettings(_options?: Electron.LoginItemSettingsOptions): Electron.LoginItemSettings {
    return {
      openAtLogin: loginItem.openAtLogin,
      wasOpenedAtLogin: false,
      status: loginItem.status,
      executableWillLaunchAtLogin: loginItem.openAtLogin,
      launchItems: [],
    };
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    loginItem.calls.push({
      ...(settings.openAtLogin !== undefined ? { openAtLogin: settings.openAtLogin } : {}),
      ...(settings.type !== undefined ? { type: settings.type } : {}),
    });
    if (settings.openAtLogin !== undefined) {
      loginItem.openAtLogin = settings.openAtLogin;
      loginItem.status = settings.openAtLogin ? 'enabled' : 'not-registered';
    }
  }
}

export const standinApp = new StandinApp() satisfies Like<
  Electron.App,
  | 'whenReady'
  | 'isReady'
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'exit'
  | 'getPath'
  | 'getAppPath'
  | 'getVersion'
  | 'getName'
  | 'getLoginItemSettings'
  | 'setLoginItemSettings'
  | 'isPackaged'
  | 'dock'
>;
