// The Electron shell's entry: wires the core to Electron's APIs and decides nothing itself.
// Bundled by scripts/build.mjs to dist/main.cjs (electron and @napi-rs/keyring stay external).
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
} from 'electron';
import type { NativeImage } from 'electron';
import { createCore } from './core/app/createCore.ts';
import type { ClawbarCore } from './core/app/types.ts';
import { eventChannel } from './core/contract/client.ts';
import type { FocusRequest } from './core/contract/contract.ts';
import { showPanelAtLaunch } from './core/present/launch.ts';
import { createConfirmPort } from './shell/confirm.ts';
import { confirmInDialog } from './shell/dialogs.ts';
import { forwardEvents, registerBridgeIpc } from './shell/ipc.ts';
import { loginItemsPort } from './shell/loginItem.ts';
import { createNotifier } from './shell/notifications.ts';
import { createPanelController } from './shell/panel.ts';
import { PANEL_URL, registerAppScheme, serveAppProtocol } from './shell/protocol.ts';
import { hardenSession, hardenWebContents } from './shell/security.ts';
import { createTrayController, loadTrayIcon, runTrayAction } from './shell/tray.ts';
import { errorMessage } from './core/contract/errors.ts';

// dist/main.cjs sits next to dist/preload.cjs, dist/renderer/ and dist/icons/.
const distDir = path.join(app.getAppPath(), 'dist');

function fatal(err: unknown): void {
  console.error('[clawbar] startup failed:', errorMessage(err));
  app.exit(1);
}

registerAppScheme(protocol);
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
// A menu-bar app keeps running with no window open.
app.on('window-all-closed', () => undefined);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start).catch(fatal);
}

async function start(): Promise<void> {
  app.dock?.hide();
  hardenSession(session.defaultSession);
  serveAppProtocol(protocol, path.join(distDir, 'renderer'));

  const core: ClawbarCore = createCore({
    dataDir: app.getPath('userData'),
    logDir: app.getPath('logs'),
    platform: {
      platform: process.platform,
      loginItems: loginItemsPort(app, shell),
      // Critical grants and settings that could redirect secrets are confirmed here, never in the panel.
      confirm: createConfirmPort(dialog, systemPreferences),
    },
    env: process.env,
    appVersion: app.getVersion(),
  });

  const tray = new Tray(loadTrayIcon(nativeImage, path.join(distDir, 'icons'), 'disconnected'));
  const panel = createPanelController({
    createWindow: (options) => new BrowserWindow(options),
    workAreaNear: (point) => screen.getDisplayNearestPoint(point).workArea,
    trayBounds: () => tray.getBounds(),
    preloadPath: path.join(distDir, 'preload.cjs'),
    url: PANEL_URL,
    devTools: !app.isPackaged,
  });
  const report = (what: string) => (err: unknown) => console.error(`[clawbar] ${what}:`, errorMessage(err));

  /** Shows the panel, on a screen (and a card or a device) when asked. */
  const showPanel = (focus: FocusRequest | undefined): void => {
    panel.show();
    if (focus) panel.send(eventChannel('focus'), focus);
  };

  registerBridgeIpc(ipcMain, core, () => panel.webContentsId());
  forwardEvents(core, (channel, payload) => panel.send(channel, payload));
  // The core asks for the panel on a screen or card (a notification click): the forwarded event
  // carries where; the panel must also be visible.
  core.on('focus', () => panel.show());

  const trayController = createTrayController<Menu, NativeImage>({
    tray,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    loadIcon: (name) => loadTrayIcon(nativeImage, path.join(distDir, 'icons'), name),
    onAction: (action) =>
      void runTrayAction(action, {
        showPanel,
        quit: () => app.quit(),
        devices: async () => (await core.getState()).devices,
        confirm: (confirmation) => confirmInDialog(dialog, confirmation),
        act: (a) => core.onMenuAction(a),
      }).catch(report('menu action')),
    onToggle: (bounds) => panel.toggle(bounds),
  });
  const refreshTray = (): void => trayController.update(core.tray());
  core.on('state', refreshTray);
  refreshTray();
  // Load the panel now, hidden: the first tray click then shows a rendered panel at once.
  panel.prepare();

  const notifier = createNotifier({
    create: (options) => new Notification(options),
    onAction: (key, revision, action) =>
      void core.onNotificationAction(key, revision, action).catch(report('notification')),
    onFailed: (key, error) => {
      // Unsigned builds cannot post notifications: open the panel on the card; the tray badge stays.
      report('notification failed')(error);
      panel.show();
      panel.send(eventChannel('focus'), { view: 'pending', key });
    },
  });
  core.onNotification((op) => notifier.apply(op));

  app.on('second-instance', () => panel.show());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    notifier.closeAll();
    core
      .dispose()
      .catch(report('shutdown'))
      .finally(() => app.quit());
  });

  await core.start();
  // A menu-bar app has no Dock icon: on first launch, and while no token is stored, it shows itself.
  if (showPanelAtLaunch(await core.getState())) panel.show();
}
