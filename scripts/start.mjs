#!/usr/bin/env node
// `npm start`: builds, then launches Electron on the app. The electron npm package fetches its
// binary lazily; where it cannot be had (offline, or no build for this machine) this says so and
// points at `npm run preview` instead of hanging or printing a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const DOWNLOAD_TIMEOUT_MS = Number(process.env.CLAWBAR_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 120_000);

/** Path of the Electron binary, or null; never requires 'electron' (that would start an untimed download). */
function installedElectron(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, fs.readFileSync(pathFile, 'utf8'))
    : path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8'));
  return fs.existsSync(bin) ? bin : null;
}

function findElectron() {
  let electronDir;
  try {
    electronDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return { bin: null, why: 'the electron package is not installed (run `npm install`)' };
  }
  const present = installedElectron(electronDir);
  if (present) return { bin: present };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { bin: null, why: 'it is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  process.stdout.write('[start] Electron binary missing, trying to download it once …\n');
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    timeout: DOWNLOAD_TIMEOUT_MS,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bin = installedElectron(electronDir);
  if (bin) return { bin };
  const firstLine = `${r.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? '';
  const why =
    r.error?.code === 'ETIMEDOUT'
      ? `the download did not finish within ${Math.round(DOWNLOAD_TIMEOUT_MS / 1000)} s`
      : `the download failed${firstLine ? ` (${firstLine.trim().slice(0, 200)})` : ''}`;
  return { bin: null, why };
}

function explain(why) {
  process.stderr.write(
    [
      '',
      'Clawbar cannot start here: the Electron binary is not available.',
      `  Why: ${why}.`,
      '  Electron downloads its binary on first use; this machine could not get it.',
      '',
      'What you can do:',
      '  • Use the panel in a browser, against the real core:  npm run preview',
      '    (it prints a http://127.0.0.1:…/#key=… address to open)',
      '  • Or, on a machine with internet access, run `npx install-electron --no` (or reinstall',
      '    node_modules) and then `npm start` again.',
      '',
    ].join('\n'),
  );
}

const args = process.argv.slice(2);
if (!args.includes('--no-build')) {
  const { build } = await import('./build.mjs');
  try {
    await build();
  } catch (err) {
    process.stderr.write(`[start] build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

const { bin, why } = findElectron();
if (!bin) {
  explain(why);
  process.exit(1);
}
const child = spawn(bin, [root, ...args.filter((a) => a !== '--no-build')], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
