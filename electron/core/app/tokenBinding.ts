// A gateway token belongs to the gateway it was saved for (typed, or imported from the config of that
// gateway): the keychain keeps it under that gateway's address and the client only ever reads the
// token of the address it connects to. What the user is told when the gateway address changes. Pure.
import type { SecretsView } from '../contract/views.ts';

export type TokenSource = NonNullable<SecretsView['tokenSource']>;

/** Whether a token is saved for an address, and where it came from if known. */
export interface SavedToken {
  present: boolean;
  source?: TokenSource;
}

const ORIGIN: Record<TokenSource, string> = {
  typed: 'you typed',
  config: 'imported from the OpenClaw config',
  env: 'imported from the environment',
};

/**
 * The message for a gateway address change from `from` to `to`: when `from` has a token and `to` has
 * none, that the token stays with `from` and nothing is sent to `to`. Otherwise nothing to say.
 */
export function urlChangeMessage(
  from: string,
  to: string,
  before: SavedToken,
  after: SavedToken,
): string | undefined {
  if (from === to || after.present || !before.present) return undefined;
  const which = before.source ? `The token ${ORIGIN[before.source]}` : 'The token saved';
  return `No gateway token is saved for ${to}, so Clawbar sends none there. ${which} for ${from} is only ever sent to ${from}. If the gateway at ${to} needs a token, type or import one for it.`;
}
