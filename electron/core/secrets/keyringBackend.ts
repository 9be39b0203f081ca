// The one place that knows how the OS keychain is reached. Everything else talks to KeyringBackend.
//
// We use @napi-rs/keyring's AsyncEntry (the same calls its keytar.js wraps) rather than the keytar
// functions themselves: keytar.js cannot pass entry options, and on Linux the default silently falls
// back to the kernel keyutils keyring when no Secret Service answers (measured: set/get then
// "succeed" in memory and the secret is gone after a reboot). Pinning `secret-service` turns that
// into an error we report as `unavailable`. The option is ignored on macOS (Keychain) and Windows.
import { createRequire } from 'node:module';
import { classifyKeyringError } from './errors.ts';

export interface KeyringBackend {
  /** The stored value, or null when there is none. Throws SecretStoreError. */
  get(service: string, account: string): Promise<string | null>;
  /** Creates or replaces. Throws SecretStoreError. */
  set(service: string, account: string, value: string): Promise<void>;
  /** True when something was deleted. Throws SecretStoreError. */
  delete(service: string, account: string): Promise<boolean>;
  /** Accounts stored under `service` (values are not returned). Throws SecretStoreError. */
  accounts(service: string): Promise<string[]>;
}

interface NativeEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deleteCredential(): Promise<boolean>;
}
interface NativeKeyring {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
  ) => NativeEntry;
  findCredentialsAsync(service: string): Promise<Array<{ account: string; password: string }>>;
}

let loaded: NativeKeyring | undefined;
function native(): NativeKeyring {
  // Loaded on first use so a missing native binary becomes an `unavailable` error, not a crash.
  loaded ??= createRequire(import.meta.url)('@napi-rs/keyring') as NativeKeyring;
  return loaded;
}

/** The OS keychain: macOS Keychain, Linux Secret Service (never the kernel keyring), Windows Credential Manager. */
export function osKeyring(): KeyringBackend {
  const entry = (service: string, account: string): NativeEntry =>
    new (native().AsyncEntry)(service, account, { linux: { store: 'secret-service' } });
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw classifyKeyringError(err);
    }
  };
  return {
    get: (service, account) => guard(() => entry(service, account).getPassword()),
    set: (service, account, value) => guard(() => entry(service, account).setPassword(value)),
    delete: (service, account) => guard(() => entry(service, account).deleteCredential()),
    accounts: (service) =>
      guard(async () => {
        // findCredentials has no store option: check the pinned store is reachable first, so an
        // absent Secret Service is reported instead of listing the kernel keyring.
        await entry(service, '.probe').getPassword();
        const found = await native().findCredentialsAsync(service);
        return found.map((c) => c.account);
      }),
  };
}
