// What the rest of the core needs from the keychain: credentials for the gateway client and the
// SecretsView for the panel (presence only, never values).
import type { SecretsView } from '../contract/views.ts';
import type { ClientCredentials } from '../gateway/client.ts';
import { SecretStoreError } from './errors.ts';
import type { SecretStore } from './secretStore.ts';

/** The gateway client's view of the keychain, for one gateway. */
export function clientCredentials(store: SecretStore, gatewayUrl: string): ClientCredentials {
  return {
    sharedToken: async () => (await store.getToken(gatewayUrl)) ?? undefined,
    deviceToken: async (role) => (await store.getDeviceToken(gatewayUrl, role)) ?? undefined,
    saveDeviceToken: (role, token) => store.setDeviceToken(gatewayUrl, role, token),
  };
}

/** The panel's view: whether each secret is present and the keychain's state. Never throws. */
export async function secretsView(
  store: SecretStore,
  gatewayUrl: string,
  tokenSource?: SecretsView['tokenSource'],
): Promise<SecretsView> {
  const view: SecretsView = { state: 'ok', tokenPresent: false, deviceTokenPresent: false };
  try {
    view.tokenPresent = (await store.getToken(gatewayUrl)) !== null;
    view.deviceTokenPresent = (await store.getDeviceToken(gatewayUrl, 'operator')) !== null;
    const id = await store.loadOrCreateIdentity();
    view.identity = { deviceId: id.deviceId, publicKey: id.publicKey };
    if (view.tokenPresent && tokenSource) view.tokenSource = tokenSource;
  } catch (err) {
    const health =
      err instanceof SecretStoreError
        ? await store.health()
        : { state: 'error' as const, message: String(err) };
    view.state = health.state === 'ok' ? 'error' : health.state;
    view.message = health.message ?? (err instanceof Error ? err.message : undefined);
    if (health.detail) view.detail = health.detail;
  }
  return view;
}
