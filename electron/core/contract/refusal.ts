// Who said no when a connection is refused: the gateway (the token), or Clawbar itself (no keychain, an
// address it will not use). The tray and the panel both headline a refusal with this, so neither blames
// the gateway for what happened on this Mac.
import type { ConnectionState } from './views.ts';

type Refusal = Extract<ConnectionState, { kind: 'auth-failed' }>;

/** The keychain refused Clawbar (locked, denied, absent): nothing can be read, stored or signed. */
export function refusedByKeychain(c: ConnectionState): boolean {
  return c.kind === 'auth-failed' && c.code === 'KEYCHAIN_UNAVAILABLE';
}

/** Refusals made on this Mac before any gateway answered. */
export function refusedLocally(c: Refusal): boolean {
  return refusedByKeychain(c) || c.code === 'INSECURE_URL';
}

export function refusalHeadline(c: Refusal): string {
  if (refusedByKeychain(c)) return 'Clawbar cannot use the keychain';
  if (c.code === 'INSECURE_URL') return 'Clawbar refused an unencrypted connection to another machine';
  return "The gateway refused Clawbar's token";
}
