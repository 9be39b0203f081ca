// System packages the tests need on Debian/Ubuntu (browser tests, a real Secret Service). `npm test`
// installs what is missing when it runs as root with apt (as on CI and these dev machines), and
// otherwise says exactly what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** [apt package, how to tell it is there] */
export const SYSTEM_DEPS = [
  ['chromium', () => fs.existsSync('/usr/bin/chromium')],
  ['gnome-keyring', () => has('gnome-keyring-daemon')],
  ['dbus', () => has('dbus-daemon')],
  ['dbus-x11', () => has('dbus-run-session')],
  ['libglib2.0-bin', () => has('gdbus')],
  [
    'python3-dbus',
    () => spawnSync('/usr/bin/python3', ['-c', 'import dbus'], { stdio: 'ignore' }).status === 0,
  ],
  ['libsecret-tools', () => has('secret-tool')],
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function ensureSystemDeps(log = (m) => console.log(m)) {
  if (process.platform !== 'linux') return;
  const missing = SYSTEM_DEPS.filter(([, present]) => !present()).map(([pkg]) => pkg);
  if (missing.length === 0) return;
  const canApt = typeof process.getuid === 'function' && process.getuid() === 0 && has('apt-get');
  if (!canApt) {
    throw new Error(`the tests need these system packages: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing system packages for the tests: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0)
    throw new Error(`apt-get could not install: ${missing.join(' ')}`);
}
