// Hints that depend on the version of the gateway Clawbar is connected to (hello-ok's server version),
// never on the OpenClaw CLI installed here: the CLI and the gateway can differ.
//
// The rule, as the gateway's own code says it (2026.8.1 and 2026.9.6, shouldAllowSilentLocalPairing):
// an operator's scope upgrade from this machine, signed in with the gateway's token or password and not
// from a web page, is approved by the gateway itself unless `gateway.nodes.pairing.autoApproveLocal` is
// false. 2026.4.12 never approves a scope upgrade silently. The docs (gateway/pairing.md, "Silent local
// pairing") say the same without naming the version.
import type { ConnectionState, InboxItem, PairingCard } from '../contract/views.ts';
import { isLoopbackUrl } from '../gateway/wakeups.ts';
import { isLoopback } from '../pairing/classify.ts';
import { compareVersions } from '../service/discovery.ts';
import { QUIET_LOCAL_UPGRADES_SINCE } from '../service/doctor.ts';

const RELEASE = /^\d{4}\.\d+\.\d+/;

export interface GatewayFacts {
  /** The connected gateway's version (hello-ok `server.version`); absent when not connected. */
  serverVersion?: string;
  /** The gateway Clawbar talks to is on this machine (loopback URL). */
  localGateway: boolean;
}

/** The card's request came from this machine (the gateway omits the address of a loopback request). */
function fromThisMachine(card: PairingCard, gw: GatewayFacts): boolean {
  const ip = card.requester.remoteIp?.trim();
  return gw.localGateway && (!ip || isLoopback(ip));
}

/** A plain-words hint for a device card, or undefined when the gateway's version changes nothing. */
export function versionHint(card: PairingCard, gw: GatewayFacts): string | undefined {
  const v = gw.serverVersion?.trim();
  if (!v || !RELEASE.test(v)) return undefined; // "dev", "unknown": nothing true to say
  if (card.kind !== 'scope-upgrade' || card.role !== 'operator') return undefined;
  if (!fromThisMachine(card, gw)) return undefined;
  if (compareVersions(v, QUIET_LOCAL_UPGRADES_SINCE) >= 0) return undefined;
  return (
    `This gateway runs OpenClaw ${v}. OpenClaw ${QUIET_LOCAL_UPGRADES_SINCE} and newer approve a scope ` +
    `upgrade like this on their own when the app asking runs on this Mac and signs in with the gateway ` +
    `token or password (unless gateway.nodes.pairing.autoApproveLocal is false).`
  );
}

/** The gateway facts of a connection state. */
export function gatewayFacts(connection: ConnectionState): GatewayFacts {
  return connection.kind === 'connected'
    ? { serverVersion: connection.serverVersion, localGateway: isLoopbackUrl(connection.url) }
    : { localGateway: 'url' in connection && isLoopbackUrl(connection.url) };
}

/** The inbox with each device card's version hint filled in (other items unchanged). */
export function withVersionHints(items: readonly InboxItem[], connection: ConnectionState): InboxItem[] {
  const gw = gatewayFacts(connection);
  return items.map((item) => {
    if (item.kind !== 'device') return item;
    const hint = versionHint(item.card, gw);
    return hint ? { ...item, card: { ...item.card, versionHint: hint } } : item;
  });
}
