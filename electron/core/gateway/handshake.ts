// What Clawbar says about itself in `connect`: its client envelope (kept identical on every connect:
// a changed platform or scope set is a new pairing request), the secret it authenticates with, its
// declared capabilities, and the device signature over all of it. Also what hello-ok tells back.
import { clampTickInterval } from './backoff.ts';
import type { HelloOk } from './frames.ts';
import { signConnect, type DeviceIdentity } from './identity.ts';

/** The full operator scope set: the approval ceiling means Clawbar must hold every scope it approves. */
export const CLAWBAR_SCOPES = [
  'operator.admin',
  'operator.read',
  'operator.write',
  'operator.approvals',
  'operator.pairing',
];
export const CLAWBAR_ROLE = 'operator';
/**
 * Capabilities declared at connect. `approvals`: Clawbar is an approval client; 2026.9.x delivers exec
 * and plugin approval requests only to clients that declare it (older gateways ignore the entry).
 */
export const CLAWBAR_CAPS = ['approvals'];

export interface ClientInfo {
  id: string;
  version: string;
  platform: string;
  mode: string;
  displayName: string;
  deviceFamily?: string;
}

export interface ClientCredentials {
  sharedToken(): Promise<string | undefined>;
  deviceToken(role: string): Promise<string | undefined>;
  saveDeviceToken(role: string, token: string): Promise<void>;
}

export function platformName(p: NodeJS.Platform = process.platform): string {
  return p === 'darwin' ? 'macos' : p === 'win32' ? 'windows' : p;
}

export function defaultClientInfo(over: Partial<ClientInfo> = {}): ClientInfo {
  return {
    id: 'openclaw-macos',
    version: '0.0.0',
    platform: platformName(),
    mode: 'ui',
    displayName: 'Clawbar',
    ...(process.platform === 'darwin' ? { deviceFamily: 'Mac' } : {}),
    ...over,
  };
}

export type ConnectAuth = { token: string } | { deviceToken: string } | Record<string, never>;

/** The shared token first; the device token when the shared one is gone or was just rejected. */
export async function chooseAuth(
  credentials: ClientCredentials,
  role: string,
  authRetried: boolean,
): Promise<{ auth: ConnectAuth; secret: string }> {
  const shared = await credentials.sharedToken();
  const deviceToken = !shared || authRetried ? await credentials.deviceToken(role) : undefined;
  if (deviceToken) return { auth: { deviceToken }, secret: deviceToken };
  if (shared) return { auth: { token: shared }, secret: shared };
  return { auth: {}, secret: '' };
}

export interface ConnectInput {
  id: string;
  client: ClientInfo;
  identity: DeviceIdentity;
  scopes: string[];
  auth: ConnectAuth;
  secret: string;
  nonce: string;
  /** The challenge's own clock keeps the signature valid even when this machine's clock is off. */
  challengeTs: number;
}

/** The `connect` request frame (protocol 3 and 4 share it). */
export function connectFrame(i: ConnectInput): string {
  const c = i.client;
  const signedAt = i.challengeTs;
  const signature = signConnect(i.identity, {
    deviceId: i.identity.deviceId,
    clientId: c.id,
    clientMode: c.mode,
    role: CLAWBAR_ROLE,
    scopes: i.scopes,
    signedAtMs: signedAt,
    token: i.secret,
    nonce: i.nonce,
    platform: c.platform,
    deviceFamily: c.deviceFamily,
  });
  return JSON.stringify({
    type: 'req',
    id: i.id,
    method: 'connect',
    params: {
      minProtocol: 3,
      maxProtocol: 4,
      client: {
        id: c.id,
        version: c.version,
        platform: c.platform,
        mode: c.mode,
        displayName: c.displayName,
        ...(c.deviceFamily ? { deviceFamily: c.deviceFamily } : {}),
      },
      role: CLAWBAR_ROLE,
      scopes: i.scopes,
      caps: CLAWBAR_CAPS,
      auth: i.auth,
      device: {
        id: i.identity.deviceId,
        publicKey: i.identity.publicKey,
        signature,
        signedAt,
        nonce: i.nonce,
      },
    },
  });
}

export interface Hello {
  serverVersion: string;
  protocol: number;
  scopes: string[];
  methods: string[];
  events: string[];
  /** The heartbeat interval, clamped to a sane range (the watchdog waits for two). */
  tickIntervalMs: number;
  snapshot: unknown;
}

export function helloOf(h: HelloOk, requestedScopes: string[]): Hello {
  return {
    serverVersion: h.server.version,
    protocol: h.protocol,
    scopes: h.auth?.scopes ?? requestedScopes,
    methods: h.features?.methods ?? [],
    events: h.features?.events ?? [],
    tickIntervalMs: clampTickInterval(h.policy?.tickIntervalMs),
    snapshot: h.snapshot,
  };
}
