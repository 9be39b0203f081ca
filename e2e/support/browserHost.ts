// Runs the dev host (`electron/browserHost/main.ts`, the real core behind a loopback WebSocket) as a child
// process for the journey specs, and reads its notification log.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { panelDist, repoRoot } from './globalSetup.ts';

export const CORE_ENTRY = path.join(repoRoot, 'electron', 'core', 'app', 'createCore.ts');
export const DEVHOST_ENTRY = path.join(repoRoot, 'electron', 'browserHost', 'main.ts');
const NOTIFICATIONS_PATH = '/__clawbar/notifications';

export interface RunningDevHost {
  url: string;
  origin: string;
  key: string;
  dataDir: string;
  child: ChildProcess;
  output: string[];
  notifications(): Promise<{ at: number; op: { type: string; deviceId: string } }[]>;
  stop(): Promise<void>;
}

/** What is missing for the dev host to run, or null. */
export function devHostMissing(): string | null {
  if (!fs.existsSync(CORE_ENTRY))
    return `the real core (${path.relative(repoRoot, CORE_ENTRY)}) has not landed yet`;
  if (!fs.existsSync(DEVHOST_ENTRY))
    return `the dev host (${path.relative(repoRoot, DEVHOST_ENTRY)}) is missing`;
  return null;
}

export async function startDevHost(o: {
  dataDir: string;
  env: Record<string, string>;
}): Promise<RunningDevHost> {
  const child = spawn(
    process.execPath,
    [DEVHOST_ENTRY, '--json', '--data-dir', o.dataDir, '--root', panelDist],
    {
      cwd: repoRoot,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => output.push(d));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`dev host did not start:\n${output.join('')}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`dev host exited (${code}):\n${output.join('')}`)));
  });
  const info = JSON.parse(first) as { url: string; origin: string; key: string; dataDir: string };
  return {
    ...info,
    child,
    output,
    async notifications() {
      const res = await fetch(`${info.origin}${NOTIFICATIONS_PATH}`, {
        headers: { Authorization: `Bearer ${info.key}` },
      });
      if (!res.ok) throw new Error(`notification log: HTTP ${res.status}`);
      return (await res.json()) as { at: number; op: { type: string; deviceId: string } }[];
    },
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
