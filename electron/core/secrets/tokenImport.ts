// Finding the gateway token the user already has, to copy it into the keychain: the OpenClaw
// config (`gateway.auth.token`: plain, `${ENV}`, or a SecretRef), then OPENCLAW_GATEWAY_TOKEN.
// Read-only: the OpenClaw config is never rewritten. An exec SecretRef runs only when the caller
// passes back the preview's `confirmation`, a digest of everything that would run (program,
// arguments, environment, limits): any change to the config after the preview refuses the import.
// The token is bound to the gateway URL of the config it came from.
import type { TokenImportPreview } from '../contract/views.ts';
import {
  OpenClawConfigError,
  gatewayUrlFromConfig,
  locateOpenClawConfig,
  pick,
  readOpenClawConfig,
  substituteEnv,
  substitutionEnv,
  type ConfigLocation,
  type Env,
  type OpenClawConfig,
} from './openclawConfig.ts';
import {
  SecretRefError,
  asSecretRef,
  describeRef,
  execPlan,
  resolveStaticRef,
  runExecRef,
  type ExecPlan,
  type SecretRef,
} from './secretRef.ts';
import { CodedError } from '../contract/errors.ts';
import { visibleText } from '../present/visibleText.ts';

export type TokenImportErrorCode =
  | 'no-token'
  | 'config-unreadable'
  | 'config-invalid'
  | 'unresolved'
  | 'unsupported'
  | 'exec-not-confirmed'
  | 'exec-failed';

export class TokenImportError extends CodedError<TokenImportErrorCode> {}

type Kind = NonNullable<TokenImportPreview['kind']>;

/** Where the token would come from; `resolve` reads it (exec: only with the confirmed command). */
interface Found {
  kind: Kind;
  source: 'config' | 'env';
  /** Shown to the user: "gateway.auth.token in /path" or "OPENCLAW_GATEWAY_TOKEN". */
  where: string;
  exec?: ExecPlan;
  resolve(confirmation: string | null): Promise<string>;
}

export interface TokenImportPlan extends TokenImportPreview {
  /** Where the config says the gateway listens (127.0.0.1 and its port). */
  gatewayUrl: string;
  location: ConfigLocation;
  /** Set when nothing can be imported, or the config has a problem (then `message` explains). */
  error?: TokenImportErrorCode;
}

export interface ImportedToken {
  token: string;
  /** The gateway this token is for: the URL the same config gives (store the token for this URL only). */
  gatewayUrl: string;
  /** For SecretsView.tokenSource. */
  source: 'config' | 'env';
  kind: Kind;
  where: string;
}

function asError(err: unknown): TokenImportError {
  if (err instanceof TokenImportError) return err;
  if (err instanceof OpenClawConfigError) {
    return new TokenImportError(
      err.code === 'config-invalid' ? 'config-invalid' : 'config-unreadable',
      err.message,
    );
  }
  if (err instanceof SecretRefError) return new TokenImportError(err.code, err.message);
  return new TokenImportError('unresolved', `The token could not be read (${(err as Error).name}).`);
}

function fromConfig(config: OpenClawConfig, env: Env): Found {
  const subEnv = substitutionEnv(config, env);
  const value = pick(config.raw, 'gateway', 'auth', 'token');
  const mode = pick(config.raw, 'gateway', 'auth', 'mode');
  const where = `gateway.auth.token in ${config.path}`;
  if (value === undefined || value === null || value === '') {
    const modeNote = typeof mode === 'string' && mode !== 'token' ? ` (gateway.auth.mode is "${mode}")` : '';
    throw new TokenImportError(
      'no-token',
      `The OpenClaw config ${config.path} has no gateway.auth.token${modeNote}.`,
    );
  }
  const ref: SecretRef | undefined = asSecretRef(value, config);
  if (ref) {
    if (ref.source === 'exec') {
      const plan = execPlan(ref, config, subEnv);
      return {
        kind: 'exec',
        source: 'config',
        where: `${where} (${describeRef(ref)})`,
        exec: plan,
        resolve: async (confirmed) => {
          if (confirmed !== plan.digest) {
            throw new TokenImportError(
              'exec-not-confirmed',
              `Importing this token runs a command, and what would run is not what was confirmed (or the config changed since). Review it again: ${plan.display}`,
            );
          }
          return runExecRef(ref, plan);
        },
      };
    }
    // Check now, so the preview can say whether it works; read again on import.
    resolveStaticRef(ref, config, subEnv);
    return {
      kind: ref.source === 'file' ? 'file' : 'env',
      source: 'config',
      where: `${where} (${describeRef(ref)})`,
      resolve: () => Promise.resolve(resolveStaticRef(ref, config, subEnv)),
    };
  }
  if (typeof value !== 'string') {
    throw new TokenImportError(
      'config-invalid',
      `gateway.auth.token in ${config.path} is neither a string nor a SecretRef.`,
    );
  }
  const sub = substituteEnv(value, subEnv);
  if (sub.missing.length > 0) {
    throw new TokenImportError(
      'unresolved',
      `gateway.auth.token in ${config.path} uses \${${sub.missing.join('}, ${')}}, which is not set for Clawbar. ` +
        `Apps started from the Dock do not see your shell's variables: type the token instead.`,
    );
  }
  return {
    kind: sub.used.length > 0 ? 'env' : 'plain',
    source: 'config',
    where: sub.used.length > 0 ? `${where} (via \${${sub.used.join('}, ${')}})` : where,
    resolve: () => Promise.resolve(sub.value),
  };
}

interface Located {
  location: ConfigLocation;
  config?: OpenClawConfig;
  found?: Found;
  problem?: TokenImportError;
}

function locate(env: Env): Located {
  const location = locateOpenClawConfig(env);
  const out: Located = { location };
  if (location.exists) {
    try {
      out.config = readOpenClawConfig(location);
      out.found = fromConfig(out.config, env);
    } catch (err) {
      out.problem = asError(err);
    }
  }
  if (!out.found) {
    const t = env.OPENCLAW_GATEWAY_TOKEN?.trim();
    if (t) {
      out.found = {
        kind: 'environment',
        source: 'env',
        where: 'OPENCLAW_GATEWAY_TOKEN',
        resolve: () => Promise.resolve(t),
      };
    }
  }
  if (!out.found && !out.problem) {
    out.problem = new TokenImportError(
      'no-token',
      location.exists
        ? `No token found in ${location.configPath}, and OPENCLAW_GATEWAY_TOKEN is not set.`
        : `No OpenClaw config at ${location.configPath} (${location.reason}), and OPENCLAW_GATEWAY_TOKEN is not set.`,
    );
  }
  return out;
}

/** Everything an exec SecretRef would run, for the confirmation (values escaped visibly). */
function execPreview(e: ExecPlan): Partial<TokenImportPreview> {
  return {
    command: e.display,
    program: visibleText(e.command),
    args: e.args.map((a) => visibleText(a)),
    env: Object.entries(e.addedEnv).map(([name, value]) => ({
      name: visibleText(name),
      value: visibleText(value),
    })),
    passEnv: e.passEnv.map((s) => visibleText(s)),
    confirmation: e.digest,
  };
}

/** What an import would do, without reading any secret value out or running anything. */
export function previewTokenImport(env: Env): TokenImportPlan {
  const { location, config, found, problem } = locate(env);
  const gatewayUrl = gatewayUrlFromConfig(config, env);
  if (!found) {
    return { found: false, message: problem!.message, gatewayUrl, location, error: problem!.code };
  }
  const plan: TokenImportPlan = {
    found: true,
    source: found.where,
    kind: found.kind,
    // The location and the command are shown once each, below the message (the panel's details).
    message:
      found.kind === 'exec'
        ? 'The token comes from a command: importing runs it once, as shown, to read the token.'
        : found.source === 'env'
          ? 'Clawbar found a gateway token in its environment.'
          : 'Clawbar found the gateway token in OpenClaw’s config.',
    gatewayUrl,
    location,
  };
  if (found.exec) Object.assign(plan, execPreview(found.exec));
  // The config had a problem but the environment variable stands in: say so.
  if (problem) {
    plan.message += ` (The config could not be used: ${problem.message})`;
  }
  return plan;
}

/**
 * Reads the token (exec: only if `confirmation` is the preview's digest of what runs). Throws
 * TokenImportError.
 */
export async function importToken(env: Env, confirmation: string | null): Promise<ImportedToken> {
  const { config, found, problem } = locate(env);
  if (!found) throw problem!;
  let token: string;
  try {
    token = (await found.resolve(confirmation)).trim();
  } catch (err) {
    throw asError(err);
  }
  if (!token) throw new TokenImportError('unresolved', `The token from ${found.where} is empty.`);
  return {
    token,
    gatewayUrl: gatewayUrlFromConfig(config, env),
    source: found.source,
    kind: found.kind,
    where: found.where,
  };
}
