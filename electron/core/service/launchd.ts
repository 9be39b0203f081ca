// The macOS LaunchAgent (`ai.openclaw.gateway`) driven through `launchctl` in the `gui/<uid>` domain.
//
// Stop uses `launchctl bootout`, not `kill -TERM`: the agent has KeepAlive, so launchd relaunches a
// killed gateway within its throttle interval and a kill would not stop anything. `bootout` unloads
// the job for this boot session without persisting a disable (the same as `openclaw gateway stop`),
// so start/repair bring it back with `bootstrap` + `kickstart`.
import fs from 'node:fs';
import type { ActionOutcome, ServiceAdapter, UnitStatus } from './adapter.ts';
import { firstLine, type ExecFn, type ExecResult } from './exec.ts';
import { launchdLabel, launchdPlistPath } from './names.ts';
import { defaultServiceTools } from './tools.ts';

export interface LaunchdPrint {
  loaded: boolean;
  state?: string;
  pid?: number;
  /** undefined when launchd says `(never exited)`. */
  lastExitCode?: number;
  lastSignal?: string;
  runs?: number;
}

/** Reads the top level of `launchctl print gui/<uid>/<label>` (nested blocks are indented deeper). */
export function parseLaunchctlPrint(r: Pick<ExecResult, 'code' | 'stdout'>): LaunchdPrint {
  if (r.code !== 0) return { loaded: false }; // 113: "Could not find service … in domain for user gui: 501"
  const top = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\t([a-z][a-z ]*?) = (.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined && !top.has(m[1])) top.set(m[1], m[2].trim());
  }
  const num = (k: string) => {
    const m = /^-?\d+/.exec(top.get(k) ?? '');
    return m ? Number(m[0]) : undefined;
  };
  return {
    loaded: true,
    state: top.get('state'),
    pid: num('pid'),
    lastExitCode: num('last exit code'),
    lastSignal: top.get('last terminating signal'),
    runs: num('runs'),
  };
}

/** `launchctl print-disabled gui/<uid>`: `"label" => disabled` (older macOS) or `=> true` (newer). */
export function parsePrintDisabled(stdout: string, label: string): boolean {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`"${esc}" => (\\w+)`).exec(stdout);
  return m?.[1] === 'disabled' || m?.[1] === 'true';
}

export function launchdUnitStatus(print: LaunchdPrint, disabled: boolean, plistExists: boolean): UnitStatus {
  const running = print.loaded && print.state === 'running' && print.pid !== undefined;
  const failedExit =
    (print.lastExitCode !== undefined && print.lastExitCode !== 0) || print.lastSignal !== undefined;
  const crashLoop = print.loaded && !running && failedExit && (print.runs ?? 0) >= 3;
  const base = { installed: plistExists, loaded: print.loaded, enabled: !disabled, running, crashLoop };
  const extra = { pid: running ? print.pid : undefined, lastExitCode: print.lastExitCode, runs: print.runs };
  let detail: string;
  if (!plistExists && !print.loaded) detail = 'LaunchAgent not installed';
  else if (!print.loaded)
    detail = disabled ? 'LaunchAgent disabled and not loaded' : 'LaunchAgent not loaded';
  else if (running) detail = `running (pid ${print.pid})`;
  else if (crashLoop)
    detail = `keeps exiting (last exit ${print.lastSignal ?? print.lastExitCode}, ${print.runs} runs)`;
  else detail = `loaded, ${print.state ?? 'not running'}`;
  return { ...base, ...extra, detail };
}

export interface LaunchdOptions {
  uid: number;
  env: Record<string, string | undefined>;
  exec: ExecFn;
  /** Absolute path of launchctl; defaults to the system's. */
  launchctl?: string;
}

export class LaunchdAdapter implements ServiceAdapter {
  readonly mode = 'launchd' as const;
  readonly label: string;
  readonly plistPath: string;
  private readonly domain: string;
  private readonly target: string;
  private readonly o: LaunchdOptions;

  constructor(o: LaunchdOptions) {
    this.o = o;
    this.label = launchdLabel(o.env);
    this.plistPath = launchdPlistPath(o.env);
    this.domain = `gui/${o.uid}`;
    this.target = `${this.domain}/${this.label}`;
  }

  private async launchctl(ran: string[][], ...args: string[]): Promise<ExecResult> {
    ran.push(['launchctl', ...args]);
    const tool = this.o.launchctl ?? defaultServiceTools().launchctl;
    return this.o.exec(tool, args, { env: this.o.env, timeoutMs: 20_000 });
  }

  async status(ran: string[][] = []): Promise<UnitStatus> {
    const print = await this.launchctl(ran, 'print', this.target);
    const plistExists = fs.existsSync(this.plistPath);
    if (print.code === null) {
      return { ...launchdUnitStatus({ loaded: false }, false, plistExists), unavailable: firstLine(print) };
    }
    const disabled = await this.launchctl(ran, 'print-disabled', this.domain);
    return launchdUnitStatus(
      parseLaunchctlPrint(print),
      parsePrintDisabled(disabled.stdout, this.label),
      plistExists,
    );
  }

  /** Loads the agent if launchd lost it (enable first: a disabled job refuses to bootstrap). */
  private async ensureLoaded(ran: string[][]): Promise<ActionOutcome | undefined> {
    const st = await this.status(ran);
    if (st.loaded && st.enabled) return undefined;
    if (!st.installed)
      return { ok: false, message: `${this.plistPath} is missing: install the service first`, ran };
    if (!st.enabled) {
      const en = await this.launchctl(ran, 'enable', this.target);
      if (en.code !== 0) return { ok: false, message: `launchctl enable failed: ${firstLine(en)}`, ran };
    }
    if (!st.loaded) {
      const bs = await this.launchctl(ran, 'bootstrap', this.domain, this.plistPath);
      if (bs.code !== 0) return { ok: false, message: `launchctl bootstrap failed: ${firstLine(bs)}`, ran };
    }
    return undefined;
  }

  async start(): Promise<ActionOutcome> {
    const ran: string[][] = [];
    const failed = await this.ensureLoaded(ran);
    if (failed) return failed;
    const r = await this.launchctl(ran, 'kickstart', this.target);
    return r.code === 0
      ? { ok: true, message: 'LaunchAgent started', ran }
      : { ok: false, message: `launchctl kickstart failed: ${firstLine(r)}`, ran };
  }

  async stop(): Promise<ActionOutcome> {
    const ran: string[][] = [];
    const r = await this.launchctl(ran, 'bootout', this.target);
    // 113 / 3: it was not loaded, which is what stop wants.
    if (r.code === 0 || r.code === 113 || r.code === 3)
      return { ok: true, message: 'LaunchAgent stopped', ran };
    return { ok: false, message: `launchctl bootout failed: ${firstLine(r)}`, ran };
  }

  async restart(): Promise<ActionOutcome> {
    const ran: string[][] = [];
    const failed = await this.ensureLoaded(ran);
    if (failed) return failed;
    const r = await this.launchctl(ran, 'kickstart', '-k', this.target);
    return r.code === 0
      ? { ok: true, message: 'LaunchAgent restarted', ran }
      : { ok: false, message: `launchctl kickstart -k failed: ${firstLine(r)}`, ran };
  }

  /** enable → bootstrap the plist (when not loaded) → kickstart -k (re-arms launchd after a crash burst). */
  async repair(): Promise<ActionOutcome> {
    const ran: string[][] = [];
    if (!fs.existsSync(this.plistPath)) {
      return { ok: false, message: `${this.plistPath} is missing: install the service first`, ran };
    }
    const en = await this.launchctl(ran, 'enable', this.target);
    if (en.code !== 0) return { ok: false, message: `launchctl enable failed: ${firstLine(en)}`, ran };
    const loaded = parseLaunchctlPrint(await this.launchctl(ran, 'print', this.target)).loaded;
    if (!loaded) {
      const bs = await this.launchctl(ran, 'bootstrap', this.domain, this.plistPath);
      if (bs.code !== 0) return { ok: false, message: `launchctl bootstrap failed: ${firstLine(bs)}`, ran };
    }
    const ks = await this.launchctl(ran, 'kickstart', '-k', this.target);
    return ks.code === 0
      ? { ok: true, message: 'LaunchAgent repaired and started', ran }
      : { ok: false, message: `launchctl kickstart -k failed: ${firstLine(ks)}`, ran };
  }
}
