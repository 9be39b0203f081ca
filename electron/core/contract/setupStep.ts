// Which connection states are a first-run step rather than a failure: the panel's header and the
// tray both ask this, so that neither shows red before the person has done anything.
import { refusedLocally } from './refusal.ts';
import type { AppState } from './views.ts';

/**
 * `token`: the gateway answers but no token is stored yet (not a keychain fault or a refused address:
 * those are real failures); `gateway`: first run and nothing answers yet.
 */
export type SetupStep = 'token' | 'gateway';

export function setupStep(
  state: Pick<AppState, 'connection' | 'secrets' | 'firstRun'>,
): SetupStep | undefined {
  const c = state.connection;
  // Only a refusal by the gateway means it answered and wants the token; Clawbar's own refusals (the
  // keychain, an unencrypted remote address) happen before any gateway is asked.
  if (!state.secrets.tokenPresent && c.kind === 'auth-failed' && !refusedLocally(c)) return 'token';
  if (state.firstRun && c.kind === 'gateway-down') return 'gateway';
  return undefined;
}
