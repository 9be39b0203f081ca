// Builds the panel once and serves dist/renderer/ on 127.0.0.1 with the same headers (CSP included)
// the Electron protocol handler and the dev host use. The URL reaches the tests as CLAWBAR_PANEL_URL.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { panelHeaders } from '../../electron/core/bridge/csp.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const panelDist = path.join(repoRoot, 'dist', 'renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function buildPanel(): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

async function serve(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file).then(
      (body) =>
        res.writeHead(200, panelHeaders(TYPES[path.extname(file)] ?? 'application/octet-stream')).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.CLAWBAR_SKIP_PANEL_BUILD !== '1') buildPanel();
  const server = await serve(panelDist);
  process.env.CLAWBAR_PANEL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
