// Where Clawbar may send its secrets. A loopback gateway must be this user's own: while the real
// gateway is down (restart, crash, login), another account on a shared machine could bind the port and
// answer like a gateway, so the listening socket's owner is checked before every connect that carries
// a token. Another machine must be reached over TLS (wss://) unless the user opted in to plain ws://.
import { checkListenerOwner } from '../service/socketOwner.ts';
import type { Failure } from './failure.ts';
import { isLoopbackUrl } from './wakeups.ts';

export type OwnerCheck = (port: number) => Promise<{ ok: true } | { ok: false; message: string }>;

/** The TCP port a ws:// or wss:// URL connects to. */
export function urlPort(url: string): number {
  const u = new URL(url);
  if (u.port) return Number(u.port);
  return u.protocol === 'wss:' || u.protocol === 'https:' ? 443 : 80;
}

/**
 * Whether Clawbar may even open a connection to `url`: a refusal before any byte is sent. Only a plain
 * ws:// to another machine is refused (unless `allowInsecureRemote`); a malformed URL is left to the
 * socket, which reports it.
 */
export function refuseUrl(url: string, allowInsecureRemote: boolean): Failure | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'ws:' || isLoopbackUrl(url) || allowInsecureRemote) return undefined;
  return {
    kind: 'insecure-url',
    message:
      `Clawbar will not send your gateway token to ${u.host} over an unencrypted connection. ` +
      'A gateway on another machine needs a wss:// address.',
  };
}

/**
 * Checked with the socket open, right before the connect that carries the secret: undefined when the
 * secret may go, otherwise why not (the connection is then dropped without sending anything).
 */
export async function refuseListener(
  url: string,
  check: OwnerCheck = (port) => checkListenerOwner(port),
): Promise<Failure | undefined> {
  if (!isLoopbackUrl(url)) return undefined;
  const verdict = await check(urlPort(url));
  return verdict.ok ? undefined : { kind: 'untrusted-listener', message: verdict.message };
}
