// What the OS service adapters (launchd, systemd) report and do, in one shape for the facade and the doctor.

export interface UnitStatus {
  /** The service definition exists (plist file / unit file). */
  installed: boolean;
  /** The service manager has it loaded (launchd: bootstrapped; systemd: LoadState=loaded). */
  loaded: boolean;
  /** Not disabled in the service manager (a disabled job is not started at login). */
  enabled: boolean;
  running: boolean;
  pid?: number;
  /** Keeps exiting and being restarted (or was given up on after doing so). */
  crashLoop: boolean;
  lastExitCode?: number;
  /** Launches / restarts the manager counted. */
  runs?: number;
  /** One line for the status view, e.g. "running (pid 123)" or "not loaded". */
  detail: string;
  /** Set when the service manager itself could not be asked (missing tool, no user session). */
  unavailable?: string;
}

export interface ActionOutcome {
  ok: boolean;
  message: string;
  /** The commands that ran, in order, without environment (for the doctor and the tests). */
  ran: string[][];
}

export interface ServiceAdapter {
  readonly mode: 'launchd' | 'systemd';
  status(): Promise<UnitStatus>;
  start(): Promise<ActionOutcome>;
  stop(): Promise<ActionOutcome>;
  restart(): Promise<ActionOutcome>;
  repair(): Promise<ActionOutcome>;
}
