// Clawbar's secrets, in the OS keychain only: the shared gateway token and the device tokens per
// gateway, and the install's Ed25519 private key. Nothing here writes a file or logs a value.
import { generateIdentity, identityFromPrivateKeyPem, type DeviceIdentity } from '../gateway/identity.ts';
import { SecretStoreError, classifyKeyringError, healthOf, type SecretsHealth } from './errors.ts';
import { osKeyring, type KeyringBackend } from './keyringBackend.ts';

export const DEFAULT_SERVICE = 'Clawbar';

/** Keychain account names: they say what they hold and, for gateway secrets, which gateway. */
export const accounts = {
  token: (gw: string): string => `gateway-token ${gatewayKey(gw)}`,
  deviceToken: (gw: string, role: string): string => `device-token ${role} ${gatewayKey(gw)}`,
  deviceTokenPrefix: 'device-token ',
  identity: 'device-identity ed25519-private-key',
  probe: 'health-probe',
} as const;

/** One spelling per gateway: `ws://127.0.0.1:18789` whatever case or trailing slash was typed. */
export function gatewayKey(gw: string): string {
  let url: URL;
  try {
    url = new URL(gw);
  } catch {
    throw new TypeError(`not a gateway URL: ${JSON.stringify(gw)}`);
  }
  if (url.username || url.password) throw new TypeError('a gateway URL must not carry credentials');
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

function checkSecret(kind: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`the ${kind} is empty`);
  if (value !== value.trim()) throw new TypeError(`the ${kind} has leading or trailing whitespace`);
}

function checkRole(role: string): void {
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(role)) throw new TypeError(`not a role name: ${JSON.stringify(role)}`);
}

export interface SecretStoreOptions {
  service?: string;
  keyring?: KeyringBackend;
}

export class SecretStore {
  readonly service: string;
  private readonly keyring: KeyringBackend;
  private identityLoad: Promise<DeviceIdentity> | undefined;
  /** Token values read or written this run (gateway and device tokens, never the private key). */
  private readonly seenTokens = new Set<string>();

  constructor(o: SecretStoreOptions = {}) {
    this.service = o.service ?? DEFAULT_SERVICE;
    this.keyring = o.keyring ?? osKeyring();
  }

  /** Token values this process has handled, so the supervised gateway's output can be redacted. */
  knownTokens(): readonly string[] {
    return [...this.seenTokens];
  }

  async getToken(gw: string): Promise<string | null> {
    return this.remember(await this.read(accounts.token(gw)));
  }

  async setToken(gw: string, token: string): Promise<void> {
    checkSecret('gateway token', token);
    await this.write(accounts.token(gw), token);
    this.remember(token);
  }

  forgetToken(gw: string): Promise<void> {
    return this.forget(accounts.token(gw));
  }

  async getDeviceToken(gw: string, role: string): Promise<string | null> {
    checkRole(role);
    return this.remember(await this.read(accounts.deviceToken(gw, role)));
  }

  async setDeviceToken(gw: string, role: string, token: string): Promise<void> {
    checkRole(role);
    checkSecret('device token', token);
    await this.write(accounts.deviceToken(gw, role), token);
    this.remember(token);
  }

  /** Forgets the device tokens of every role for this gateway. */
  async forgetDeviceTokens(gw: string): Promise<void> {
    const suffix = ` ${gatewayKey(gw)}`;
    await this.forgetAll(
      (a) => a.startsWith(accounts.deviceTokenPrefix) && a.endsWith(suffix),
      [accounts.deviceToken(gw, 'operator'), accounts.deviceToken(gw, 'node')],
    );
  }

  /** The install's identity: created and stored on first use, the same key (and device id) afterwards. */
  loadOrCreateIdentity(): Promise<DeviceIdentity> {
    // One load at a time, so two callers can never create two keys.
    const p = (this.identityLoad ??= this.loadIdentity());
    p.catch(() => {
      if (this.identityLoad === p) this.identityLoad = undefined;
    });
    return p;
  }

  /** Forgets the private key and, as they belong to that identity, all device tokens: Clawbar pairs anew. */
  async forgetIdentity(): Promise<void> {
    this.identityLoad = undefined;
    await this.forget(accounts.identity);
    await this.forgetAll((a) => a.startsWith(accounts.deviceTokenPrefix), []);
  }

  /** Whether the keychain can be written and read now (a throwaway, non-secret probe item). */
  async health(): Promise<SecretsHealth> {
    try {
      const probe = `probe ${Date.now()}`;
      await this.keyring.set(this.service, accounts.probe, probe);
      const back = await this.keyring.get(this.service, accounts.probe);
      await this.keyring.delete(this.service, accounts.probe);
      if (back !== probe)
        return { state: 'error', message: 'The keychain did not return what was just stored.' };
      return { state: 'ok' };
    } catch (err) {
      return healthOf(classifyKeyringError(err));
    }
  }

  private async loadIdentity(): Promise<DeviceIdentity> {
    const pem = await this.read(accounts.identity);
    if (pem !== null) {
      try {
        return identityFromPrivateKeyPem(pem);
      } catch {
        // Never replace a key silently: the user decides whether to forget it and pair anew.
        throw new SecretStoreError(
          'error',
          undefined,
          'The device key stored in the keychain is not a valid Ed25519 key. Forget it to pair Clawbar anew.',
        );
      }
    }
    const identity = generateIdentity();
    await this.write(accounts.identity, identity.privateKeyPem);
    return identity;
  }

  private remember(token: string | null): string | null {
    // Bounded: a long run rotates device tokens now and then, never thousands of times.
    if (token && this.seenTokens.size < 64) this.seenTokens.add(token);
    return token;
  }

  private async read(account: string): Promise<string | null> {
    try {
      return await this.keyring.get(this.service, account);
    } catch (err) {
      throw classifyKeyringError(err);
    }
  }

  private async write(account: string, value: string): Promise<void> {
    try {
      await this.keyring.set(this.service, account, value);
    } catch (err) {
      throw classifyKeyringError(err);
    }
  }

  private async forget(account: string): Promise<void> {
    try {
      await this.keyring.delete(this.service, account);
      // A locked Secret Service collection hides its items and "deletes nothing": make sure it is gone.
      if ((await this.keyring.get(this.service, account)) !== null) {
        throw new SecretStoreError('error', undefined, 'The keychain kept the item after deleting it.');
      }
    } catch (err) {
      throw classifyKeyringError(err);
    }
  }

  private async forgetAll(match: (account: string) => boolean, always: string[]): Promise<void> {
    let listed: string[];
    try {
      listed = await this.keyring.accounts(this.service);
    } catch (err) {
      throw classifyKeyringError(err);
    }
    const targets = new Set([...always, ...listed.filter(match)]);
    for (const account of targets) await this.forget(account);
  }
}
