// Finding the `openclaw` executable and its version. A menu-bar app launched by the OS gets a
// minimal PATH, so the usual install places are searched too.
import fs from 'node:fs';
import path from 'node:path';
import type { ExecFn } from './exec.ts';

/**
 * Whether a folder may hold the `openclaw` Clawbar runs: absolute (a relative PATH entry depends on
 * the working directory) and not writable by every user (anyone could drop a program there).
 */
export function isTrustedDir(dir: string, stat: (p: string) => fs.Stats = fs.statSync): boolean {
  if (!path.isAbsolute(dir)) return false;
  try {
    return (stat(dir).mode & 0o002) === 0;
  } catch {
    return false;
  }
}

/** Where `openclaw` is looked for, in order: the setting, PATH, then the usual install places. */
export function openclawCandidates(env: Record<string, string | undefined>, setting?: string): string[] {
  const home = env.HOME ?? '';
  const out: string[] = [];
  if (setting && path.isAbsolute(setting)) out.push(setting);
  // Relative PATH entries depend on the working directory: never searched.
  for (const dir of (env.PATH ?? '').split(path.delimiter))
    if (path.isAbsolute(dir)) out.push(path.join(dir, 'openclaw'));
  const dirs = [
    '/opt/homebrew/bin',
    '/usr/local/bin',
    home && path.join(home, '.npm-global', 'bin'),
    home && path.join(home, '.local', 'bin'),
    home && path.join(home, 'Library', 'pnpm'),
    home && path.join(home, '.local', 'share', 'pnpm'),
    home && path.join(home, '.volta', 'bin'),
    home && path.join(home, '.bun', 'bin'),
    home && path.join(home, '.openclaw', 'bin'),
    ...nvmBins(home),
    '/usr/bin',
  ];
  for (const dir of dirs) if (dir) out.push(path.join(dir, 'openclaw'));
  return [...new Set(out)];
}

/** nvm keeps one bin folder per Node version; newest version first. */
function nvmBins(home: string): string[] {
  if (!home) return [];
  const root = path.join(home, '.nvm', 'versions', 'node');
  try {
    return fs
      .readdirSync(root)
      .sort((a, b) => compareVersions(b.replace(/^v/, ''), a.replace(/^v/, '')))
      .map((v) => path.join(root, v, 'bin'));
  } catch {
    return [];
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOpenclaw(env: Record<string, string | undefined>, setting?: string): string | undefined {
  return openclawCandidates(env, setting).find((c) => isTrustedDir(path.dirname(c)) && isExecutableFile(c));
}

/**
 * The environment to run `openclaw` in: its own folder first on PATH, because its `#!/usr/bin/env node`
 * needs the Node it was installed with (Homebrew, nvm, volta keep them side by side).
 */
export function openclawEnv(
  openclawPath: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const dir = path.dirname(fs.realpathSync.native(openclawPath));
  const own = path.dirname(openclawPath);
  const parts = [own, dir, ...(env.PATH ?? '').split(path.delimiter)].filter(Boolean);
  return { ...env, PATH: [...new Set(parts)].join(path.delimiter) };
}

/** `OpenClaw 2026.4.12 (1c0672b)` → `2026.4.12`. */
export function parseOpenclawVersion(output: string): string | undefined {
  return /\b(\d{4}\.\d{1,2}\.\d{1,3})\b/.exec(output)?.[1];
}

export async function openclawVersion(
  exec: ExecFn,
  openclawPath: string,
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  const r = await exec(openclawPath, ['--version'], {
    env: openclawEnv(openclawPath, env),
    timeoutMs: 15_000,
  });
  return r.code === 0 ? parseOpenclawVersion(r.stdout) : undefined;
}

/** Numeric comparison of dotted versions (`2026.10.1` > `2026.9.6`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((n) => parseInt(n, 10) || 0);
  const pb = b.split(/[.-]/).map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
