// Where the local gateway listens, from the OpenClaw config (JSON5). Only `gateway.port` and
// `gateway.bind` are read here; the token belongs to the secrets module.
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';

export const DEFAULT_GATEWAY_PORT = 18789;

export interface GatewayEndpoint {
  port: number;
  /** As configured (`loopback`, `lan`, …); undefined when the config does not say. */
  bind?: string;
  configPath: string;
  /** False when the config file is missing or unreadable (defaults apply). */
  fromConfig: boolean;
}

/** `OPENCLAW_STATE_DIR`, or `~/.openclaw` (`~/.openclaw-<profile>` for a named profile). */
export function openclawStateDir(env: Record<string, string | undefined>): string {
  if (env.OPENCLAW_STATE_DIR) return env.OPENCLAW_STATE_DIR;
  const profile = env.OPENCLAW_PROFILE;
  return path.join(env.HOME ?? '', profile && profile !== 'default' ? `.openclaw-${profile}` : '.openclaw');
}

export function openclawConfigPath(env: Record<string, string | undefined>): string {
  return env.OPENCLAW_CONFIG_PATH ?? path.join(openclawStateDir(env), 'openclaw.json');
}

export function readGatewayEndpoint(env: Record<string, string | undefined>): GatewayEndpoint {
  const configPath = openclawConfigPath(env);
  let gateway: { port?: unknown; bind?: unknown } | undefined;
  try {
    const cfg = JSON5.parse<{ gateway?: { port?: unknown; bind?: unknown } } | null>(
      fs.readFileSync(configPath, 'utf8'),
    );
    gateway = cfg?.gateway;
  } catch {
    return { port: envPort(env) ?? DEFAULT_GATEWAY_PORT, configPath, fromConfig: false };
  }
  const port = typeof gateway?.port === 'number' && Number.isInteger(gateway.port) ? gateway.port : undefined;
  const bind = typeof gateway?.bind === 'string' ? gateway.bind : undefined;
  return { port: port ?? envPort(env) ?? DEFAULT_GATEWAY_PORT, bind, configPath, fromConfig: true };
}

function envPort(env: Record<string, string | undefined>): number | undefined {
  const n = Number(env.OPENCLAW_GATEWAY_PORT);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
