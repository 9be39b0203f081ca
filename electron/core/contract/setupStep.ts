// Which connection states are a first-run step rather than a failure: the panel's header and the
// tray both ask this, so that neither shows red before the person has done anything.
import { refusedByKeychain } from './refusal.ts';
import type { AppState } from './views.ts';

/**
 * `token`: the gateway answers but no token is stored yet (not a keychain fault: that is a real
 * failure); `gateway`: first run and nothing answers yet.
 */
export type SetupStep = 'token' | 'gateway';

export function setupStep(
  state: Pick<AppState, 'connection' | 'secrets' | 'firstRun'>,
): SetupStep | undefined {
  const c = state.connection;
  if (!state.secrets.tokenPresent && c.kind === 'auth-failed' && !refusedByKeychain(c)) return 'token';
  if (state.firstRun && c.kind === 'gateway-down') return 'gateway';
  return undefined;
}
