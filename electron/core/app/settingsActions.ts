// Settings, login item and gateway service actions, and the first-start read of the OpenClaw config.
import type { ClawbarRequests } from '../contract/contract.ts';
import type { EditableSettings, ServiceAction } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { gatewayUrlFromConfig, locateOpenClawConfig, readOpenClawConfig } from '../secrets/openclawConfig.ts';
import { refusedByKeychain } from '../contract/refusal.ts';
import { loginItemView } from '../service/policy.ts';
import { DEFAULT_GATEWAY_URL } from '../settings/schema.ts';
import type { CoreContext } from './context.ts';
import { settingsQuestions } from './settingsGuard.ts';
import { urlChangeMessage, type SavedToken } from './tokenBinding.ts';

type SettingsRequests = Pick<
  ClawbarRequests,
  | 'reconnect'
  | 'updateSettings'
  | 'setLaunchAtLogin'
  | 'openLoginItemSettings'
  | 'serviceAction'
  | 'runDoctor'
  | 'sendTestNotification'
>;

/** A fresh install follows the OpenClaw config on this machine (its port may not be the default). */
export async function adoptConfigGatewayUrl(ctx: CoreContext): Promise<void> {
  if (ctx.gatewayUrl() !== DEFAULT_GATEWAY_URL) return;
  try {
    const loc = locateOpenClawConfig(ctx.o.env);
    const url = gatewayUrlFromConfig(loc.exists ? readOpenClawConfig(loc) : undefined, ctx.o.env);
    if (url !== DEFAULT_GATEWAY_URL) await ctx.settings.update({ gatewayUrl: url });
  } catch (err) {
    ctx.log.write('info', `no OpenClaw config to read the gateway address from: ${errorMessage(err)}`);
  }
}

/** Whether a token is saved for `url` (none when the keychain cannot say), and where it came from. */
async function savedToken(ctx: CoreContext, url: string): Promise<SavedToken> {
  const present = await ctx.secrets.getToken(url).then(
    (t) => t !== null,
    () => false,
  );
  const source = ctx.settings.get().tokenSources[url];
  return { present, ...(present && source ? { source } : {}) };
}

export function settingsActions(ctx: CoreContext): SettingsRequests {
  const { service, settings } = ctx;
  return {
    reconnect: () =>
      ctx.guarded('reconnect', async () => {
        await ctx.refreshSecrets();
        await ctx.connection.reconnect();
        // With no client, the try has already happened: say when it failed rather than "done".
        const after = ctx.connection.state;
        if (!ctx.connection.client && refusedByKeychain(after))
          return { ok: false, error: 'Clawbar still cannot use the keychain.' };
        // The try itself ends later (the status above shows it): "done" would claim too much.
        return { ok: true, message: after.kind === 'connected' ? 'already connected' : 'trying now' };
      }),
    updateSettings: (patch: Partial<EditableSettings>) =>
      ctx.guarded('settings', async () => {
        const before = ctx.gatewayUrl();
        for (const question of settingsQuestions(settings.get(), patch)) {
          if (!(await ctx.confirmer.ask(question)))
            return {
              ok: false,
              error: 'Nothing was changed: the change was not confirmed.',
              code: 'NOT_CONFIRMED',
            };
        }
        const { openclawPath, ...rest } = patch;
        await settings.update({
          ...rest,
          ...(openclawPath !== undefined ? { openclawPath: openclawPath || null } : {}),
        });
        service.updateSettings(ctx.serviceSettings());
        const after = ctx.gatewayUrl();
        let message: string | undefined;
        if (after !== before)
          message = urlChangeMessage(
            before,
            after,
            await savedToken(ctx, before),
            await savedToken(ctx, after),
          );
        if (after !== before || patch.allowInsecureRemote !== undefined) {
          await ctx.refreshSecrets();
          await ctx.connection.connect();
        }
        // Turning notifications on or off applies to what is pending now.
        if (patch.notifications !== undefined) ctx.feed.sync();
        if (patch.keepRunning !== undefined || patch.openclawPath !== undefined)
          void service.status().catch(() => undefined);
        return message ? { ok: true, message } : { ok: true };
      }),
    setLaunchAtLogin: (enabled) =>
      ctx.guarded('login item', async () => {
        const port = ctx.o.platform.loginItems;
        if (!port) return { ok: false, error: 'Opening at login is not available here.' };
        port.set(enabled);
        await settings.update({ launchAtLogin: enabled });
        return { ok: true, message: loginItemView(ctx.o.platform.platform, port.get()).message };
      }),
    openLoginItemSettings: () =>
      ctx.guarded('login settings', () => {
        ctx.o.platform.loginItems?.openSystemSettings();
        return { ok: true };
      }),
    serviceAction: (action: ServiceAction) => ctx.guarded(`gateway ${action}`, () => service.act(action)),
    runDoctor: async () => (await service.status()).findings,
    sendTestNotification: () =>
      ctx.guarded('test notification', () => {
        ctx.feed.test();
        return {
          ok: true,
          message: 'Sent. If nothing appeared, allow notifications for Clawbar in System Settings.',
        };
      }),
  };
}
