// Per-version OpenClaw config for test gateways: offline, loopback,
// token auth. 2026.4.12's schema is closed: it rejects `telemetry`, `models.catalogRefresh` and
// `gateway.nodes.pairing`, so those keys are written for 2026.9.6 only.
import fs from 'node:fs';
import type { GatewayVersion } from './toolchain.ts';

export interface GatewayConfigOptions {
  version: GatewayVersion;
  port: number;
  /** What `gateway.auth.token` holds: a plain token, a `${ENV}` string or a SecretRef object. */
  token: unknown;
  /** 9.6 only; undefined leaves the gateway's default (silent local pairing). */
  autoApproveLocal?: boolean | undefined;
  logFile: string;
}

export function gatewayConfig(o: GatewayConfigOptions): Record<string, unknown> {
  const gateway: Record<string, unknown> = {
    mode: 'local',
    port: o.port,
    bind: 'loopback',
    auth: { mode: 'token', token: o.token },
  };
  const cfg: Record<string, unknown> = {
    gateway,
    update: { checkOnStart: false },
    discovery: { mdns: { mode: 'off' } },
    cron: { enabled: false },
    logging: { file: o.logFile },
  };
  if (o.version !== '2026.4.12') {
    if (o.autoApproveLocal !== undefined)
      gateway.nodes = { pairing: { autoApproveLocal: o.autoApproveLocal } };
    cfg.telemetry = { enabled: false };
    cfg.models = { catalogRefresh: { enabled: false } };
  }
  return cfg;
}

/** Writes the config as JSON5, with comments and trailing commas, as users' files look. */
export function writeGatewayConfig(file: string, cfg: Record<string, unknown>): void {
  const body = JSON.stringify(cfg, null, 2).replace(/\n(\s*)([}\]])/g, ',\n$1$2');
  const text = `// Written by the Clawbar test harness (JSON5: comments and trailing commas are allowed)\n${body}\n`;
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
