// Clawbar keeping `openclaw gateway run` alive as its own child: restart with backoff, output to a
// rotating log with tokens redacted (the output passes through Clawbar, line by line), a clean stop
// (SIGTERM to the process group, SIGKILL after a grace period).
// It never passes `--force` and never touches a gateway it did not start: if one already answers
// on the port it attaches; if another program holds the port it reports that and does not spawn.
// It attaches only to a gateway whose listening socket belongs to this user (probePort checks).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { DEFAULT_RESTART_POLICY, restartDelay, type BackoffPolicy } from './backoff.ts';
import { openclawEnv } from './discovery.ts';
import { probePort } from './probe.ts';
import { LineRedactor } from './redact.ts';
import { RotatingLog } from './rotatingLog.ts';

export type SupervisorPhase =
  | 'idle'
  /** Spawned, waiting for `/readyz`. */
  | 'starting'
  | 'running'
  /** Exited; the next start is scheduled at `nextRestartAt`. */
  | 'backoff'
  /** A gateway Clawbar did not start answers on the port: used, never stopped. */
  | 'attached'
  /** Another program (not a gateway), or a program of another user, holds the port. */
  | 'blocked'
  | 'stopping'
  | 'stopped';

export interface SupervisorState {
  phase: SupervisorPhase;
  pid?: number;
  /** Restarts after unexpected exits since Clawbar started supervising. */
  restarts: number;
  /** Failed starts in a row (reset after a healthy period). */
  attempt: number;
  crashLoop: boolean;
  lastExit?: { code: number | null; signal: string | null; at: number };
  startingSince?: number;
  readySince?: number;
  nextRestartAt?: number;
  message: string;
}

export interface SupervisorOptions {
  openclawPath: string;
  port: number;
  bind?: string;
  env: Record<string, string | undefined>;
  logDir: string;
  backoff?: BackoffPolicy;
  /** SIGTERM → SIGKILL grace period. */
  stopGraceMs?: number;
  logMaxBytes?: number;
  /** How often the log size is checked. */
  logCheckMs?: number;
  /** Secret values to redact from the gateway's output (the gateway token, device tokens). */
  secrets?: () => readonly string[];
  /**
   * True when the gateway is to outlive Clawbar ("keep running"): its output then goes to OpenClaw's own
   * log, not through Clawbar, since a pipe whose reader quit would break the gateway's next log line.
   */
  keepOnQuit?: () => boolean;
}

/** The gateway's command line: foreground run on the configured port/bind, never `--force`. */
export function gatewayRunArgs(port: number | undefined, bind: string | undefined): string[] {
  const args = ['gateway', 'run'];
  if (port !== undefined) args.push('--port', String(port));
  if (bind) args.push('--bind', bind);
  return args;
}

/** Tokens the gateway's environment carries. */
function envSecrets(env: Record<string, string | undefined>): string[] {
  return [env.OPENCLAW_GATEWAY_TOKEN, env.OPENCLAW_GATEWAY_PASSWORD].filter((v): v is string => !!v);
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}

export class Supervisor extends EventEmitter<{ change: [SupervisorState] }> {
  private readonly o: SupervisorOptions;
  private readonly policy: BackoffPolicy;
  private readonly log: RotatingLog;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;
  private healthyTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  private st: SupervisorState = {
    phase: 'idle',
    restarts: 0,
    attempt: 0,
    crashLoop: false,
    message: 'not started',
  };

  constructor(o: SupervisorOptions) {
    super();
    this.o = o;
    this.policy = o.backoff ?? DEFAULT_RESTART_POLICY;
    this.log = new RotatingLog({ dir: o.logDir, maxBytes: o.logMaxBytes });
  }

  get logFile(): string {
    return this.log.file;
  }

  state(): SupervisorState {
    return { ...this.st };
  }

  /** True while a process Clawbar spawned is alive. */
  get owns(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private set(patch: Partial<SupervisorState>): void {
    this.st = { ...this.st, ...patch };
    this.emit('change', this.state());
  }

  /** Starts supervising (idempotent). Resolves once the gateway is spawned, attached or found blocked. */
  async start(): Promise<SupervisorState> {
    if (['starting', 'running', 'backoff'].includes(this.st.phase)) return this.state();
    await this.launch();
    return this.state();
  }

  private async launch(): Promise<void> {
    const gen = ++this.generation;
    const probe = await probePort(this.o.port);
    if (gen !== this.generation) return; // stopped meanwhile
    if (probe.listener === 'gateway') {
      this.set({
        phase: 'attached',
        pid: undefined,
        startingSince: undefined,
        message: `a gateway already runs on port ${this.o.port}; Clawbar uses it and will not stop it`,
      });
      return;
    }
    if (probe.listener === 'other' || probe.listener === 'foreign') {
      this.set({
        phase: 'blocked',
        pid: undefined,
        startingSince: undefined,
        message:
          probe.ownerMessage ?? `port ${this.o.port} is held by another program (not an OpenClaw gateway)`,
      });
      return;
    }
    this.spawnGateway(gen);
  }

  private spawnGateway(gen: number): void {
    const args = gatewayRunArgs(this.o.port, this.o.bind);
    const startedAt = Date.now();
    this.log.note(
      `--- clawbar: ${new Date(startedAt).toISOString()} starting openclaw ${args.join(' ')} ---`,
    );
    const capture = !(this.o.keepOnQuit?.() ?? false);
    if (!capture)
      this.log.note('--- clawbar: this gateway may outlive Clawbar; its output goes to its own log ---');
    const child = spawn(this.o.openclawPath, args, {
      env: openclawEnv(this.o.openclawPath, this.o.env),
      stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore'],
      detached: true, // its own process group, so stop reaches helpers it spawns
    });
    const known = () => [...(this.o.secrets?.() ?? []), ...envSecrets(this.o.env)];
    for (const stream of [child.stdout, child.stderr]) {
      const lines = new LineRedactor((text) => this.log.append(text), known);
      stream?.setEncoding('utf8');
      stream?.on('data', (d: string) => lines.push(d));
      stream?.on('end', () => lines.flush());
    }
    this.child = child;
    this.log.watch(this.o.logCheckMs);
    this.exited = new Promise((resolve) => {
      child.once('error', (err) => {
        this.log.note(`--- clawbar: could not start openclaw: ${err.message} ---`);
        this.onExit(child, gen, null, null);
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.onExit(child, gen, code, signal);
        resolve();
      });
    });
    this.set({
      phase: 'starting',
      pid: child.pid,
      startingSince: startedAt,
      readySince: undefined,
      nextRestartAt: undefined,
      message: 'starting gateway',
    });
    void this.watchReady(child, gen);
  }

  private async watchReady(child: ChildProcess, gen: number): Promise<void> {
    const alive = () =>
      gen === this.generation && this.child === child && child.exitCode === null && child.signalCode === null;
    while (alive()) {
      const p = await probePort(this.o.port, '127.0.0.1', 2000);
      if (!alive()) return;
      if (p.ready) {
        this.set({
          phase: 'running',
          startingSince: undefined,
          readySince: Date.now(),
          message: `running (pid ${child.pid})`,
        });
        this.healthyTimer = setTimeout(() => {
          if (alive()) this.set({ attempt: 0, crashLoop: false });
        }, this.policy.resetAfterMs);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private onExit(child: ChildProcess, gen: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    clearTimeout(this.healthyTimer);
    this.log.unwatch();
    const at = Date.now();
    this.log.note(
      `--- clawbar: ${new Date(at).toISOString()} gateway exited (code ${code}, signal ${signal}) ---`,
    );
    const lastExit = { code, signal, at };
    if (gen !== this.generation || this.st.phase === 'stopping') {
      this.set({ lastExit, pid: undefined });
      return;
    }
    const attempt = this.st.attempt + 1;
    const delay = restartDelay(this.policy, attempt);
    this.set({
      phase: 'backoff',
      pid: undefined,
      lastExit,
      attempt,
      restarts: this.st.restarts + 1,
      crashLoop: attempt >= this.policy.crashLoopAfter,
      startingSince: undefined,
      nextRestartAt: at + delay,
      message: `gateway exited (${signal ?? `code ${code}`}); restarting in ${Math.round(delay / 1000)} s`,
    });
    this.restartTimer = setTimeout(() => void this.launch(), delay);
  }

  /**
   * Stops the gateway Clawbar started: SIGTERM to its process group, SIGKILL after the grace
   * period. A gateway Clawbar attached to is left alone.
   */
  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.restartTimer);
    clearTimeout(this.healthyTimer);
    const child = this.child;
    if (child && this.owns && child.pid) {
      const pid = child.pid;
      this.set({ phase: 'stopping', message: 'stopping gateway' });
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), this.o.stopGraceMs ?? 10_000);
      await this.exited;
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL'); // helpers left in its group go too
    }
    this.child = undefined;
    this.set({
      phase: 'stopped',
      pid: undefined,
      startingSince: undefined,
      nextRestartAt: undefined,
      message: 'stopped',
    });
  }

  /**
   * Stops watching without touching the process (Clawbar quits and leaves the gateway running). Its
   * output went through Clawbar, so it is no longer captured; OpenClaw's own log file keeps it.
   */
  detach(): void {
    this.generation++;
    clearTimeout(this.restartTimer);
    clearTimeout(this.healthyTimer);
    this.log.unwatch();
    // Pipes of a gateway started before "keep running" was chosen must not hold Clawbar open.
    for (const stream of [this.child?.stdout, this.child?.stderr])
      (stream as { unref?(): void } | null)?.unref?.();
    this.child?.unref();
  }
}
