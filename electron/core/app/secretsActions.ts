// Token and identity actions: type or import the gateway token (kept only in the keychain), forget it,
// or forget Clawbar's device identity and pair anew.
import type { ClawbarRequests } from '../contract/contract.ts';
import { previewTokenImport, importToken } from '../secrets/tokenImport.ts';
import { DEFAULT_GATEWAY_URL } from '../settings/schema.ts';
import type { CoreContext } from './context.ts';

type SecretsRequests = Pick<
  ClawbarRequests,
  'setToken' | 'previewTokenImport' | 'importToken' | 'forgetToken' | 'forgetIdentity'
>;

async function setTokenFrom(
  ctx: CoreContext,
  token: string,
  source: 'typed' | 'config' | 'env',
  url = ctx.gatewayUrl(),
) {
  await ctx.secrets.setToken(url, token);
  await ctx.settings.update({ tokenSources: { ...ctx.settings.get().tokenSources, [url]: source } });
  await ctx.refreshSecrets();
  await ctx.connection.reconnect();
}

export function secretsActions(ctx: CoreContext): SecretsRequests {
  const env = ctx.o.env;
  return {
    setToken: (token) =>
      ctx.guarded('set token', async () => {
        const t = token.trim();
        if (!t) return { ok: false, error: 'The token is empty.' };
        await setTokenFrom(ctx, t, 'typed');
        return { ok: true, message: 'Token saved in the keychain. Clawbar is trying it now.' };
      }),
    previewTokenImport: () => Promise.resolve(previewTokenImport(env)),
    importToken: (confirmed) =>
      ctx.guarded('import token', async () => {
        const imported = await importToken(env, confirmed);
        // The token belongs to the gateway of the config it came from, and is only ever sent there.
        const current = ctx.gatewayUrl();
        if (current !== imported.gatewayUrl && current === DEFAULT_GATEWAY_URL) {
          await ctx.settings.update({ gatewayUrl: imported.gatewayUrl });
          await ctx.connection.connect();
        }
        await setTokenFrom(ctx, imported.token, imported.source, imported.gatewayUrl);
        if (ctx.gatewayUrl() !== imported.gatewayUrl)
          return {
            ok: true,
            message: `Token imported from ${imported.where} for the gateway at ${imported.gatewayUrl}. Clawbar is set to another gateway, so it does not use this token there.`,
          };
        return {
          ok: true,
          message: `Token imported from ${imported.where}; it is now kept in the keychain only.`,
        };
      }),
    forgetToken: () =>
      ctx.guarded('forget token', async () => {
        await ctx.secrets.forgetToken(ctx.gatewayUrl());
        await ctx.refreshSecrets();
        return { ok: true, message: 'Token removed from the keychain.' };
      }),
    forgetIdentity: () =>
      ctx.guarded('forget identity', async () => {
        await ctx.connection.reopenAfter(async () => {
          await ctx.secrets.forgetIdentity();
          await ctx.refreshSecrets();
        });
        return { ok: true, message: 'Clawbar has a new identity and pairs anew.' };
      }),
  };
}
