// The facade the core uses to keep the gateway running: discovery, the chosen way (launchd,
// systemd, supervised), liveness, the doctor, and "starting gateway… (n s)" while it comes up.
import type {
  ActionResult,
  GatewayManager,
  KeepRunningMode,
  ServiceAction,
  ServiceView,
} from '../contract/views.ts';
import type { ServiceAdapter, UnitStatus } from './adapter.ts';
import type { BackoffPolicy } from './backoff.ts';
import { findOpenclaw, openclawEnv, openclawVersion } from './discovery.ts';
import { diagnose } from './doctor.ts';
import { readGatewayEndpoint, type GatewayEndpoint } from './endpoint.ts';
import { execProgram, firstLine, type ExecFn } from './exec.ts';
import { LaunchdAdapter } from './launchd.ts';
import { chooseMode } from './policy.ts';
import { probePort, waitForReady, type PortProbe } from './probe.ts';
import { Supervisor } from './supervisor.ts';
import { SystemdAdapter } from './systemd.ts';
import type { ServiceTools } from './tools.ts';

export interface ServiceSettings {
  keepRunning: KeepRunningMode;
  startGatewayWithClawbar: boolean;
  stopSupervisedOnQuit: boolean;
  openclawPath?: string;
  /**
   * The gateway URL points at another machine: Clawbar never starts, installs, stops or restarts a
   * local gateway for it (that one would take a port nobody asked for).
   */
  remoteGateway?: boolean;
}

const REMOTE_NOTE = 'Your gateway is on another machine: Clawbar does not start or stop it';

export interface GatewayServiceOptions {
  platform: NodeJS.Platform;
  uid: number;
  /** The environment OpenClaw and the service tools run in (HOME, PATH, OPENCLAW_*). */
  env: Record<string, string | undefined>;
  settings: ServiceSettings;
  /** The app's log folder: the supervised gateway's output goes to `<logDir>/gateway.log`. */
  logDir: string;
  /** The child_process boundary for short commands (launchctl, systemctl, openclaw). */
  exec?: ExecFn;
  /** Secret values to redact from the supervised gateway's output (gateway token, device tokens). */
  secrets?: () => readonly string[];
  /** Absolute paths of launchctl / systemctl (tests point them at stand-ins). */
  tools?: Partial<ServiceTools>;
  backoff?: BackoffPolicy;
  /** How long ensureRunning waits for `/readyz`. */
  readyTimeoutMs?: number;
  stopGraceMs?: number;
}

type Listener = (view: ServiceView) => void;

/**
 * Who keeps the gateway, and whether Clawbar may stop or restart it: a login service Clawbar manages,
 * or a gateway Clawbar itself started. A gateway Clawbar attached to (the user's own) is someone else's.
 */
export function managerOf(
  mode: ServiceView['mode'],
  unit: UnitStatus | undefined,
  phase: string | undefined,
  answering: boolean,
): { manager: GatewayManager; canControl: boolean } {
  if ((mode === 'launchd' || mode === 'systemd') && (unit?.running || unit?.loaded))
    return { manager: mode, canControl: true };
  if (mode === 'supervised' && phase && !['idle', 'attached', 'blocked', 'stopped'].includes(phase))
    return { manager: 'clawbar', canControl: true };
  return { manager: answering ? 'someone-else' : 'nobody', canControl: false };
}

export class GatewayService {
  private readonly o: GatewayServiceOptions;
  private readonly exec: ExecFn;
  private settings: ServiceSettings;
  private readonly listeners = new Set<Listener>();
  private supervisor: Supervisor | undefined;
  private supervisorKey = '';
  private versionCache = new Map<string, string | undefined>();
  private startingSince: number | undefined;
  private last: ServiceView | undefined;
  private disposed = false;

  constructor(o: GatewayServiceOptions) {
    this.o = o;
    this.exec = o.exec ?? execProgram;
    this.settings = o.settings;
  }

  on(event: 'change', listener: Listener): () => void {
    if (event !== 'change') throw new Error(`unknown event ${String(event)}`);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  updateSettings(settings: ServiceSettings): void {
    this.settings = settings;
  }

  /** The last view computed, without asking anything. */
  get current(): ServiceView | undefined {
    return this.last;
  }

  private adapter(): ServiceAdapter | undefined {
    if (this.o.platform === 'darwin')
      return new LaunchdAdapter({
        uid: this.o.uid,
        env: this.o.env,
        exec: this.exec,
        launchctl: this.o.tools?.launchctl,
      });
    if (this.o.platform === 'linux')
      return new SystemdAdapter({ env: this.o.env, exec: this.exec, systemctl: this.o.tools?.systemctl });
    return undefined;
  }

  private supervisorFor(openclawPath: string, ep: GatewayEndpoint): Supervisor {
    const key = `${openclawPath}|${ep.port}|${ep.bind ?? ''}`;
    if (this.supervisor && (this.supervisorKey === key || this.supervisor.owns)) return this.supervisor;
    this.supervisor?.removeAllListeners();
    this.supervisor = new Supervisor({
      openclawPath,
      port: ep.port,
      bind: ep.bind,
      env: this.o.env,
      logDir: this.o.logDir,
      backoff: this.o.backoff,
      stopGraceMs: this.o.stopGraceMs,
      secrets: this.o.secrets,
      keepOnQuit: () => !this.settings.stopSupervisedOnQuit,
    });
    this.supervisorKey = key;
    this.supervisor.on('change', () => void this.status().catch(() => undefined));
    return this.supervisor;
  }

  /** The running supervisor's state (supervised mode), for the view and for tests. */
  supervisorState() {
    return this.supervisor?.state();
  }

  private async version(openclawPath: string): Promise<string | undefined> {
    if (!this.versionCache.has(openclawPath)) {
      this.versionCache.set(openclawPath, await openclawVersion(this.exec, openclawPath, this.o.env));
    }
    return this.versionCache.get(openclawPath);
  }

  private async gather() {
    const openclawPath = findOpenclaw(this.o.env, this.settings.openclawPath);
    const openclawVersionStr = openclawPath ? await this.version(openclawPath) : undefined;
    const endpoint = readGatewayEndpoint(this.o.env);
    const wantsUnit = ['auto', 'launchd', 'systemd'].includes(this.settings.keepRunning);
    const adapter = wantsUnit ? this.adapter() : undefined;
    const unit = adapter ? await adapter.status() : undefined;
    const { mode, chosen } = chooseMode({
      platform: this.o.platform,
      setting: this.settings.keepRunning,
      openclawFound: openclawPath !== undefined,
      launchdInstalled: adapter?.mode === 'launchd' ? unit?.installed || unit?.loaded : undefined,
      systemdInstalled: adapter?.mode === 'systemd' ? unit?.installed : undefined,
    });
    const probe = await probePort(endpoint.port);
    return {
      openclawPath,
      openclawVersion: openclawVersionStr,
      endpoint,
      adapter,
      unit,
      mode,
      chosen,
      probe,
    };
  }

  async status(): Promise<ServiceView> {
    const g = await this.gather();
    const sup = g.mode === 'supervised' ? this.supervisor?.state() : undefined;
    const findings = diagnose({
      platform: this.o.platform,
      mode: g.mode,
      openclawPath: g.openclawPath,
      openclawVersion: g.openclawVersion,
      port: g.endpoint.port,
      listener: g.probe.listener,
      ownerMessage: g.probe.ownerMessage,
      ready: g.probe.ready,
      unit: g.mode === 'launchd' || g.mode === 'systemd' ? g.unit : undefined,
      supervised:
        sup && this.supervisor
          ? {
              crashLoop: sup.crashLoop,
              attempt: sup.attempt,
              lastExit: sup.lastExit ? (sup.lastExit.signal ?? `code ${sup.lastExit.code}`) : undefined,
              logFile: this.supervisor.logFile,
            }
          : undefined,
    });
    const view: ServiceView = {
      mode: g.mode,
      chosen: g.chosen,
      openclawPath: g.openclawPath,
      openclawVersion: g.openclawVersion,
      installed:
        g.mode === 'launchd' || g.mode === 'systemd'
          ? (g.unit?.installed ?? false)
          : g.openclawPath !== undefined,
      running: g.probe.listener === 'gateway',
      pid: sup?.pid ?? (g.mode === 'launchd' || g.mode === 'systemd' ? g.unit?.pid : undefined),
      detail: this.settings.remoteGateway
        ? REMOTE_NOTE
        : this.detail(g.mode, g.probe, g.unit, sup?.message, g.chosen),
      startingSince: this.startingSince,
      findings,
      ...(this.settings.remoteGateway
        ? { manager: 'someone-else' as const, canControl: false }
        : managerOf(g.mode, g.unit, sup?.phase, g.probe.listener === 'gateway')),
    };
    this.publish(view);
    return view;
  }

  private detail(
    mode: ServiceView['mode'],
    probe: PortProbe,
    unit: UnitStatus | undefined,
    sup: string | undefined,
    chosen: 'auto' | 'user',
  ): string {
    const live =
      probe.listener === 'gateway'
        ? probe.ready
          ? `gateway ready on port ${probe.port}`
          : `gateway starting on port ${probe.port}`
        : probe.listener === 'other'
          ? `port ${probe.port} is held by another program`
          : probe.listener === 'foreign'
            ? (probe.ownerMessage ?? `port ${probe.port} is held by another user's program`)
            : `no gateway on port ${probe.port}`;
    if (this.startingSince !== undefined)
      return `starting gateway… (${Math.round((Date.now() - this.startingSince) / 1000)} s)`;
    if (
      mode === 'supervised' &&
      chosen === 'auto' &&
      probe.listener === 'none' &&
      (!sup || sup === 'not started')
    )
      return `${live} yet: Clawbar waits for yours, or runs one when you press Start gateway`;
    if (mode === 'supervised') return sup && sup !== 'not started' ? `${sup}; ${live}` : live;
    if ((mode === 'launchd' || mode === 'systemd') && unit) return `${unit.detail}; ${live}`;
    return live;
  }

  private publish(view: ServiceView): void {
    const changed = JSON.stringify(view) !== JSON.stringify(this.last);
    this.last = view;
    if (changed && !this.disposed) for (const l of this.listeners) l(view);
  }

  private async install(openclawPath: string | undefined): Promise<ActionResult> {
    if (!openclawPath) return { ok: false, error: 'OpenClaw is not installed', code: 'openclaw-missing' };
    const r = await this.exec(openclawPath, ['gateway', 'install'], {
      env: openclawEnv(openclawPath, this.o.env),
      timeoutMs: 120_000,
    });
    return r.code === 0
      ? { ok: true, message: 'gateway service installed' }
      : { ok: false, error: `openclaw gateway install failed: ${firstLine(r)}`, code: 'install-failed' };
  }

  async act(action: ServiceAction): Promise<ActionResult> {
    if (this.settings.remoteGateway) return { ok: false, error: `${REMOTE_NOTE}.`, code: 'remote-gateway' };
    const g = await this.gather();
    let result: ActionResult;
    if (action === 'install') {
      result = await this.install(g.openclawPath);
    } else if ((g.mode === 'launchd' || g.mode === 'systemd') && g.adapter) {
      const out = await g.adapter[action]();
      result = out.ok ? { ok: true, message: out.message } : { ok: false, error: out.message };
    } else if (g.mode === 'supervised' && g.openclawPath) {
      result = await this.actSupervised(action, this.supervisorFor(g.openclawPath, g.endpoint));
    } else {
      result = {
        ok: false,
        error: 'Clawbar does not manage the gateway (keep running: none)',
        code: 'no-mode',
      };
    }
    const after = await this.status();
    // Report what is true now, not what was asked: a "stopped" gateway that still answers runs on.
    if (result.ok && action === 'stop' && after.running)
      return {
        ok: false,
        error: 'The gateway still answers after stopping it: something else keeps it running.',
        code: 'still-running',
      };
    return result;
  }

  private async actSupervised(
    action: Exclude<ServiceAction, 'install'>,
    sup: Supervisor,
  ): Promise<ActionResult> {
    const phase = sup.state().phase;
    if (phase === 'attached' && action !== 'start') {
      return {
        ok: false,
        error: 'this gateway was not started by Clawbar; Clawbar will not stop it',
        code: 'not-ours',
      };
    }
    if (action === 'stop') {
      await sup.stop();
      return { ok: true, message: 'gateway stopped' };
    }
    if (action !== 'start') await sup.stop(); // restart / repair: a fresh start with no backoff
    const st = await sup.start();
    return st.phase === 'blocked'
      ? { ok: false, error: st.message, code: 'port-taken' }
      : { ok: true, message: st.message };
  }

  /**
   * Makes sure a gateway answers, in the chosen way: a live gateway is used as it is; otherwise the
   * service is installed / repaired / started, or Clawbar starts its own. Resolves with the view
   * once `/readyz` answers 200 or the wait ends.
   */
  async ensureRunning(): Promise<ServiceView> {
    if (this.settings.remoteGateway) return this.status();
    const g = await this.gather();
    if (g.probe.listener === 'gateway' && g.probe.ready) return this.status();
    if (g.probe.listener === 'other' || g.probe.listener === 'foreign' || g.mode === 'none')
      return this.status();
    // Starting a gateway of Clawbar's own is the user's choice: picked automatically, it would take the
    // port from the gateway the user starts by hand a moment later (at login, Clawbar often comes
    // first). Clawbar waits for that one instead; "Start gateway" still starts it on request.
    if (g.probe.listener === 'none' && g.mode === 'supervised' && g.chosen === 'auto') return this.status();
    this.startingSince = Date.now();
    await this.status();
    try {
      if (g.probe.listener === 'none') {
        if (g.mode === 'supervised' && g.openclawPath) {
          const st = await this.supervisorFor(g.openclawPath, g.endpoint).start();
          if (st.phase === 'blocked') return await this.status();
        } else if (g.adapter && g.unit) {
          const u = g.unit;
          if (!u.installed && !u.loaded) await this.install(g.openclawPath);
          else if (!u.loaded || !u.enabled || u.crashLoop) await g.adapter.repair();
          else if (!u.running) await g.adapter.start();
        }
      }
      await waitForReady(g.endpoint.port, {
        timeoutMs: this.o.readyTimeoutMs ?? 120_000,
        stop: () => this.disposed || this.supervisor?.state().phase === 'blocked',
      });
    } finally {
      this.startingSince = undefined;
    }
    return this.status();
  }

  /** Stops the gateway only if Clawbar started it (supervised); services and foreign gateways stay. */
  async stop(): Promise<void> {
    await this.supervisor?.stop();
    await this.status().catch(() => undefined);
  }

  /** On quit: stop Clawbar's own gateway when the user wants it, otherwise leave it running. */
  async dispose(): Promise<void> {
    if (this.settings.stopSupervisedOnQuit) await this.supervisor?.stop();
    else this.supervisor?.detach();
    this.disposed = true;
    this.supervisor?.removeAllListeners();
    this.listeners.clear();
  }
}
