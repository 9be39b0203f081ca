// Typed access to scripts/toolchain.mjs (Node 24 + the pinned gateways, installed on first use).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export type GatewayVersion = '2026.4.12' | '2026.9.6';
export const GATEWAY_VERSIONS: readonly GatewayVersion[] = ['2026.4.12', '2026.9.6'];
/** The wire protocol each pinned version speaks (`hello-ok.protocol`). */
export const PROTOCOL_OF: Record<GatewayVersion, number> = { '2026.4.12': 3, '2026.9.6': 4 };

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface Toolchain {
  node: string;
  gateways: Record<GatewayVersion, string>;
}

let cached: Toolchain | undefined;

export function toolchain(): Toolchain {
  if (cached) return cached;
  const fromEnv = process.env.CLAWBAR_TOOLCHAIN;
  const json =
    fromEnv ??
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'toolchain.mjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  cached = JSON.parse(json) as Toolchain;
  return cached;
}
