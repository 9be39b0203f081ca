// The composition root of the core: settings, keychain, audit log, the gateway connection (with its
// pairing engine), the inbox and the gateway service, wired into the one AppState the tray, the
// notifications and the panel are fed from. Shared by the Electron main process and the browser host;
// no Electron here. The behaviour lives in the modules it wires.
import path from 'node:path';
import type { ClawbarRequests } from '../contract/contract.ts';
import type { ActionResult } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { AuditLog } from '../audit/auditLog.ts';
import { Inbox } from '../inbox/inbox.ts';
import { trayIcon, trayMenu } from '../present/trayMenu.ts';
import { secretsView } from '../secrets/forCore.ts';
import { SecretStore } from '../secrets/secretStore.ts';
import { isLoopbackUrl } from '../gateway/wakeups.ts';
import { GatewayService } from '../service/GatewayService.ts';
import { SettingsStore } from '../settings/settingsStore.ts';
import { createConfirmer } from './confirm.ts';
import { approvalActions } from './approvalActions.ts';
import { Connection } from './connection.ts';
import { ShownTimes, sawInTray } from './decisionGate.ts';
import type { CoreContext, CoreOptions } from './context.ts';
import { CoreLog } from './coreLog.ts';
import { enginePrefs } from './enginePrefs.ts';
import { createCoreEvents, listen } from './events.ts';
import { NotificationFeed } from './notificationFeed.ts';
import { Notices } from './notices.ts';
import { secretsActions } from './secretsActions.ts';
import { serviceRecheck } from './serviceRecheck.ts';
import { adoptConfigGatewayUrl, settingsActions } from './settingsActions.ts';
import { shellActions } from './shellActions.ts';
import { appState, CHECKING_SERVICE, NO_SECRETS } from './stateView.ts';
import type { ClawbarCore } from './types.ts';
import { userDecisions } from './userDecisions.ts';

export type { CoreOptions } from './context.ts';

export function createCore(o: CoreOptions): ClawbarCore {
  const log = new CoreLog(path.join(o.logDir, 'clawbar.log'));
  const settings = new SettingsStore(o.dataDir);
  const secrets = new SecretStore({
    ...(o.keyring ? { keyring: o.keyring } : {}),
    ...(o.keychainService ? { service: o.keychainService } : {}),
  });
  const audit = new AuditLog(path.join(o.dataDir, 'audit'));
  const events = createCoreEvents();
  const inbox = new Inbox();
  const shown = new ShownTimes();
  let started = false;
  let disposed = false;
  let emitTimer: NodeJS.Timeout | undefined;

  function scheduleEmit(): void {
    if (emitTimer || disposed) return;
    // Coalesce bursts (a flood of list refreshes) into one state push per frame.
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      events.emit('state', appState(ctx));
    }, 16);
  }

  const serviceSettings = () => {
    const s = settings.get();
    return {
      keepRunning: s.keepRunning,
      startGatewayWithClawbar: s.startGatewayWithClawbar,
      stopSupervisedOnQuit: s.stopSupervisedOnQuit,
      ...(s.openclawPath ? { openclawPath: s.openclawPath } : {}),
      remoteGateway: !isLoopbackUrl(s.gatewayUrl),
    };
  };
  const gatewayUrl = () => settings.get().gatewayUrl;
  const service = new GatewayService({
    platform: o.platform.platform,
    uid: o.uid ?? (typeof process.getuid === 'function' ? process.getuid() : 0),
    env: o.env,
    settings: serviceSettings(),
    logDir: o.logDir,
    // Token values Clawbar handled this run are redacted from the supervised gateway's output.
    secrets: () => secrets.knownTokens(),
  });
  async function refreshSecrets(): Promise<void> {
    const url = gatewayUrl();
    ctx.views.secrets = await secretsView(secrets, url, settings.get().tokenSources[url]);
    scheduleEmit();
  }
  // The service view follows the connection (connect, disconnect), one check per burst.
  const recheck = serviceRecheck(() => service.status());
  const connection = new Connection({
    secrets,
    audit,
    log,
    env: o.env,
    appVersion: o.appVersion,
    inbox,
    gatewayUrl,
    allowInsecureRemote: () => settings.get().allowInsecureRemote,
    enginePrefs: enginePrefs(settings),
    onState: (s) => {
      if (s.kind === 'connected') void refreshSecrets();
      recheck.onState(s);
      scheduleEmit();
    },
    onNoIdentity: refreshSecrets,
  });
  const feed = new NotificationFeed({
    inbox,
    emit: (op) => events.emit('notification', op),
    enabled: () => settings.get().notifications,
    resettingDeviceIds: () => (connection.engine?.resetting ?? []).map((r) => r.deviceId),
    onShown: (key, revision) => shown.saw('notification', key, revision, Date.now()),
  });

  const ctx: CoreContext = {
    o,
    log,
    settings,
    secrets,
    audit,
    service,
    inbox,
    connection,
    notices: new Notices(scheduleEmit),
    events,
    feed,
    shown,
    confirmer: createConfirmer(o.platform.confirm, (prompt) => events.emit('confirm', prompt)),
    views: { secrets: NO_SECRETS, service: CHECKING_SERVICE },
    scheduleEmit,
    refreshSecrets,
    gatewayUrl,
    serviceSettings,
    needEngine: () => {
      if (!connection.engine) throw new Error('Clawbar is not connected to a gateway yet.');
      return connection.engine;
    },
    focus: (request) => events.emit('focus', request),
    async guarded(what, run): Promise<ActionResult> {
      try {
        return await run();
      } catch (err) {
        log.write('warn', `${what} failed: ${errorMessage(err)}`);
        return { ok: false, error: errorMessage(err) };
      } finally {
        scheduleEmit();
      }
    },
  };
  service.on('change', (v) => {
    ctx.views.service = v;
    scheduleEmit();
  });
  inbox.onChange(() => {
    feed.sync();
    scheduleEmit();
  });

  const requests: ClawbarRequests = {
    getState: () => Promise.resolve(appState(ctx)),
    ...userDecisions(ctx),
    ...secretsActions(ctx),
    ...settingsActions(ctx),
    answerConfirm: (id, ok) => Promise.resolve(ctx.confirmer.answer(id, ok)),
    ...approvalActions(ctx),
  };

  return {
    ...requests,
    ...shellActions(ctx, requests),
    on: (event, listener) => listen(events, event, listener as never),
    onNotification: (listener) => listen(events, 'notification', listener),
    tray() {
      const s = appState(ctx);
      return { menu: sawInTray(shown, trayMenu(s), Date.now()), icon: trayIcon(s) };
    },
    async start() {
      if (started) return;
      started = true;
      const loaded = await settings.load();
      ctx.notices.restore(loaded.notices);
      await adoptConfigGatewayUrl(ctx);
      service.updateSettings(serviceSettings());
      await refreshSecrets();
      if (settings.get().startGatewayWithClawbar)
        void service
          .ensureRunning()
          .catch((err: unknown) => log.write('warn', `could not start the gateway: ${errorMessage(err)}`));
      else void service.status().catch(() => undefined);
      await connection.connect();
    },
    async dispose() {
      disposed = true;
      ctx.confirmer.cancelAll();
      if (emitTimer) clearTimeout(emitTimer);
      recheck.dispose();
      await connection.dispose();
      await service.dispose().catch(() => undefined);
      log.close();
    },
  };
}
