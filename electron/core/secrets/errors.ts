// Typed keychain failures. Messages explain what the user can do; they never contain a secret.
import type { SecretsView } from '../contract/views.ts';

export type SecretStoreErrorCode = 'locked' | 'denied' | 'unavailable' | 'missing' | 'error';

const ADVICE: Record<SecretStoreErrorCode, string> = {
  locked: 'The keychain is locked. Unlock it (log in again or open Keychain Access) and try again.',
  denied: 'Clawbar was not allowed to use the keychain. Allow access when asked, or check Keychain Access.',
  unavailable:
    'No keychain service is available (on Linux: no Secret Service such as gnome-keyring on the session bus). ' +
    'Clawbar keeps secrets only in the keychain, so nothing was saved.',
  missing: 'The keychain has no such item.',
  error: 'The keychain reported an unexpected error.',
};

export class SecretStoreError extends Error {
  readonly code: SecretStoreErrorCode;
  /** What the keyring library said (never contains secret values). */
  readonly detail: string | undefined;
  /** What to tell the person, in plain words (the message without the library's detail). */
  readonly advice: string;

  constructor(code: SecretStoreErrorCode, detail?: string, message?: string) {
    super(message ?? (detail ? `${ADVICE[code]} (${detail})` : ADVICE[code]));
    this.name = 'SecretStoreError';
    this.code = code;
    this.detail = detail;
    this.advice = message ?? ADVICE[code];
  }
}

// Patterns for what keyring-rs (via @napi-rs/keyring) reports. Linux texts were observed against a
// real gnome-keyring; macOS texts are the Security framework's messages and OSStatus codes.
const LOCKED = [
  /unlock prompt was dismissed/i, // Secret Service: collection locked, no one could unlock it
  /is locked/i,
  /User interaction is not allowed/i, // errSecInteractionNotAllowed: keychain locked, no UI
  /-25308\b/,
];
const DENIED = [
  /AccessDenied/i,
  /access denied/i,
  /not permitted/i,
  /passphrase you entered is not correct/i, // errSecAuthFailed
  /-25293\b/,
  /User canceled/i, // errSecUserCanceled: the user pressed Deny
  /-128\b/,
];
const UNAVAILABLE = [
  /DBus error/i, // no session bus, bus without a Secret Service, autolaunch disabled
  /Failed to connect to socket/i,
  /org\.freedesktop\.secrets/i,
  /ServiceUnknown/i,
  /No keychain is available/i, // errSecNotAvailable
  /-25291\b/,
  /keychain could not be found/i, // errSecNoSuchKeychain
  /-25294\b/,
  /Failed to load native binding/i,
];
const MISSING = [/No matching entry found/i];

function errorText(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur; i++) {
    if (cur instanceof Error) {
      parts.push(cur.message);
      cur = cur.cause;
    } else {
      parts.push(typeof cur === 'string' ? cur : JSON.stringify(cur));
      break;
    }
  }
  return parts.join(' / ');
}

/** Maps whatever the keyring library threw to a typed error. */
export function classifyKeyringError(err: unknown): SecretStoreError {
  if (err instanceof SecretStoreError) return err;
  const text = errorText(err);
  const detail = text.slice(0, 300);
  const code: SecretStoreErrorCode = LOCKED.some((re) => re.test(text))
    ? 'locked'
    : DENIED.some((re) => re.test(text))
      ? 'denied'
      : UNAVAILABLE.some((re) => re.test(text))
        ? 'unavailable'
        : MISSING.some((re) => re.test(text))
          ? 'missing'
          : 'error';
  return new SecretStoreError(code, detail);
}

export type SecretsHealth = { state: SecretsView['state']; message?: string; detail?: string };

export function healthOf(err: SecretStoreError): SecretsHealth {
  const state: SecretsView['state'] = err.code === 'missing' ? 'error' : err.code;
  return { state, message: err.advice, ...(err.detail ? { detail: err.detail } : {}) };
}
