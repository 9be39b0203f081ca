// The doctor: a pure reading of gathered facts, one finding per problem, each with the safe fix.
// It never proposes to kill a process Clawbar did not start or to use `--force`.
import type { DoctorFinding, ServiceMode } from '../contract/views.ts';
import type { UnitStatus } from './adapter.ts';
import { compareVersions } from './discovery.ts';
import type { Listener } from './probe.ts';

/** Gateways before this still ask for manual approval of local scope upgrades. */
export const QUIET_LOCAL_UPGRADES_SINCE = '2026.8.1';

export interface DoctorFacts {
  platform: NodeJS.Platform;
  mode: ServiceMode;
  openclawPath?: string;
  openclawVersion?: string;
  port: number;
  /** What answers on the port. */
  listener: Listener;
  /** For a `foreign` listener: its port and owner in plain words. */
  ownerMessage?: string;
  ready: boolean;
  /** launchd / systemd status when that is the mode. */
  unit?: UnitStatus;
  /** Supervised mode: restarts without ever becoming ready. */
  supervised?: { crashLoop: boolean; attempt: number; lastExit?: string; logFile: string };
}

export function diagnose(f: DoctorFacts): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  if (!f.openclawPath) {
    out.push({
      id: 'openclaw-missing',
      severity: 'error',
      title: 'OpenClaw is not installed',
      detail:
        'Clawbar could not find the `openclaw` command on PATH or in the usual install places. Install it with `npm install -g openclaw`, or set its path in Settings.',
    });
  }

  if (f.listener === 'other') {
    out.push({
      id: 'port-taken',
      severity: 'error',
      title: `Port ${f.port} is used by another program`,
      detail: `Something that is not an OpenClaw gateway listens on port ${f.port}, so the gateway cannot start there. Quit that program or set another \`gateway.port\` in the OpenClaw config; Clawbar will not stop it for you.`,
    });
  }

  if (f.listener === 'foreign') {
    out.push({
      id: 'port-foreign',
      severity: 'error',
      title: `Port ${f.port} belongs to another user`,
      detail: `${f.ownerMessage ?? `A program of another user listens on port ${f.port}.`} It may pose as your gateway, so Clawbar does not connect to it. Ask who runs it, or set another \`gateway.port\` in the OpenClaw config.`,
    });
  }

  const u = f.unit;
  if (u && !u.unavailable && (f.mode === 'launchd' || f.mode === 'systemd')) {
    const what = f.mode === 'launchd' ? 'LaunchAgent' : 'systemd user service';
    if (!u.installed) {
      out.push({
        id: 'service-missing',
        severity: 'warning',
        title: `The gateway ${what} is not installed`,
        detail:
          'Install it with `openclaw gateway install` so the gateway starts at login and restarts after a crash.',
        fix: f.openclawPath ? { action: 'install', label: 'Install service' } : undefined,
      });
    } else if (!u.enabled) {
      out.push({
        id: 'service-disabled',
        severity: 'warning',
        title: `The gateway ${what} is disabled`,
        detail:
          'It will not start at login or restart after a crash. Repair enables it, loads it and starts it.',
        fix: { action: 'repair', label: 'Repair' },
      });
    } else if (!u.loaded) {
      out.push({
        id: 'service-not-loaded',
        severity: 'warning',
        title: `The gateway ${what} is installed but not loaded`,
        detail:
          f.mode === 'launchd'
            ? 'launchd dropped it (this happens after restarts and updates). Repair re-enables it, bootstraps the plist and kickstarts it.'
            : 'Repair reloads the unit files, enables the unit and starts it.',
        fix: { action: 'repair', label: 'Repair' },
      });
    }
    if (u.crashLoop) {
      const owner = f.listener === 'gateway' && !u.running;
      out.push({
        id: 'crash-loop',
        severity: 'error',
        title: 'The gateway keeps exiting',
        detail: owner
          ? `Another OpenClaw gateway already answers on port ${f.port}, so the ${what} keeps failing to start (${u.detail}). Stop the ${what} or the other gateway so only one remains.`
          : `${u.detail}. Check the gateway log; Repair restarts it and re-arms the service manager.`,
        fix: owner ? { action: 'stop', label: `Stop the ${what}` } : { action: 'repair', label: 'Repair' },
      });
    }
  }

  if (f.mode === 'supervised' && f.supervised?.crashLoop) {
    out.push({
      id: 'crash-loop',
      severity: 'error',
      title: 'The gateway keeps exiting',
      detail: `It exited ${f.supervised.attempt} times in a row without becoming ready${f.supervised.lastExit ? ` (last: ${f.supervised.lastExit})` : ''}. See ${f.supervised.logFile}.`,
      fix: { action: 'restart', label: 'Try again' },
    });
  }

  if (f.openclawVersion && compareVersions(f.openclawVersion, QUIET_LOCAL_UPGRADES_SINCE) < 0) {
    out.push({
      id: 'old-gateway',
      severity: 'info',
      title: `OpenClaw ${f.openclawVersion} asks for every local scope upgrade`,
      detail: `Gateways before ${QUIET_LOCAL_UPGRADES_SINCE} still need manual approval for local scope upgrades. Upgrading OpenClaw (\`npm install -g openclaw@latest\`) removes most of these prompts.`,
    });
  }
  return out;
}
