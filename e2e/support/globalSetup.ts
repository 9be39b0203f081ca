// Builds the panel once and serves dist/renderer/ on 127.0.0.1 with the same headers (CSP included)
// the Electron protocol handler and the dev host use. The URL reaches the tests as CLAWBAR_PANEL_URL.
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servePanel } from '../../test/support/panelServer.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const panelDist = path.join(repoRoot, 'dist', 'renderer');

function buildPanel(): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.CLAWBAR_SKIP_PANEL_BUILD !== '1') buildPanel();
  const server = await servePanel(panelDist);
  process.env.CLAWBAR_PANEL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
