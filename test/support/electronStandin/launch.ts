// Runs the bundled main process (dist/main.cjs, the bundle a Mac loads) under Node 24 in a child
// process, with `electron` resolved to the stand-in, and drives it as a person would. The core in
// it is the real one: the gateway, the Secret Service and the data dir are whatever the test gives.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventChannel, requestChannel } from '../../../electron/core/contract/client.ts';
import type {
  ClawbarEvents,
  ClawbarRequests,
  EventName,
  RequestName,
} from '../../../electron/core/contract/contract.ts';
import type { BridgeReply } from '../../../electron/core/contract/client.ts';
import { tempDir } from '../gateway.ts';
import { repoRoot, toolchain } from '../toolchain.ts';
import { waitFor } from '../waitFor.ts';
import type { DriverCommand, DriverMessage } from './messages.ts';
import type { StandinSnapshot } from './records.ts';

const REGISTER = path.join(import.meta.dirname, 'register.cjs');

/**
 * The folder holding dist/: the repository's own when its dist/main.cjs is newer than every source
 * it is built from (`npm test` builds first), otherwise a fresh build of the same bundle in a temp dir.
 */
let appPath: string | undefined;
export function appBundle(): string {
  appPath ??= (() => {
    const main = path.join(repoRoot, 'dist', 'main.cjs');
    if (fs.existsSync(main) && fs.statSync(main).mtimeMs >= newestSource(path.join(repoRoot, 'electron')))
      return repoRoot;
    const dir = tempDir('clawbar-app-bundle-');
    const r = spawnSync(
      toolchain().node,
      [path.join(repoRoot, 'scripts', 'build.mjs'), '--out', path.join(dir, 'dist'), '--no-renderer'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
    return dir;
  })();
  return appPath;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
      newest = Math.max(newest, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

export interface LaunchOptions {
  /** Environment of the app (the gateway's OpenClaw env, the Secret Service's bus). */
  env: Record<string, string>;
  /** Clawbar's user-data dir and logs live under this folder (a fresh temp dir by default). */
  home?: string;
  /** settings.json written before launch. */
  settings?: Record<string, unknown>;
}

export interface RunningApp {
  readonly home: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the app printed. */
  output(): string;
  snapshot(): Promise<StandinSnapshot>;
  do(cmd: DriverCommand): Promise<unknown>;
  /** A bridge request as the panel sends it (over IPC, checked and dispatched by the main process). */
  request<N extends RequestName>(
    name: N,
    ...args: Parameters<ClawbarRequests[N]>
  ): Promise<Awaited<ReturnType<ClawbarRequests[N]>>>;
  /** Events of one kind the main process sent to the panel, in order. */
  sent<E extends EventName>(event: E): Promise<ClawbarEvents[E][]>;
  /** Polls the snapshot until `pred` returns something truthy. */
  until<T>(
    pred: (s: StandinSnapshot) => T | undefined | false | null,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  /** Quits as the person would (the tray's Quit, ⌘Q) and waits for the process to end. */
  quit(): Promise<Ended>;
  /** Waits until the app has quit (by any path: tray, ⌘Q, app.exit) and the process has ended. */
  ended(): Promise<Ended>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (test cleanup). */
  kill(): void;
}

export interface Ended {
  /** What the stand-in saw when Electron would have ended the process. */
  snapshot: StandinSnapshot;
  code: number | null;
  /** The process exited by itself once the app had quit (nothing kept it alive). */
  exitedByItself: boolean;
  /** From waiting for the end to the stand-in seeing 'quit' (disposing the core). */
  quitMs: number;
}

export async function launchApp(o: LaunchOptions): Promise<RunningApp> {
  const appDir = appBundle();
  const home = o.home ?? tempDir('clawbar-app-');
  const dataDir = path.join(home, 'userData');
  fs.mkdirSync(dataDir, { recursive: true });
  if (o.settings) fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(o.settings));
  const child = fork(path.join(appDir, 'dist', 'main.cjs'), [], {
    execPath: toolchain().node,
    execArgv: ['--require', REGISTER],
    cwd: home,
    env: {
      ...o.env,
      // The bundle keeps @napi-rs/keyring external: a bundle built in a temp dir finds it here.
      NODE_PATH: path.join(repoRoot, 'node_modules'),
      CLAWBAR_STANDIN_HOME: home,
      CLAWBAR_STANDIN_APP_PATH: appDir,
      ...(process.env.CLAWBAR_TEST_TMP ? { CLAWBAR_TEST_TMP: process.env.CLAWBAR_TEST_TMP } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => output.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => output.push(d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let ended: Extract<DriverMessage, { type: 'ended' }> | undefined;
  let quitMs = 0;
  child.on('message', (m: DriverMessage) => {
    if (m.type === 'ended') ended = m;
    else {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
    }
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`the app exited:\n${output.join('').slice(-4000)}`));
    pending.clear();
  });

  const run = (cmd: DriverCommand): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null || !child.connected) return reject(new Error('the app is not running'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...cmd, id });
    });
  const snapshot = () => run({ op: 'snapshot' }) as Promise<StandinSnapshot>;

  const running: RunningApp = {
    home,
    dataDir,
    child,
    exited,
    output: () => output.join(''),
    snapshot,
    do: run,
    async request(name, ...args) {
      const reply = (await run({
        op: 'invoke',
        channel: requestChannel(name),
        args: [args],
        from: 'panel',
      })) as BridgeReply;
      if (!reply.ok) throw new Error(`${name}: ${reply.code}: ${reply.message}`);
      return reply.value as never;
    },
    async sent(event) {
      const s = await snapshot();
      const channel = eventChannel(event);
      return s.windows.flatMap((w) =>
        w.sent.filter((m) => m.channel === channel).map((m) => m.payload as never),
      );
    },
    async until(pred, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: StandinSnapshot | undefined;
      for (;;) {
        last = await snapshot();
        const v = pred(last);
        if (v) return v;
        if (Date.now() > deadline)
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; tray: ${JSON.stringify(last.tray?.toolTip)}\n${output.join('').slice(-2000)}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async quit() {
      await run({ op: 'quit' });
      return running.ended();
    },
    async ended() {
      // Quitting waits for the core to dispose (the gateway connection closes cleanly first).
      const asked = Date.now();
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      await waitFor(
        () => {
          // A process that ended without saying so (a crash, app.exit in a handler) will never say it.
          if (!ended && gone())
            throw new Error(
              `the app ended (code ${child.exitCode}, signal ${child.signalCode}) without quitting`,
            );
          return ended;
        },
        60_000,
        'the app to quit',
      ).catch(async (err: unknown) => {
        const state = await run({ op: 'diagnose' }).catch((e: unknown) => String(e));
        throw new Error(`${String(err)}; the app: ${JSON.stringify(state)}\n${output.join('').slice(-2000)}`);
      });
      quitMs = Date.now() - asked;
      const result = await Promise.race([
        exited,
        new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
      ]);
      return {
        snapshot: ended!.snapshot,
        code: result?.code ?? null,
        exitedByItself: result?.code === 0,
        quitMs,
      };
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  await running
    .until((s) => s.app.ready && s.tray, 'the app to be ready with a tray icon', 30_000)
    .catch((err: unknown) => {
      running.kill();
      throw err;
    });
  return running;
}
