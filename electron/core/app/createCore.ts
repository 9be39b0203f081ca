// The composition root of the core: settings, keychain, audit log, gateway connection, pairing
// engine and gateway service, assembled into the one AppState the tray, the notifications and the
// panel are fed from. Shared by the Electron main process and the dev host; no Electron here.
import path from 'node:path';
import type { ClawbarEvents, EventName } from '../contract/contract.ts';
import type {
  ActionResult,
  AppState,
  ApproveIntent,
  ConnectionState,
  EditableSettings,
  Notice,
  PairingCard,
  SecretsView,
  ServiceAction,
  ServiceView,
} from '../contract/views.ts';
import { AuditLog } from '../audit/auditLog.ts';
import { GatewayClient } from '../gateway/client.ts';
import { notificationOps } from '../present/notifications.ts';
import { PairingEngine } from '../pairing/engine.ts';
import { approveIntentOf } from '../pairing/reconcile.ts';
import { trayIcon, trayMenu } from '../present/trayMenu.ts';
import { clientCredentials, secretsView } from '../secrets/forCore.ts';
import type { KeyringBackend } from '../secrets/keyringBackend.ts';
import {
  gatewayUrlFromConfig,
  locateOpenClawConfig,
  readOpenClawConfig,
  type Env,
} from '../secrets/openclawConfig.ts';
import { SecretStore } from '../secrets/secretStore.ts';
import { importToken, previewTokenImport } from '../secrets/tokenImport.ts';
import { DEFAULT_GATEWAY_URL, settingsView } from '../settings/schema.ts';
import { SettingsStore } from '../settings/settingsStore.ts';
import { GatewayService } from '../service/GatewayService.ts';
import { loginItemView } from '../service/policy.ts';
import { isLoopbackUrl } from '../gateway/wakeups.ts';
import { CoreLog } from './coreLog.ts';
import type {
  ClawbarCore,
  MenuAction,
  NotificationActionId,
  NotificationOp,
  PlatformPorts,
} from './types.ts';
import { errorMessage } from '../contract/errors.ts';

export interface CoreOptions {
  dataDir: string;
  logDir: string;
  platform: PlatformPorts;
  env: Env;
  appVersion: string;
  /** The keychain (tests pass a Secret Service fixture's; default: the OS keychain). */
  keyring?: KeyringBackend;
  /** Keychain service name (tests use their own so runs never share items). */
  keychainService?: string;
  uid?: number;
}

const EMPTY_SERVICE: ServiceView = {
  mode: 'none',
  chosen: 'auto',
  installed: false,
  running: false,
  detail: 'checking…',
  findings: [],
};

function fail(err: unknown, prefix = ''): ActionResult {
  const message = errorMessage(err);
  return { ok: false, error: `${prefix}${message}` };
}

export function createCore(o: CoreOptions): ClawbarCore {
  const log = new CoreLog(path.join(o.logDir, 'clawbar.log'));
  const settings = new SettingsStore(o.dataDir);
  const secrets = new SecretStore({
    ...(o.keyring ? { keyring: o.keyring } : {}),
    ...(o.keychainService ? { service: o.keychainService } : {}),
  });
  const audit = new AuditLog(path.join(o.dataDir, 'audit'));
  const listeners: { [E in EventName]: Set<(p: ClawbarEvents[E]) => void> } = {
    state: new Set(),
    focus: new Set(),
  };
  const notificationListeners = new Set<(op: NotificationOp) => void>();
  /** What each live notification showed: its Approve action approves exactly that. */
  const notified = new Map<string, PairingCard>();
  const notices: Notice[] = [];

  let client: GatewayClient | undefined;
  let engine: PairingEngine | undefined;
  let detach: (() => void)[] = [];
  let secretsState: SecretsView = { state: 'ok', tokenPresent: false, deviceTokenPresent: false };
  let serviceState: ServiceView = EMPTY_SERVICE;
  let started = false;
  let disposed = false;
  let emitTimer: NodeJS.Timeout | undefined;

  const service = new GatewayService({
    platform: o.platform.platform,
    uid: o.uid ?? (typeof process.getuid === 'function' ? process.getuid() : 0),
    env: o.env,
    settings: serviceSettings(),
    logDir: o.logDir,
  });
  service.on('change', (v) => {
    serviceState = v;
    scheduleEmit();
  });

  function serviceSettings() {
    const s = settings.get();
    return {
      keepRunning: s.keepRunning,
      startGatewayWithClawbar: s.startGatewayWithClawbar,
      stopSupervisedOnQuit: s.stopSupervisedOnQuit,
      ...(s.openclawPath ? { openclawPath: s.openclawPath } : {}),
    };
  }

  function gatewayUrl(): string {
    return settings.get().gatewayUrl;
  }

  function notice(level: Notice['level'], message: string): void {
    notices.push({ id: `${Date.now()}-${notices.length}`, level, message, at: Date.now() });
    if (notices.length > 20) notices.splice(0, notices.length - 20);
    scheduleEmit();
  }

  function connection(): ConnectionState {
    return client?.state ?? { kind: 'stopped' };
  }

  function state(): AppState {
    const s = settings.get();
    const model = engine?.model;
    const resetting = new Map((engine?.resetting ?? []).map((r) => [r.deviceId, r.until]));
    return {
      connection: connection(),
      cards: model?.cards ?? [],
      devices: (model?.devices ?? []).map((d) =>
        resetting.has(d.deviceId) ? { ...d, resetting: { until: resetting.get(d.deviceId) ?? 0 } } : d,
      ),
      service: serviceState,
      settings: settingsView(s),
      secrets: secretsState,
      login: loginItemView(o.platform.platform, o.platform.loginItems?.get()),
      notices: [
        ...notices,
        ...(engine?.resetting ?? []).map((r) => ({
          id: `reset-${r.deviceId}`,
          level: 'info' as const,
          message: `Resetting ${r.displayName}: waiting up to ${Math.max(0, Math.round((r.until - Date.now()) / 1000))} s for it to ask again.`,
          at: r.until,
        })),
      ],
      firstRun: !(secretsState.tokenPresent && secretsState.deviceTokenPresent),
      features: client?.hello?.methods ?? [],
    };
  }

  function scheduleEmit(): void {
    if (emitTimer || disposed) return;
    // Coalesce bursts (a flood of list refreshes) into one state push per frame.
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      const s = state();
      for (const l of listeners.state) l(s);
    }, 16);
  }

  async function refreshSecrets(): Promise<void> {
    const url = gatewayUrl();
    secretsState = await secretsView(secrets, url, settings.get().tokenSources[url]);
    scheduleEmit();
  }

  function emitNotification(op: NotificationOp): void {
    if (op.type === 'close') notified.delete(op.deviceId);
    else if (op.type !== 'test') notified.set(op.deviceId, op.card);
    for (const l of notificationListeners) l(op);
  }

  function resettingIds(): Set<string> {
    return new Set((engine?.resetting ?? []).map((r) => r.deviceId));
  }

  async function connect(): Promise<void> {
    await disconnect();
    let identity;
    try {
      identity = await secrets.loadOrCreateIdentity();
    } catch (err) {
      await refreshSecrets();
      log.write('warn', `no device identity: ${errorMessage(err)}`);
      return;
    }
    const url = gatewayUrl();
    let stateDir: string | undefined;
    try {
      stateDir = isLoopbackUrl(url) ? locateOpenClawConfig(o.env).stateDir : undefined;
    } catch {
      stateDir = undefined;
    }
    const c = new GatewayClient({
      url,
      identity,
      credentials: clientCredentials(secrets, url),
      client: { version: o.appVersion },
      pairingStateDir: stateDir,
      log: (level, m) => log.write(level, m),
    });
    const e = new PairingEngine({
      client: c,
      audit,
      prefs: enginePrefs(),
      log: (level, m) => log.write(level, m),
    });
    client = c;
    engine = e;
    detach = [
      c.onState((s) => {
        if (s.kind === 'connected') void refreshSecrets();
        if (s.kind === 'gateway-down') void service.status().catch(() => undefined);
        scheduleEmit();
      }),
      e.onChange(({ before, after }) => {
        const skip = resettingIds();
        const quietOnes = !settings.get().notifications;
        for (const op of notificationOps(before, after)) {
          if (op.type !== 'close' && (skip.has(op.deviceId) || quietOnes)) continue;
          emitNotification(op);
        }
        scheduleEmit();
      }),
    ];
    e.start();
    c.start();
    scheduleEmit();
  }

  async function disconnect(): Promise<void> {
    for (const d of detach.splice(0)) d();
    engine?.stop();
    const c = client;
    client = undefined;
    engine = undefined;
    for (const id of [...notified.keys()]) emitNotification({ type: 'close', deviceId: id });
    await c?.stop();
  }

  function enginePrefs() {
    return {
      mutedUntil: () => {
        const now = Date.now();
        const out: Record<string, number> = {};
        for (const [id, m] of Object.entries(settings.get().mutedDevices))
          if (m.until > now) out[id] = m.until;
        return out;
      },
      ignored: () => settings.get().ignoredDevices,
      setMuted: async (deviceId: string, until: number | null) => {
        const muted = { ...settings.get().mutedDevices };
        if (until === null) delete muted[deviceId];
        else muted[deviceId] = { until };
        await settings.update({ mutedDevices: muted });
      },
      setIgnored: async (deviceId: string, on: boolean) => {
        const cur = settings.get().ignoredDevices.filter((id) => id !== deviceId);
        await settings.update({ ignoredDevices: on ? [...cur, deviceId] : cur });
      },
    };
  }

  function needEngine(): PairingEngine {
    if (!engine) throw new Error('Clawbar is not connected to a gateway yet.');
    return engine;
  }

  async function guarded(
    what: string,
    run: () => Promise<ActionResult> | ActionResult,
  ): Promise<ActionResult> {
    try {
      const r = await run();
      scheduleEmit();
      return r;
    } catch (err) {
      log.write('warn', `${what} failed: ${errorMessage(err)}`);
      scheduleEmit();
      return fail(err);
    }
  }

  async function setTokenFrom(token: string, source: 'typed' | 'config' | 'env'): Promise<void> {
    const url = gatewayUrl();
    await secrets.setToken(url, token);
    await settings.update({ tokenSources: { ...settings.get().tokenSources, [url]: source } });
    await refreshSecrets();
    if (client) client.retryNow();
    else await connect();
  }

  const core: ClawbarCore = {
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    onNotification(listener) {
      notificationListeners.add(listener);
      return () => notificationListeners.delete(listener);
    },
    tray() {
      const s = state();
      return { menu: trayMenu(s), icon: trayIcon(s) };
    },

    async start() {
      if (started) return;
      started = true;
      const loaded = await settings.load();
      for (const n of loaded.notices) notices.push(n);
      // A fresh install follows the OpenClaw config on this machine (its port may not be the default).
      if (settings.get().gatewayUrl === DEFAULT_GATEWAY_URL) {
        try {
          const loc = locateOpenClawConfig(o.env);
          const url = gatewayUrlFromConfig(loc.exists ? readOpenClawConfig(loc) : undefined, o.env);
          if (url !== DEFAULT_GATEWAY_URL) await settings.update({ gatewayUrl: url });
        } catch (err) {
          log.write('info', `no OpenClaw config to read the gateway address from: ${errorMessage(err)}`);
        }
      }
      service.updateSettings(serviceSettings());
      await refreshSecrets();
      if (settings.get().startGatewayWithClawbar) {
        void service
          .ensureRunning()
          .catch((err: unknown) => log.write('warn', `could not start the gateway: ${String(err)}`));
      } else {
        void service.status().catch(() => undefined);
      }
      await connect();
    },

    async dispose() {
      disposed = true;
      if (emitTimer) clearTimeout(emitTimer);
      await disconnect();
      await service.dispose().catch(() => undefined);
      log.close();
    },

    getState: () => Promise.resolve(state()),

    approve: (intent: ApproveIntent) => guarded('approve', () => needEngine().approve(intent)),
    reject: (deviceId, requestId) => guarded('reject', () => needEngine().reject(deviceId, requestId)),
    notNow: (deviceId) =>
      guarded('not now', () => {
        const r = needEngine().notNow(deviceId);
        if (r.ok && notified.has(deviceId)) emitNotification({ type: 'close', deviceId });
        return r;
      }),
    mute: (deviceId, minutes) => guarded('mute', () => needEngine().mute(deviceId, minutes)),
    setIgnored: (deviceId, ignored) => guarded('ignore', () => needEngine().setIgnored(deviceId, ignored)),
    removeDevice: (deviceId) => guarded('remove', () => needEngine().remove(deviceId)),
    resetDevice: (deviceId) =>
      guarded('reset', async () => {
        const e = needEngine();
        const p = e.reset(deviceId);
        scheduleEmit();
        return p;
      }),
    rotateToken: (deviceId, role) => guarded('rotate', () => needEngine().rotateToken(deviceId, role)),
    revokeToken: (deviceId, role) => guarded('revoke', () => needEngine().revokeToken(deviceId, role)),
    renameDevice: (deviceId, label) => guarded('rename', () => needEngine().rename(deviceId, label)),
    getHistory: async (limit) => audit.read(Math.max(1, Math.min(limit, 1000))),

    setToken: (token) =>
      guarded('set token', async () => {
        const t = token.trim();
        if (!t) return { ok: false, error: 'The token is empty.' };
        await setTokenFrom(t, 'typed');
        return { ok: true, message: 'Token saved in the keychain.' };
      }),
    previewTokenImport: () => Promise.resolve(previewTokenImport(o.env)),
    importToken: (confirmed) =>
      guarded('import token', async () => {
        const plan = previewTokenImport(o.env);
        const imported = await importToken(o.env, confirmed);
        // The config also says where its gateway listens.
        if (
          plan.gatewayUrl &&
          settings.get().gatewayUrl !== plan.gatewayUrl &&
          settings.get().gatewayUrl === DEFAULT_GATEWAY_URL
        ) {
          await settings.update({ gatewayUrl: plan.gatewayUrl });
          await connect();
        }
        await setTokenFrom(imported.token, imported.source);
        return {
          ok: true,
          message: `Token imported from ${imported.where}; it is now kept in the keychain only.`,
        };
      }),
    forgetToken: () =>
      guarded('forget token', async () => {
        await secrets.forgetToken(gatewayUrl());
        await refreshSecrets();
        return { ok: true, message: 'Token removed from the keychain.' };
      }),
    forgetIdentity: () =>
      guarded('forget identity', async () => {
        await disconnect();
        await secrets.forgetIdentity();
        await refreshSecrets();
        await connect();
        return { ok: true, message: 'Clawbar has a new identity and pairs anew.' };
      }),
    reconnect: () =>
      guarded('reconnect', async () => {
        await refreshSecrets();
        if (client) client.retryNow();
        else await connect();
        return { ok: true };
      }),
    updateSettings: (patch: Partial<EditableSettings>) =>
      guarded('settings', async () => {
        const before = gatewayUrl();
        const { openclawPath, ...rest } = patch;
        await settings.update({
          ...rest,
          ...(openclawPath !== undefined ? { openclawPath: openclawPath || null } : {}),
        });
        service.updateSettings(serviceSettings());
        if (gatewayUrl() !== before) {
          await refreshSecrets();
          await connect();
        }
        if (patch.keepRunning !== undefined || patch.openclawPath !== undefined)
          void service.status().catch(() => undefined);
        return { ok: true };
      }),
    setLaunchAtLogin: (enabled) =>
      guarded('login item', async () => {
        const port = o.platform.loginItems;
        if (!port) return { ok: false, error: 'Opening at login is not available here.' };
        port.set(enabled);
        await settings.update({ launchAtLogin: enabled });
        return { ok: true, message: loginItemView(o.platform.platform, port.get()).message };
      }),
    openLoginItemSettings: () =>
      guarded('login settings', () => {
        o.platform.loginItems?.openSystemSettings();
        return { ok: true };
      }),
    serviceAction: (action: ServiceAction) => guarded(`gateway ${action}`, () => service.act(action)),
    runDoctor: async () => (await service.status()).findings,
    sendTestNotification: () =>
      guarded('test notification', () => {
        emitNotification({
          type: 'test',
          deviceId: 'clawbar-test',
          title: 'Clawbar notifications work',
          body: 'Pairing requests will appear like this, with Approve first.',
        });
        return {
          ok: true,
          message: 'Sent. If nothing appeared, allow notifications for Clawbar in System Settings.',
        };
      }),

    async onMenuAction(action: MenuAction) {
      let r: ActionResult | undefined;
      switch (action.kind) {
        case 'approve':
          r = await core.approve(action.intent);
          break;
        case 'reject':
          r = await core.reject(action.deviceId, action.requestId);
          break;
        case 'remove':
          r = await core.removeDevice(action.deviceId);
          break;
        case 'reset':
          r = await core.resetDevice(action.deviceId);
          break;
        case 'service':
          r = await core.serviceAction(action.action);
          break;
        case 'reconnect':
          r = await core.reconnect();
          break;
        case 'open-panel':
          if (action.deviceId) for (const l of listeners.focus) l({ deviceId: action.deviceId });
          break;
        case 'quit':
          break;
      }
      if (r && !r.ok) notice('error', r.error);
    },

    async onNotificationAction(deviceId: string, action: NotificationActionId | 'click') {
      const shown = notified.get(deviceId);
      if (action === 'click' || !shown) {
        for (const l of listeners.focus) l({ deviceId });
        return;
      }
      if (action === 'not-now') {
        await core.notNow(deviceId);
        return;
      }
      // Approve from the notification approves what the notification showed, nothing broader.
      const r = await core.approve(approveIntentOf(shown));
      if (!r.ok) {
        notice('warning', r.error);
        for (const l of listeners.focus) l({ deviceId });
      }
    },
  };
  return core;
}
