// Reading the user's OpenClaw config (read-only: Clawbar never writes it). Paths follow OpenClaw's
// own rules (docs/help/environment.md, src/config/state-dir.ts): OPENCLAW_CONFIG_PATH, else
// OPENCLAW_STATE_DIR/openclaw.json, else ~/.openclaw-<profile> or ~/.openclaw, with the legacy
// ~/.clawdbot as a fallback; home is OPENCLAW_HOME, else HOME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSON5 from 'json5';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigLocation {
  /** The config file OpenClaw would use (it may not exist). */
  configPath: string;
  stateDir: string;
  profile?: string;
  exists: boolean;
  /** Which rule chose it, for messages: "OPENCLAW_CONFIG_PATH", "profile dev", … */
  reason: string;
}

export type ConfigErrorCode = 'config-missing' | 'config-unreadable' | 'config-invalid' | 'profile-invalid';

export class OpenClawConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly configPath: string;
  constructor(code: ConfigErrorCode, configPath: string, message: string) {
    super(message);
    this.name = 'OpenClawConfigError';
    this.code = code;
    this.configPath = configPath;
  }
}

function clean(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t && t !== 'undefined' && t !== 'null' ? t : undefined;
}

export function homeDir(env: Env): string {
  const raw = clean(env.OPENCLAW_HOME) ?? clean(env.HOME) ?? clean(env.USERPROFILE) ?? os.homedir();
  return raw.startsWith('~') ? path.join(clean(env.HOME) ?? os.homedir(), raw.slice(1)) : raw;
}

/** `~` expansion as OpenClaw does it for its path variables. */
export function expandHome(p: string, env: Env): string {
  if (p === '~') return homeDir(env);
  if (p.startsWith('~/')) return path.join(homeDir(env), p.slice(2));
  return path.resolve(p);
}

/** What a profile name may be: it becomes part of a folder, a launchd label and a systemd unit. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The named profile (OPENCLAW_PROFILE), or undefined for the default one. Throws for a name that
 * could leave its folder or break a label (`../x`, `a/b`, control characters).
 */
export function profileOf(env: Env): string | undefined {
  const p = clean(env.OPENCLAW_PROFILE);
  if (!p || p === 'default') return undefined;
  if (!PROFILE_NAME.test(p) || p.includes('..')) {
    throw new OpenClawConfigError(
      'profile-invalid',
      '',
      `OPENCLAW_PROFILE is not a valid profile name (letters, digits, ".", "_" and "-", up to 64): ${JSON.stringify(p.slice(0, 80))}.`,
    );
  }
  return p;
}

export function locateOpenClawConfig(env: Env): ConfigLocation {
  const profile = profileOf(env);
  const home = homeDir(env);
  const stateOverride = clean(env.OPENCLAW_STATE_DIR);
  const defaultState = path.join(home, profile ? `.openclaw-${profile}` : '.openclaw');
  const stateDir = stateOverride ? expandHome(stateOverride, env) : defaultState;
  const withProfile = (l: Omit<ConfigLocation, 'profile'>): ConfigLocation =>
    profile ? { ...l, profile } : l;

  const explicit = clean(env.OPENCLAW_CONFIG_PATH);
  if (explicit) {
    const configPath = expandHome(explicit, env);
    return withProfile({
      configPath,
      stateDir,
      exists: fs.existsSync(configPath),
      reason: 'OPENCLAW_CONFIG_PATH',
    });
  }
  const candidates: Array<[string, string]> = [];
  const stateReason = stateOverride
    ? 'OPENCLAW_STATE_DIR'
    : profile
      ? `profile ${profile}`
      : 'default location';
  candidates.push(
    [path.join(stateDir, 'openclaw.json'), stateReason],
    [path.join(stateDir, 'clawdbot.json'), stateReason],
  );
  if (!stateOverride && !profile)
    candidates.push([path.join(home, '.clawdbot', 'clawdbot.json'), 'legacy location']);
  const found = candidates.find(([p]) => fs.existsSync(p));
  const [configPath, reason] = found ?? candidates[0]!;
  return withProfile({ configPath, stateDir, exists: Boolean(found), reason });
}

export interface OpenClawConfig {
  path: string;
  /** The parsed file, `${ENV}` not yet substituted (substitution happens per value read). */
  raw: Record<string, unknown>;
}

/** Reads and parses the config (JSON5). Errors name the file and the place, never its content. */
export function readOpenClawConfig(loc: ConfigLocation): OpenClawConfig {
  let text: string;
  try {
    text = fs.readFileSync(loc.configPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new OpenClawConfigError(
        'config-missing',
        loc.configPath,
        `No OpenClaw config at ${loc.configPath} (${loc.reason}).`,
      );
    }
    throw new OpenClawConfigError(
      'config-unreadable',
      loc.configPath,
      `The OpenClaw config ${loc.configPath} could not be read (${code ?? 'error'}).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON5.parse(text);
  } catch (err) {
    const e = err as { lineNumber?: number; columnNumber?: number };
    const where = e.lineNumber ? ` at line ${e.lineNumber}, column ${e.columnNumber ?? '?'}` : '';
    throw new OpenClawConfigError(
      'config-invalid',
      loc.configPath,
      `The OpenClaw config ${loc.configPath} is not valid JSON5${where}. Fix it, or type the token instead.`,
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new OpenClawConfigError(
      'config-invalid',
      loc.configPath,
      `The OpenClaw config ${loc.configPath} does not hold an object.`,
    );
  }
  return { path: loc.configPath, raw: raw as Record<string, unknown> };
}

/** A nested value by path, or undefined. */
export function pick(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The variables `${VAR}` sees: the process environment, then the config's `env.vars` (only where unset). */
export function substitutionEnv(config: OpenClawConfig, env: Env): Env {
  const vars = pick(config.raw, 'env', 'vars');
  const fromConfig: Record<string, string> = {};
  if (vars && typeof vars === 'object') {
    for (const [k, v] of Object.entries(vars)) if (typeof v === 'string') fromConfig[k] = v;
  }
  return {
    ...fromConfig,
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  };
}

export interface Substituted {
  value: string;
  /** Variables named in the string that are unset or empty. */
  missing: string[];
  /** Variables that were substituted. */
  used: string[];
}

/** OpenClaw's `${VAR}` substitution: uppercase names only, `$${VAR}` is a literal `${VAR}`. */
export function substituteEnv(input: string, env: Env): Substituted {
  const missing: string[] = [];
  const used: string[] = [];
  const value = input.replace(/\$?\$\{([A-Z_][A-Z0-9_]*)\}/g, (match, name: string) => {
    if (match.startsWith('$$')) return match.slice(1);
    const v = env[name];
    if (v === undefined || v === '') {
      missing.push(name);
      return match;
    }
    used.push(name);
    return v;
  });
  return { value, missing, used };
}

export const DEFAULT_GATEWAY_PORT = 18789;

/**
 * The URL Clawbar, on the same machine, uses for the configured gateway. Every bind mode keeps a
 * 127.0.0.1 listener for same-host clients (docs/gateway/config-gateway.md), so only the port and
 * TLS matter. Port precedence as OpenClaw: OPENCLAW_GATEWAY_PORT > gateway.port > profile dev 19001 > 18789.
 */
export function gatewayUrlFromConfig(config: OpenClawConfig | undefined, env: Env): string {
  const tls = pick(config?.raw, 'gateway', 'tls', 'enabled') === true;
  return `${tls ? 'wss' : 'ws'}://127.0.0.1:${gatewayPortFromConfig(config, env)}`;
}

/**
 * The one decision of the local gateway's port, for the supervisor (service/endpoint.ts) and the
 * client's default URL (gatewayUrlFromConfig). Precedence as OpenClaw:
 * OPENCLAW_GATEWAY_PORT > gateway.port (`${VAR}` substituted) > profile dev 19001 > 18789.
 */
export function gatewayPortFromConfig(config: OpenClawConfig | undefined, env: Env): number {
  const subEnv = config ? substitutionEnv(config, env) : env;
  const asPort = (v: unknown): number | undefined => {
    const s = typeof v === 'string' ? substituteEnv(v, subEnv).value : v;
    const n = typeof s === 'number' ? s : typeof s === 'string' && /^\d+$/.test(s.trim()) ? Number(s) : NaN;
    return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
  };
  return (
    asPort(env.OPENCLAW_GATEWAY_PORT) ??
    asPort(pick(config?.raw, 'gateway', 'port')) ??
    (profileOf(env) === 'dev' ? 19001 : DEFAULT_GATEWAY_PORT)
  );
}

/** `gateway.bind` as configured; undefined when the config does not say (OpenClaw then binds loopback). */
export function gatewayBindFromConfig(config: OpenClawConfig | undefined): string | undefined {
  const b = pick(config?.raw, 'gateway', 'bind');
  return typeof b === 'string' && b ? b : undefined;
}
