// Resolving OpenClaw SecretRefs ({source, provider, id}) the way the gateway does
// (docs/gateway/secrets/secretref-contract.md), for the one value Clawbar imports.
// `exec` runs only a command the user confirmed; its output is the secret and is never shown.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { expandHome, pick, type Env, type OpenClawConfig } from './openclawConfig.ts';
import { CodedError } from '../contract/errors.ts';
import { visibleText } from '../present/visibleText.ts';

export type SecretSource = 'env' | 'file' | 'exec';

export interface SecretRef {
  source: SecretSource | 'store';
  provider: string;
  id: string;
}

export type SecretRefErrorCode = 'unresolved' | 'unsupported' | 'exec-not-confirmed' | 'exec-failed';

export class SecretRefError extends CodedError<SecretRefErrorCode> {}

const PROVIDER = /^[a-z][a-z0-9_-]{0,63}$/;
const ENV_ID = /^[A-Z][A-Z0-9_]{0,127}$/;

/** A SecretRef object, or the `$VAR` shorthand; undefined for anything else. */
export function asSecretRef(value: unknown, config: OpenClawConfig): SecretRef | undefined {
  if (typeof value === 'string') {
    const m = /^\$([A-Z][A-Z0-9_]{0,127})$/.exec(value.trim());
    return m ? { source: 'env', provider: defaultProvider('env', config), id: m[1]! } : undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  if (o.source !== 'env' && o.source !== 'file' && o.source !== 'exec' && o.source !== 'store')
    return undefined;
  const provider = typeof o.provider === 'string' ? o.provider : defaultProvider(o.source, config);
  return { source: o.source, provider, id: typeof o.id === 'string' ? o.id : '' };
}

function defaultProvider(source: string, config: OpenClawConfig): string {
  const d = pick(config.raw, 'secrets', 'defaults', source);
  return typeof d === 'string' && d ? d : 'default';
}

function providerConfig(ref: SecretRef, config: OpenClawConfig): Record<string, unknown> | undefined {
  const p = pick(config.raw, 'secrets', 'providers', ref.provider);
  return p && typeof p === 'object' && (p as Record<string, unknown>).source === ref.source
    ? (p as Record<string, unknown>)
    : undefined;
}

export function describeRef(ref: SecretRef): string {
  return `${ref.source} SecretRef (provider "${ref.provider}", id "${ref.id}")`;
}

export interface ExecPlan {
  command: string;
  args: string[];
  /** The command line as shown: shell-quoted, control and bidi characters escaped visibly. */
  display: string;
  /** The whole environment the command gets (passEnv values + the config's env). */
  env: Record<string, string>;
  /** The variables the config sets (`env`), shown with their values. */
  addedEnv: Record<string, string>;
  /** The variables passed through from Clawbar's environment (`passEnv`) that are set, shown by name. */
  passEnv: string[];
  timeoutMs: number;
  maxOutputBytes: number;
  jsonOnly: boolean;
  /** A keyed digest of everything above: the confirmation must carry it, so any change refuses. */
  digest: string;
}

// Per process: the digest goes to the panel and back, and must not let anyone test guesses of an
// environment value against it.
const DIGEST_KEY = randomBytes(32);

function planDigest(p: Omit<ExecPlan, 'digest' | 'display'>): string {
  const sorted = (o: Record<string, string>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = JSON.stringify([
    p.command,
    p.args,
    sorted(p.env),
    sorted(p.addedEnv),
    [...p.passEnv].sort(),
    p.timeoutMs,
    p.maxOutputBytes,
    p.jsonOnly,
  ]);
  return createHmac('sha256', DIGEST_KEY).update(canonical).digest('hex');
}

function quote(s: string): string {
  return visibleText(/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
}

/** What an exec SecretRef would run, without running it. */
export function execPlan(ref: SecretRef, config: OpenClawConfig, env: Env): ExecPlan {
  const p = providerConfig(ref, config);
  if (!p)
    throw new SecretRefError(
      'unresolved',
      `The ${describeRef(ref)} names no exec provider in secrets.providers.`,
    );
  if (p.pluginIntegration) {
    throw new SecretRefError(
      'unsupported',
      `The ${describeRef(ref)} uses a plugin-managed provider, which Clawbar cannot run. Type the token instead.`,
    );
  }
  if (typeof p.command !== 'string' || !p.command.startsWith('/')) {
    throw new SecretRefError(
      'unresolved',
      `The exec provider "${ref.provider}" has no absolute command path.`,
    );
  }
  const args = Array.isArray(p.args) ? p.args.filter((a): a is string => typeof a === 'string') : [];
  const childEnv: Record<string, string> = {};
  const passEnv: string[] = [];
  if (Array.isArray(p.passEnv)) {
    for (const k of p.passEnv) {
      if (typeof k !== 'string' || env[k] === undefined) continue;
      childEnv[k] = env[k];
      passEnv.push(k);
    }
  }
  const addedEnv: Record<string, string> = {};
  if (p.env && typeof p.env === 'object') {
    for (const [k, v] of Object.entries(p.env)) if (typeof v === 'string') addedEnv[k] = childEnv[k] = v;
  }
  const num = (v: unknown, d: number): number => (typeof v === 'number' && v > 0 ? v : d);
  const plan = {
    command: p.command,
    args,
    env: childEnv,
    addedEnv,
    passEnv: passEnv.filter((k) => !(k in addedEnv)),
    timeoutMs: num(p.timeoutMs, 5000),
    maxOutputBytes: num(p.maxOutputBytes, 1024 * 1024),
    jsonOnly: p.jsonOnly !== false,
  };
  return { ...plan, display: [p.command, ...args].map(quote).join(' '), digest: planDigest(plan) };
}

/** Resolves an env or file ref (no side effects). */
export function resolveStaticRef(ref: SecretRef, config: OpenClawConfig, env: Env): string {
  if (!PROVIDER.test(ref.provider))
    throw new SecretRefError('unresolved', `The ${describeRef(ref)} has an invalid provider name.`);
  if (ref.source === 'env') {
    if (!ENV_ID.test(ref.id))
      throw new SecretRefError('unresolved', `The ${describeRef(ref)} has an invalid variable name.`);
    const p = providerConfig(ref, config);
    if (!p && ref.provider !== defaultProvider('env', config) && ref.provider !== 'default') {
      throw new SecretRefError(
        'unresolved',
        `The ${describeRef(ref)} names no env provider in secrets.providers.`,
      );
    }
    const allow = p?.allowlist;
    if (Array.isArray(allow) && !allow.includes(ref.id)) {
      throw new SecretRefError('unresolved', `The ${describeRef(ref)} is not in the provider's allowlist.`);
    }
    const v = env[ref.id];
    if (v === undefined || v === '') {
      throw new SecretRefError(
        'unresolved',
        `The token comes from the environment variable ${ref.id}, which is not set for Clawbar. ` +
          `Apps started from the Dock do not see your shell's variables: type the token instead.`,
      );
    }
    return v;
  }
  if (ref.source === 'file') {
    const p = providerConfig(ref, config);
    if (!p || typeof p.path !== 'string') {
      throw new SecretRefError(
        'unresolved',
        `The ${describeRef(ref)} names no file provider with a path in secrets.providers.`,
      );
    }
    const file = expandHome(p.path, env);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new SecretRefError(
        'unresolved',
        `The secrets file ${file} for the ${describeRef(ref)} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    if (p.mode === 'singleValue') {
      if (ref.id !== 'value')
        throw new SecretRefError(
          'unresolved',
          `The ${describeRef(ref)} must use id "value" with a singleValue file.`,
        );
      return text.replace(/\r?\n$/, '');
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new SecretRefError('unresolved', `The secrets file ${file} is not valid JSON.`);
    }
    const v = jsonPointer(doc, ref.id);
    if (typeof v !== 'string' || v === '') {
      throw new SecretRefError(
        'unresolved',
        `The secrets file ${file} has no string at ${ref.id} (${describeRef(ref)}).`,
      );
    }
    return v;
  }
  if (ref.source === 'store') {
    throw new SecretRefError(
      'unsupported',
      `The token is a store SecretRef held in OpenClaw's database, which Clawbar does not read. Type the token instead.`,
    );
  }
  throw new SecretRefError('unsupported', `The ${describeRef(ref)} needs a command to run.`);
}

function jsonPointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('/')) return undefined;
  let cur = doc;
  for (const seg of pointer.slice(1).split('/')) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Runs a confirmed exec provider with OpenClaw's protocol (JSON request on stdin, JSON values on stdout). */
export async function runExecRef(ref: SecretRef, plan: ExecPlan): Promise<string> {
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(plan.command, plan.args, {
      env: plan.env,
      stdio: ['pipe', 'pipe', 'ignore'],
      shell: false,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SecretRefError('exec-failed', `The command did not answer within ${plan.timeoutMs} ms.`));
    }, plan.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > plan.maxOutputBytes) child.kill('SIGKILL');
      else chunks.push(d);
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new SecretRefError('exec-failed', `The command could not be started (${err.code ?? 'error'}).`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new SecretRefError('exec-failed', `The command failed (${signal ?? `exit ${code}`}).`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify({ protocolVersion: 1, provider: ref.provider, ids: [ref.id] }));
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    if (!plan.jsonOnly && stdout.trim()) return stdout.trim();
    // The output may be the secret itself: never quote it.
    throw new SecretRefError('exec-failed', "The command did not answer with OpenClaw's JSON protocol.");
  }
  const value = pick(parsed, 'values', ref.id);
  if (typeof value === 'string' && value) return value;
  const errCode = pick(parsed, 'errors', ref.id, 'code');
  throw new SecretRefError(
    'exec-failed',
    `The command returned no value for "${ref.id}"${typeof errCode === 'string' && /^[A-Z_]{1,40}$/.test(errCode) ? ` (${errCode})` : ''}.`,
  );
}
