// Where the local gateway listens, for the supervisor and the doctor. The port comes from the one
// function that also gives the client its default URL (gatewayPortFromConfig); the token belongs to
// the secrets module.
import {
  DEFAULT_GATEWAY_PORT,
  gatewayBindFromConfig,
  gatewayPortFromConfig,
  locateOpenClawConfig,
  readOpenClawConfig,
  type Env,
  type OpenClawConfig,
} from '../secrets/openclawConfig.ts';

export { DEFAULT_GATEWAY_PORT };

export interface GatewayEndpoint {
  port: number;
  /** As configured (`loopback`, `lan`, …); undefined when the config does not say. */
  bind?: string;
  configPath: string;
  /** False when the config file is missing or unreadable (defaults apply). */
  fromConfig: boolean;
}

/** The config file OpenClaw uses (throws for an invalid OPENCLAW_PROFILE). */
export function openclawConfigPath(env: Env): string {
  return locateOpenClawConfig(env).configPath;
}

export function readGatewayEndpoint(env: Env): GatewayEndpoint {
  const loc = locateOpenClawConfig(env);
  let config: OpenClawConfig | undefined;
  try {
    config = loc.exists ? readOpenClawConfig(loc) : undefined;
  } catch {
    config = undefined; // unreadable or invalid: defaults apply, the doctor and token import say why
  }
  const ep: GatewayEndpoint = {
    port: gatewayPortFromConfig(config, env),
    configPath: loc.configPath,
    fromConfig: config !== undefined,
  };
  const bind = gatewayBindFromConfig(config);
  if (bind) ep.bind = bind;
  return ep;
}
