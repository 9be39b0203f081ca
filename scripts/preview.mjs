#!/usr/bin/env node
// `npm run preview [-- --port N --data-dir DIR --no-build]`: builds, then runs the dev host (the real
// core behind a loopback WebSocket) so the panel can be used in a browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const passThrough = args.filter((a) => a !== '--no-build');

if (!skipBuild) {
  try {
    await build();
  } catch (err) {
    process.stderr.write(`[preview] build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
const child = spawn(
  process.execPath,
  [path.join(root, 'dist/browserHost.mjs'), '--root', path.join(root, 'dist/renderer'), ...passThrough],
  { stdio: 'inherit' },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
