// A real, private Secret Service for keychain tests: a dbus-daemon of our own (no service
// activation, so nothing starts behind our back) and gnome-keyring-daemon with a fresh data dir,
// unlocked with a known password. Both are stopped by PID. Helpers lock and unlock the login
// collection so tests can prove "locked → typed error → unlock recovers".
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const LOGIN = '/org/freedesktop/secrets/collection/login';
// The system Python has dbus-python (apt: python3-dbus); the Secret Service needs one connection
// for OpenSession + UnlockWithMasterPassword, which gdbus (one call per process) cannot do.
const PYTHON = '/usr/bin/python3';
const UNLOCK_PY = `
import sys, dbus
bus = dbus.SessionBus()
svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
_, session = dbus.Interface(svc, 'org.freedesktop.Secret.Service').OpenSession('plain', dbus.String('', variant_level=1))
secret = dbus.Struct((session, dbus.ByteArray(b''), dbus.ByteArray(sys.stdin.read().encode()), 'text/plain'), signature='oayays')
dbus.Interface(svc, 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface').UnlockWithMasterPassword(dbus.ObjectPath('${LOGIN}'), secret)
`;

export interface KeyringFixture {
  /** Holds the keyring files (data/keyrings) and the bus socket. */
  readonly dir: string;
  readonly busAddress: string;
  readonly password: string;
  dbusPid(): number | undefined;
  keyringPid(): number | undefined;
  lock(): Promise<void>;
  unlock(): Promise<void>;
  isLocked(): Promise<boolean>;
  /** Stops gnome-keyring-daemon and starts it again on the same files (a reboot, as far as secrets go). */
  restartKeyring(): Promise<void>;
  /** Stops both daemons; restores DBUS_SESSION_BUS_ADDRESS. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.pid && c.exitCode === null) process.kill(c.pid, 'SIGKILL');
});

function alive(c: ChildProcess | undefined): number | undefined {
  return c && c.exitCode === null && c.signalCode === null ? c.pid : undefined;
}

async function stopChild(c: ChildProcess | undefined): Promise<void> {
  const pid = alive(c);
  if (!c || !pid) return;
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  process.kill(pid, 'SIGTERM');
  const timer = setTimeout(() => alive(c) && process.kill(pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  live.delete(c);
}

function busConfig(socket: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Starts the fixture and points this process (and the keyring library in it) at it. */
export async function startKeyring(o: { password?: string } = {}): Promise<KeyringFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-keyring-'));
  const password = o.password ?? 'clawbar-test-keyring';
  const runtimeDir = path.join(dir, 'run');
  fs.mkdirSync(runtimeDir, { mode: 0o700 });
  fs.mkdirSync(path.join(dir, 'data'));
  const socket = path.join(dir, 'bus');
  fs.writeFileSync(path.join(dir, 'bus.conf'), busConfig(socket));
  const busAddress = `unix:path=${socket}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    DBUS_SESSION_BUS_ADDRESS: busAddress,
  };

  const dbus = spawn(
    'dbus-daemon',
    ['--nofork', '--nopidfile', `--config-file=${path.join(dir, 'bus.conf')}`],
    {
      env,
      stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'dbus.log'), 'a')],
    },
  );
  live.add(dbus);
  await waitFor(() => fs.existsSync(socket), 5000, 'dbus-daemon did not create its socket');

  let keyring: ChildProcess | undefined;
  const startKeyringDaemon = async (): Promise<void> => {
    const log = fs.openSync(path.join(dir, 'gnome-keyring.log'), 'a');
    const child = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
      env,
      stdio: ['pipe', log, log],
    });
    fs.closeSync(log);
    live.add(child);
    keyring = child;
    child.stdin?.end(password); // --unlock reads the login password from stdin, up to EOF
    await waitFor(
      async () => (await loginLocked(env).catch(() => undefined)) === false,
      10_000,
      'gnome-keyring-daemon did not offer an unlocked login collection',
    );
  };
  await startKeyringDaemon();

  const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = busAddress;

  return {
    dir,
    busAddress,
    password,
    dbusPid: () => alive(dbus),
    keyringPid: () => alive(keyring),
    lock: async () => {
      await gdbusCall(env, '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `['${LOGIN}']`);
    },
    unlock: async () => {
      const child = execFile(PYTHON, ['-c', UNLOCK_PY], { env });
      const done = new Promise<void>((resolve, reject) =>
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`unlock failed (exit ${code})`)),
        ),
      );
      child.stdin?.end(password);
      await done;
    },
    isLocked: () => loginLocked(env),
    restartKeyring: async () => {
      await stopChild(keyring);
      await startKeyringDaemon();
    },
    stop: async () => {
      await stopChild(keyring);
      await stopChild(dbus);
      if (process.env.DBUS_SESSION_BUS_ADDRESS === busAddress) {
        if (previousBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
      }
    },
  };
}

async function gdbusCall(
  env: Record<string, string>,
  objectPath: string,
  method: string,
  ...args: string[]
): Promise<string> {
  const { stdout } = await run(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.secrets',
      '--object-path',
      objectPath,
      '--method',
      method,
      ...args,
    ],
    { env, timeout: 10_000 },
  );
  return stdout;
}

async function loginLocked(env: Record<string, string>): Promise<boolean> {
  const out = await gdbusCall(
    env,
    LOGIN,
    'org.freedesktop.DBus.Properties.Get',
    'org.freedesktop.Secret.Collection',
    'Locked',
  );
  if (/true/.test(out)) return true;
  if (/false/.test(out)) return false;
  throw new Error(`unexpected Locked reply: ${out}`);
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}
