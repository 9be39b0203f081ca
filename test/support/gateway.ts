// Starts and stops real OpenClaw gateways for tests: loopback, random port, temp state dir, random
// token, offline environment, DNS guard preloaded; stopped by PID (its process group).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import JSON5 from 'json5';
import os from 'node:os';
import path from 'node:path';
import { gatewayConfig, writeGatewayConfig } from './gatewayConfig.ts';
import { freePortRange } from './ports.ts';
import { PROTOCOL_OF, repoRoot, toolchain, type GatewayVersion } from './toolchain.ts';

export const DNS_GUARD = path.join(repoRoot, 'test', 'support', 'dns-guard.cjs');

export interface StartGatewayOptions {
  version: GatewayVersion;
  /** 9.6 only: `gateway.nodes.pairing.autoApproveLocal`; undefined keeps the gateway's default. */
  autoApproveLocal?: boolean;
  /** Overrides what the config holds at `gateway.auth.token` (e.g. `${ENV}` or a SecretRef). */
  tokenInConfig?: unknown;
  /** Extra environment for the gateway process (e.g. the variable a `${ENV}` token names). */
  env?: Record<string, string>;
  /** Reuse a directory (and its state) from an earlier gateway. */
  dir?: string;
  port?: number;
  token?: string;
}

export interface DnsGuardEntry {
  ts: number;
  pid: number;
  kind: string;
  host: string;
  allowed: boolean;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment that isolates an OpenClaw process (gateway or CLI) in `dir` and keeps it offline. */
export function offlineEnv(dir: string, configPath: string, dnsLogPath: string): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'LANG', 'TZ', 'TMPDIR']) {
    const v = process.env[k];
    if (v !== undefined) base[k] = v;
  }
  const nodeDir = path.dirname(toolchain().node);
  return {
    ...base,
    PATH: `${nodeDir}${path.delimiter}${base.PATH ?? ''}`,
    HOME: dir,
    OPENCLAW_HOME: dir,
    OPENCLAW_STATE_DIR: path.join(dir, 'state'),
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    DO_NOT_TRACK: '1',
    OPENCLAW_OFFLINE: '1',
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_NO_RESPAWN: '1',
    NO_COLOR: '1',
    // Every test device shares 127.0.0.1, where users' devices mostly have addresses of their own: 9.6
    // counts handshakes per IP (32 by default) and the flood tests run 50 devices from one address.
    OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP: '512',
    NODE_OPTIONS: `--require ${DNS_GUARD}`,
    CLAWBAR_DNS_GUARD_LOG: dnsLogPath,
  };
}

export class TestGateway {
  readonly version: GatewayVersion;
  readonly protocol: number;
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  readonly httpUrl: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly dnsLogPath: string;
  token: string;
  private autoApproveLocal: boolean | undefined;
  private readonly tokenInConfig: unknown;
  private readonly extraEnv: Record<string, string>;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(o: StartGatewayOptions & { dir: string; port: number; token: string }) {
    this.version = o.version;
    this.protocol = PROTOCOL_OF[o.version];
    this.dir = o.dir;
    this.port = o.port;
    this.url = `ws://127.0.0.1:${o.port}`;
    this.httpUrl = `http://127.0.0.1:${o.port}`;
    this.token = o.token;
    this.configPath = path.join(o.dir, 'openclaw.json');
    this.logPath = path.join(o.dir, 'gateway.out.log');
    this.dnsLogPath = path.join(o.dir, 'dns-guard.jsonl');
    this.autoApproveLocal = o.autoApproveLocal;
    this.tokenInConfig = o.tokenInConfig;
    this.extraEnv = o.env ?? {};
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  get stateDir(): string {
    return path.join(this.dir, 'state');
  }

  env(): Record<string, string> {
    return { ...offlineEnv(this.dir, this.configPath, this.dnsLogPath), ...this.extraEnv };
  }

  writeConfig(): void {
    const cfg = gatewayConfig({
      version: this.version,
      port: this.port,
      token: this.tokenInConfig ?? this.token,
      autoApproveLocal: this.autoApproveLocal,
      logFile: path.join(this.dir, 'gateway.jsonl'),
    });
    writeGatewayConfig(this.configPath, cfg);
  }

  async start(): Promise<void> {
    if (this.pid) throw new Error('gateway already running');
    fs.mkdirSync(this.stateDir, { recursive: true });
    if (!fs.existsSync(this.configPath)) this.writeConfig();
    const out = fs.openSync(this.logPath, 'a');
    fs.writeSync(out, `\n--- start ${new Date().toISOString()} ---\n`);
    const child = spawn(
      toolchain().node,
      [
        toolchain().gateways[this.version],
        'gateway',
        'run',
        '--port',
        String(this.port),
        '--bind',
        'loopback',
        '--auth',
        'token',
      ],
      { cwd: this.dir, env: this.env(), stdio: ['ignore', out, out], detached: true },
    );
    fs.closeSync(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    liveGateways.add(this);
    await this.waitReady();
  }

  /** Polls `/readyz` until it answers 200. */
  // Generous: a loaded 2-core machine can take minutes to bring 2026.9.6 up; a quiet one takes ~25 s.
  async waitReady(timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) {
        throw new Error(`gateway ${this.version} exited during start:\n${this.logTail()}`);
      }
      if (await this.ready()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gateway ${this.version} not ready after ${timeoutMs} ms:\n${this.logTail()}`);
  }

  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`${this.httpUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** SIGTERM to the gateway's process group, SIGKILL after 15 s; resolves when it has exited. */
  async stop(): Promise<void> {
    const pid = this.pid;
    if (!pid) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
    signalGroup(pid, 'SIGKILL'); // helpers it spawned go with it
    liveGateways.delete(this);
  }

  /** SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (!pid) return;
    signalGroup(pid, 'SIGKILL');
    await this.exited;
    liveGateways.delete(this);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** 9.6: flips `gateway.nodes.pairing.autoApproveLocal` (hot-reloaded) and waits until it applies. */
  async setAutoApproveLocal(on: boolean): Promise<void> {
    if (this.version === '2026.4.12') throw new Error('2026.4.12 has no gateway.nodes.pairing setting');
    // The file is the truth: another test process may have changed it since this handle was made.
    type PairingConfig = { gateway?: { nodes?: { pairing?: { autoApproveLocal?: boolean } } } };
    const current = JSON5.parse<PairingConfig>(fs.readFileSync(this.configPath, 'utf8')).gateway?.nodes
      ?.pairing?.autoApproveLocal;
    this.autoApproveLocal = on;
    if (current === on) return;
    const before = fs.existsSync(this.logPath) ? fs.statSync(this.logPath).size : 0;
    this.writeConfig();
    // 9.6 logs "config change detected; evaluating reload" first and "config hot reload applied" once
    // the new value is in force; only the latter means the next connect sees it.
    await this.waitForLog(/config hot reload applied/, before, 15_000);
  }

  /** Waits until the gateway's output, after byte `from`, matches `re`. */
  async waitForLog(re: RegExp, from = 0, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // `from` is a byte offset: slice the bytes, not the decoded string (the log has multi-byte characters).
      const text = fs.readFileSync(this.logPath).subarray(from).toString('utf8');
      const m = re.exec(text);
      if (m) return m[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gateway log did not show ${String(re)} within ${timeoutMs} ms`);
  }

  /** Runs the real `openclaw` CLI against this gateway (a fresh process each time, as users do). */
  cli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(toolchain().node, [toolchain().gateways[this.version], ...args], {
        cwd: this.dir,
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  /** `openclaw devices <args> --url … --token … --json`, parsed. */
  async devices(args: string[]): Promise<{ result: CliResult; json: unknown }> {
    const result = await this.cli(['devices', ...args, '--url', this.url, '--token', this.token, '--json']);
    let json: unknown = undefined;
    const start = result.stdout.search(/[[{]/);
    if (start >= 0) {
      try {
        json = JSON.parse(result.stdout.slice(start));
      } catch {
        json = undefined;
      }
    }
    return { result, json };
  }

  dnsLookups(): DnsGuardEntry[] {
    if (!fs.existsSync(this.dnsLogPath)) return [];
    return fs
      .readFileSync(this.dnsLogPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as DnsGuardEntry);
  }

  /** Lookups of anything but loopback that the guard let through: must always be empty. */
  leakedLookups(): DnsGuardEntry[] {
    return this.dnsLookups().filter(
      (e) => e.allowed && !/^(localhost|127\.|::1$|0\.0\.0\.0$|::$)/.test(e.host),
    );
  }

  logTail(lines = 40): string {
    try {
      return fs.readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}

const liveGateways = new Set<TestGateway>();
// Last resort: a test process that dies must not leave a gateway behind.
process.once('exit', () => {
  for (const gw of liveGateways) if (gw.pid) signalGroup(gw.pid, 'SIGKILL');
});

/** A fresh temp dir, under the run's scratch folder when `npm test` set one (CLAWBAR_TEST_TMP). */
export function tempDir(prefix: string): string {
  const root = process.env.CLAWBAR_TEST_TMP ?? os.tmpdir();
  fs.mkdirSync(root, { recursive: true });
  return fs.mkdtempSync(path.join(root, prefix));
}

/**
 * Start failures that are the machine's, not the gateway's answer to the test: a port taken between the
 * check and the bind, and (2026.9.6 on a loaded machine) its state lease missing a startup deadline,
 * after which it refuses to run until `doctor --fix`. One more try on a fresh state dir.
 */
const TRANSIENT_START_FAILURE = /EADDRINUSE|state lease heartbeat did not become ready/;

export async function startGateway(o: StartGatewayOptions): Promise<TestGateway> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  for (let attempt = 1; ; attempt++) {
    const gw = new TestGateway({
      ...o,
      dir: o.dir && attempt === 1 ? o.dir : tempDir(`clawbar-gw-${o.version}-`),
      port: o.port ?? (await freePortRange()),
      token,
    });
    try {
      await gw.start();
      return gw;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= 2 || o.dir || !TRANSIENT_START_FAILURE.test(message)) throw err;
      console.error(
        `[gateway ${o.version}] start failed for a machine reason; trying once more:\n${message.slice(0, 400)}`,
      );
    }
  }
}

/** Describes a running gateway so another process can use it (see gateway-pool.ts). */
export interface GatewayDescriptor {
  version: GatewayVersion;
  dir: string;
  port: number;
  token: string;
  pid: number;
}

/**
 * The run's shared gateway of a version: the one `npm test` started (CLAWBAR_TEST_GATEWAYS), or one
 * started for this process and stopped when it exits. Tests that kill or restart a gateway start
 * their own with startGateway instead.
 */
const shared = new Map<GatewayVersion, Promise<TestGateway>>();
export function sharedGateway(version: GatewayVersion): Promise<TestGateway> {
  let p = shared.get(version);
  if (!p) {
    p = (async () => {
      const file = process.env.CLAWBAR_TEST_GATEWAYS;
      if (file && fs.existsSync(file)) {
        const all = JSON.parse(fs.readFileSync(file, 'utf8')) as GatewayDescriptor[];
        const d = all.find((g) => g.version === version);
        if (d) return attachGateway(d);
      }
      return startGateway({ version });
    })();
    shared.set(version, p);
  }
  return p;
}

function attachGateway(d: GatewayDescriptor): TestGateway {
  const gw = new TestGateway({ version: d.version, dir: d.dir, port: d.port, token: d.token });
  // Not ours to stop: the pool owns its process. Config edits (autoApproveLocal) still work.
  Object.defineProperty(gw, 'pid', { get: () => d.pid });
  const notOurs = () =>
    Promise.reject(new Error('the shared gateway belongs to the test run; use startGateway() to stop one'));
  gw.stop = notOurs;
  gw.kill = notOurs;
  return gw;
}

export async function stopOwnedGateways(): Promise<void> {
  await Promise.all([...liveGateways].map((g) => g.stop()));
}
