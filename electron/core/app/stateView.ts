// The one AppState the panel and the tray are fed from, assembled from the core's parts.
import type { AppState, ConnectionState, Notice, SecretsView, ServiceView } from '../contract/views.ts';
import { settingsView } from '../settings/schema.ts';
import { loginItemView } from '../service/policy.ts';
import { launchAtLoginShown } from '../present/launch.ts';
import { withVersionHints } from '../present/versionHints.ts';
import type { CoreContext } from './context.ts';

/** The views before the keychain and the service have been read. */
export const NO_SECRETS: SecretsView = { state: 'ok', tokenPresent: false, deviceTokenPresent: false };
export const CHECKING_SERVICE: ServiceView = {
  mode: 'none',
  chosen: 'auto',
  installed: false,
  running: false,
  detail: 'checking…',
  findings: [],
};

function resetNotices(ctx: CoreContext, now: number): Notice[] {
  return (ctx.connection.engine?.resetting ?? []).map((r) => ({
    id: `reset-${r.deviceId}`,
    level: 'info' as const,
    message: `Resetting ${r.displayName}: waiting up to ${Math.max(0, Math.round((r.until - now) / 1000))} s for it to ask again.`,
    at: r.until,
  }));
}

export function appState(ctx: CoreContext, now: number = Date.now()): AppState {
  const engine = ctx.connection.engine;
  const client = ctx.connection.client;
  const connection: ConnectionState = ctx.connection.state;
  const resetting = new Map((engine?.resetting ?? []).map((r) => [r.deviceId, r.until]));
  const secrets = ctx.views.secrets;
  const settings = settingsView(ctx.settings.get());
  // The toggle shows what the OS will do at login (the user may have changed it in System Settings).
  const platform = ctx.o.platform.platform;
  const reported = ctx.o.platform.loginItems?.get();
  return {
    connection,
    inbox: withVersionHints(ctx.inbox.items(), connection),
    devices: ctx.shown.grants.stamp(engine?.model.devices ?? [], now).map((d) => {
      const until = resetting.get(d.deviceId);
      return until === undefined ? d : { ...d, resetting: { until } };
    }),
    service: ctx.views.service,
    settings: { ...settings, launchAtLogin: launchAtLoginShown(platform, reported, settings.launchAtLogin) },
    secrets,
    login: loginItemView(platform, reported),
    notices: [...ctx.notices.all(), ...resetNotices(ctx, now)],
    firstRun: !(secrets.tokenPresent && secrets.deviceTokenPresent),
    features: client?.hello?.methods ?? [],
  };
}
