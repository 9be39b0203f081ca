// The system programs the service adapters run, by absolute path: a PATH lookup would let any
// folder early on PATH stand in for `launchctl` or `systemctl`.
import fs from 'node:fs';

export interface ServiceTools {
  launchctl: string;
  systemctl: string;
}

const CANDIDATES: Record<keyof ServiceTools, string[]> = {
  launchctl: ['/bin/launchctl'],
  systemctl: ['/usr/bin/systemctl', '/bin/systemctl'],
};

/** The first candidate that exists, else the first (running it then fails with ENOENT, as it should). */
export function firstExisting(candidates: readonly string[], exists = fs.existsSync): string {
  return candidates.find((c) => exists(c)) ?? candidates[0]!;
}

export function defaultServiceTools(): ServiceTools {
  return {
    launchctl: firstExisting(CANDIDATES.launchctl),
    systemctl: firstExisting(CANDIDATES.systemctl),
  };
}
