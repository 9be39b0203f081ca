// The Linux user unit (`openclaw-gateway.service`) driven through `systemctl --user`.
import type { ActionOutcome, ServiceAdapter, UnitStatus } from './adapter.ts';
import { firstLine, type ExecFn, type ExecResult } from './exec.ts';
import { systemdUnit } from './names.ts';
import { defaultServiceTools } from './tools.ts';

export const SYSTEMD_PROPERTIES = [
  'LoadState',
  'ActiveState',
  'SubState',
  'UnitFileState',
  'MainPID',
  'ExecMainStatus',
  'NRestarts',
  'Result',
] as const;

/** `systemctl show` prints `Key=Value` lines; values may be empty. */
export function parseSystemctlShow(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

export function systemdUnitStatus(p: Record<string, string>): UnitStatus {
  const loaded = p.LoadState === 'loaded';
  const pid = Number(p.MainPID) || undefined;
  const running = p.ActiveState === 'active' && p.SubState === 'running' && pid !== undefined;
  const restarts = Number(p.NRestarts) || 0;
  const exit =
    p.ExecMainStatus !== undefined && p.ExecMainStatus !== '' ? Number(p.ExecMainStatus) : undefined;
  const crashLoop =
    !running &&
    (p.SubState === 'auto-restart' ||
      p.Result === 'start-limit-hit' ||
      (p.ActiveState === 'failed' && restarts >= 3));
  const enabled = ['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'static', 'alias'].includes(
    p.UnitFileState ?? '',
  );
  let detail: string;
  if (!loaded)
    detail = p.LoadState === 'not-found' || !p.LoadState ? 'unit not installed' : `unit ${p.LoadState}`;
  else if (running) detail = `running (pid ${pid})`;
  else if (crashLoop)
    detail = `keeps exiting (${p.Result ?? 'failed'}, exit ${exit ?? '?'}, ${restarts} restarts)`;
  else detail = `${p.ActiveState ?? 'inactive'} (${p.SubState ?? 'dead'})`;
  return {
    installed: loaded,
    loaded,
    enabled,
    running,
    pid: running ? pid : undefined,
    crashLoop,
    lastExitCode: exit,
    runs: restarts,
    detail,
  };
}

export interface SystemdOptions {
  env: Record<string, string | undefined>;
  exec: ExecFn;
  /** Absolute path of systemctl; defaults to the system's. */
  systemctl?: string;
}

export class SystemdAdapter implements ServiceAdapter {
  readonly mode = 'systemd' as const;
  readonly unit: string;
  private readonly o: SystemdOptions;

  constructor(o: SystemdOptions) {
    this.o = o;
    this.unit = systemdUnit(o.env);
  }

  private async systemctl(ran: string[][], ...args: string[]): Promise<ExecResult> {
    const full = ['--user', ...args];
    ran.push(['systemctl', ...full]);
    const tool = this.o.systemctl ?? defaultServiceTools().systemctl;
    return this.o.exec(tool, full, { env: this.o.env, timeoutMs: 60_000 });
  }

  async status(): Promise<UnitStatus> {
    const r = await this.systemctl([], 'show', this.unit, `--property=${SYSTEMD_PROPERTIES.join(',')}`);
    if (r.code !== 0) {
      // e.g. "Failed to connect to bus: No medium found" (no user session) or systemctl missing.
      return {
        ...systemdUnitStatus({}),
        detail: 'systemd user session unavailable',
        unavailable: firstLine(r),
      };
    }
    return systemdUnitStatus(parseSystemctlShow(r.stdout));
  }

  private async one(verb: string, done: string): Promise<ActionOutcome> {
    const ran: string[][] = [];
    const r = await this.systemctl(ran, verb, this.unit);
    return r.code === 0
      ? { ok: true, message: done, ran }
      : { ok: false, message: `systemctl --user ${verb} failed: ${firstLine(r)}`, ran };
  }

  start(): Promise<ActionOutcome> {
    return this.one('start', 'service started');
  }

  stop(): Promise<ActionOutcome> {
    return this.one('stop', 'service stopped');
  }

  restart(): Promise<ActionOutcome> {
    return this.one('restart', 'service restarted');
  }

  /** daemon-reload (a rewritten unit) → reset-failed (clears start-limit-hit) → enable → start. */
  async repair(): Promise<ActionOutcome> {
    const ran: string[][] = [];
    const steps: string[][] = [
      ['daemon-reload'],
      ['reset-failed', this.unit],
      ['enable', this.unit],
      ['start', this.unit],
    ];
    for (const step of steps) {
      const r = await this.systemctl(ran, ...step);
      // reset-failed complains when the unit was not failed; that is fine.
      if (r.code !== 0 && step[0] !== 'reset-failed') {
        return { ok: false, message: `systemctl --user ${step.join(' ')} failed: ${firstLine(r)}`, ran };
      }
    }
    return { ok: true, message: 'service repaired and started', ran };
  }
}
