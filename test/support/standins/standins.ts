// The stand-in `launchctl` / `systemctl` / `openclaw` executables of this folder (by absolute path in
// `tools`; this folder is also first on PATH for `openclaw`), with their state and argument log in a
// temp folder the test can read and set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const STANDINS_DIR = import.meta.dirname;

export interface Standins {
  dir: string;
  /** Absolute paths of the stand-in launchctl / systemctl (Clawbar never looks them up on PATH). */
  tools: { launchctl: string; systemctl: string };
  home: string;
  env: Record<string, string>;
  /** Every call so far, as [tool, ...args]. */
  calls(tool?: string): string[][];
  clearCalls(): void;
  state<T = Record<string, unknown>>(tool: string): T;
  setState(tool: string, s: Record<string, unknown>): void;
}

export function standins(): Standins {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-standins-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const env: Record<string, string> = {
    PATH: `${STANDINS_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    STANDIN_DIR: dir,
  };
  const file = (tool: string) => path.join(dir, `${tool}.json`);
  return {
    dir,
    tools: {
      launchctl: path.join(STANDINS_DIR, 'launchctl'),
      systemctl: path.join(STANDINS_DIR, 'systemctl'),
    },
    home,
    env,
    calls(tool) {
      const f = path.join(dir, 'calls.jsonl');
      if (!fs.existsSync(f)) return [];
      const all = fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
      return tool ? all.filter((c) => c[0] === tool) : all;
    },
    clearCalls() {
      fs.rmSync(path.join(dir, 'calls.jsonl'), { force: true });
    },
    state<T>(tool: string) {
      return JSON.parse(fs.readFileSync(file(tool), 'utf8')) as T;
    },
    setState(tool, s) {
      fs.writeFileSync(file(tool), JSON.stringify(s, null, 2));
    },
  };
}
