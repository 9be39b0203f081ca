// Credentials held in memory for gateway-client tests (the keychain store has its own tests against a
// real Secret Service; the client only sees this interface).
import type { ClientCredentials } from '../../electron/core/gateway/client.ts';

export function memoryCredentials(token?: string): ClientCredentials & {
  token: string | undefined;
  deviceTokens: Map<string, string>;
} {
  const deviceTokens = new Map<string, string>();
  const creds = {
    token,
    deviceTokens,
    sharedToken: () => Promise.resolve(creds.token),
    deviceToken: (role: string) => Promise.resolve(deviceTokens.get(role)),
    saveDeviceToken: (role: string, t: string) => {
      deviceTokens.set(role, t);
      return Promise.resolve();
    },
  };
  return creds;
}
