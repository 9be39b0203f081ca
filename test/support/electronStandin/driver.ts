// Inside the app process: answers the test's commands (messages.ts) by acting on the stand-in as a
// person would, and reports when Electron would end the process. After that it lets go of the IPC
// channel; anything the app left running then keeps the process alive, and is reported.
import type { MenuItemConstructorOptions } from 'electron';
import { lifecycle, loginItem, standinApp } from './app.ts';
import {
  findMenuItem,
  ipcMain,
  fetchAppUrl,
  script,
  snapshot,
  StandinNotification,
  StandinTray,
  StandinWindow,
  TRAY_BOUNDS,
} from './electron.ts';
import type { DriverCommand, DriverMessage, DriverRequest } from './messages.ts';

/** How long a quit app may take to let go of everything before it counts as lingering. */
const LINGER_MS = 5000;

/** Sends a message; `written` runs once it is in the pipe (a disconnect before that would drop it). */
function send(message: DriverMessage, written?: () => void): void {
  process.send?.(message, undefined, {}, () => written?.());
}

function tray(): StandinTray {
  const t = StandinTray.current;
  if (!t) throw new Error('the app has no tray icon');
  return t;
}

/** The panel: the newest window that is still open. */
function panel(): StandinWindow | null {
  return StandinWindow.all.filter((w) => !w.destroyed).at(-1) ?? null;
}

function notification(seq: number): StandinNotification {
  const n = StandinNotification.all[seq - 1];
  if (!n) throw new Error(`no notification #${seq}`);
  return n;
}

async function run(cmd: DriverCommand): Promise<unknown> {
  switch (cmd.op) {
    case 'snapshot':
      return snapshot();
    case 'clickTray':
      tray().emit('click', { preventDefault() {} }, TRAY_BOUNDS, { x: TRAY_BOUNDS.x + 5, y: 5 });
      return snapshot();
    case 'openMenu':
      tray().emit('right-click', { preventDefault() {} }, TRAY_BOUNDS);
      return snapshot().tray?.menu ?? null;
    case 'chooseMenuItem': {
      const t = tray();
      t.emit('right-click', { preventDefault() {} }, TRAY_BOUNDS);
      if (!t.poppedUp) throw new Error('right-clicking the tray showed no menu');
      const item: MenuItemConstructorOptions | undefined = findMenuItem(t.poppedUp.template, cmd.item);
      if (!item) throw new Error(`the tray menu has no item "${cmd.item}"`);
      if (item.enabled === false) throw new Error(`the tray menu item "${cmd.item}" is disabled`);
      if (!item.click) throw new Error(`the tray menu item "${cmd.item}" does nothing when clicked`);
      item.click(undefined as never, undefined, { preventDefault() {} } as never);
      return null;
    }
    case 'pressNotificationAction':
      notification(cmd.seq).pressAction(cmd.index);
      return null;
    case 'clickNotification':
      notification(cmd.seq).clickBody();
      return null;
    case 'invoke': {
      const w = panel();
      if (cmd.from === 'panel') {
        if (!w?.webContents.url) throw new Error('there is no panel page to send from');
        return ipcMain.invokeFrom(w, w.webContents.url, cmd.channel, ...cmd.args);
      }
      return ipcMain.invokeFrom(null, 'https://example.invalid/', cmd.channel, ...cmd.args);
    }
    case 'answerDialogs':
      script.dialogAnswers.push(...cmd.answers);
      return null;
    case 'setLoginItem':
      loginItem.openAtLogin = cmd.openAtLogin;
      loginItem.status = cmd.status;
      return null;
    case 'blurPanel':
      panel()?.blur();
      return null;
    case 'fetchApp': {
      const res = await fetchAppUrl(cmd.url);
      return {
        status: res.status,
        contentType: res.headers.get('content-type'),
        csp: res.headers.get('content-security-policy'),
      };
    }
    case 'quit':
      standinApp.quit();
      return null;
    case 'diagnose':
      return { app: snapshot().app, resources: process.getActiveResourcesInfo() };
  }
}

process.on('message', (raw: DriverRequest) => {
  void run(raw).then(
    (result) => send({ type: 'reply', id: raw.id, ok: true, result: result ?? null }),
    (err: unknown) =>
      send({ type: 'reply', id: raw.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});

lifecycle.onEnd = (code) => {
  // The snapshot of a long session is large (every event sent to the panel): closing the channel
  // before it is written would cancel the write, and the test would never hear that the app ended.
  // So let go of the test only once the message is out; from then on only what the app itself left
  // open keeps the process alive.
  send({ type: 'ended', code, snapshot: snapshot() }, () => {
    process.disconnect?.();
    const linger = setTimeout(() => {
      process.stderr.write(
        `[standin] still running ${LINGER_MS} ms after quit, held by: ${JSON.stringify(process.getActiveResourcesInfo())}\n`,
      );
      process.exit(code === 0 ? 70 : code);
    }, LINGER_MS);
    linger.unref();
  });
};
