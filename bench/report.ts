// What the bench and the soak share around their measurements: the gateway versions to run
// (--versions) and the JSON they leave in test-results/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GATEWAY_VERSIONS, repoRoot, type GatewayVersion } from '../test/support/toolchain.ts';

/** `--versions 2026.4.12,2026.9.6`; every pinned version when absent. */
export function gatewayVersions(arg: string | undefined): GatewayVersion[] {
  if (!arg) return [...GATEWAY_VERSIONS];
  return arg.split(',').map((v) => {
    if (!(GATEWAY_VERSIONS as readonly string[]).includes(v)) throw new Error(`unknown gateway version ${v}`);
    return v as GatewayVersion;
  });
}

/** Writes test-results/<file>: start and end times, `body`, the host; returns its path. */
export function writeResults(file: string, started: Date, body: Record<string, unknown>): string {
  const out = path.join(repoRoot, 'test-results', file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const host = { cpus: os.cpus().length, loadavg: os.loadavg(), node: process.version };
  const all = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), ...body, host };
  fs.writeFileSync(out, JSON.stringify(all, null, 2));
  return out;
}
