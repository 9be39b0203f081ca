// contract: the LaunchAgent adapter against a stand-in `launchctl` that prints what the real one
// prints. Checks the exact commands and how each output is read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { standins, type Standins } from '../../../test/support/standins/standins.ts';
import { execProgram } from './exec.ts';
import { LaunchdAdapter, parseLaunchctlPrint, parsePrintDisabled } from './launchd.ts';

const UID = 501;
const LABEL = 'ai.openclaw.gateway';
const TARGET = `gui/${UID}/${LABEL}`;

let s: Standins;
let plist: string;

function agent(state: Record<string, unknown>, { plistExists = true } = {}) {
  s.setState('launchctl', {
    uid: UID,
    label: LABEL,
    plist,
    loaded: false,
    disabled: false,
    state: 'not running',
    runs: 0,
    lastExit: null,
    ...state,
  });
  if (plistExists) {
    fs.mkdirSync(path.dirname(plist), { recursive: true });
    fs.writeFileSync(plist, '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict/></plist>\n');
  }
  return new LaunchdAdapter({ uid: UID, env: s.env, exec: execProgram, launchctl: s.tools.launchctl });
}

beforeEach(() => {
  s = standins();
  plist = path.join(s.home, 'Library', 'LaunchAgents', `${LABEL}.plist`);
});

describe('contract: launchctl status', () => {
  test('contract: not loaded — `print` exits 113 "Could not find service"; plist present', async () => {
    const st = await agent({ loaded: false }).status();
    assert.deepEqual(s.calls(), [
      ['launchctl', 'print', TARGET],
      ['launchctl', 'print-disabled', `gui/${UID}`],
    ]);
    assert.equal(st.installed, true);
    assert.equal(st.loaded, false);
    assert.equal(st.running, false);
    assert.equal(st.enabled, true);
    assert.equal(st.detail, 'LaunchAgent not loaded');
  });

  test('contract: not installed — no plist and not loaded', async () => {
    const st = await agent({ loaded: false }, { plistExists: false }).status();
    assert.equal(st.installed, false);
    assert.equal(st.detail, 'LaunchAgent not installed');
  });

  test('contract: running — `state = running`, `pid = N`, nested blocks ignored', async () => {
    const st = await agent({ loaded: true, state: 'running', pid: 4242, runs: 1 }).status();
    assert.equal(st.loaded, true);
    assert.equal(st.running, true);
    assert.equal(st.pid, 4242);
    assert.equal(st.crashLoop, false);
    assert.equal(st.lastExitCode, undefined, '"(never exited)" is no exit code');
    assert.equal(st.detail, 'running (pid 4242)');
  });

  test('contract: crash loop — `state = spawn scheduled`, many runs, `last exit code = 1`', async () => {
    const st = await agent({ loaded: true, state: 'spawn scheduled', runs: 14, lastExit: 1 }).status();
    assert.equal(st.running, false);
    assert.equal(st.crashLoop, true);
    assert.equal(st.lastExitCode, 1);
    assert.equal(st.runs, 14);
    assert.match(st.detail, /keeps exiting \(last exit 1, 14 runs\)/);
  });

  test('contract: a clean stop after one run is not a crash loop', async () => {
    const st = await agent({ loaded: true, state: 'not running', runs: 1, lastExit: 0 }).status();
    assert.equal(st.crashLoop, false);
  });

  test('contract: disabled — `print-disabled` says `=> disabled` (and `=> true` on older macOS)', async () => {
    assert.equal((await agent({ disabled: true }).status()).enabled, false);
    assert.equal((await agent({ disabled: true, disabledStyle: 'bool' }).status()).enabled, false);
    assert.equal((await agent({ disabled: false, disabledStyle: 'bool' }).status()).enabled, true);
  });

  test('contract: launchctl missing → unavailable, not "not installed"', async () => {
    const a = new LaunchdAdapter({
      uid: UID,
      env: s.env,
      exec: execProgram,
      launchctl: '/nonexistent/launchctl',
    });
    const st = await a.status();
    assert.match(st.unavailable ?? '', /ENOENT/);
  });

  test('launchctl runs by absolute path: a `launchctl` first on PATH is never used', async () => {
    agent({ loaded: true });
    const a = new LaunchdAdapter({ uid: UID, env: s.env, exec: execProgram }); // PATH starts with the stand-ins
    const st = await a.status();
    if (!fs.existsSync('/bin/launchctl')) assert.match(st.unavailable ?? '', /ENOENT/);
    assert.deepEqual(s.calls('launchctl'), [], 'the launchctl found on PATH ran');
    assert.match(
      (await execProgram('launchctl', ['print'], { env: s.env })).error ?? '',
      /not an absolute path/,
    );
  });

  test('profile-aware label and plist path', () => {
    const a = new LaunchdAdapter({
      uid: UID,
      env: { ...s.env, OPENCLAW_PROFILE: 'work' },
      exec: execProgram,
    });
    assert.equal(a.label, 'ai.openclaw.work');
    assert.equal(a.plistPath, path.join(s.home, 'Library', 'LaunchAgents', 'ai.openclaw.work.plist'));
  });
});

describe('contract: launchctl actions', () => {
  test('contract: start when launchd dropped the agent → bootstrap the plist, then kickstart', async () => {
    const a = agent({ loaded: false });
    const r = await a.start();
    assert.ok(r.ok, r.message);
    assert.deepEqual(s.calls(), [
      ['launchctl', 'print', TARGET],
      ['launchctl', 'print-disabled', `gui/${UID}`],
      ['launchctl', 'bootstrap', `gui/${UID}`, plist],
      ['launchctl', 'kickstart', TARGET],
    ]);
    assert.equal((await a.status()).running, true);
  });

  test('contract: start of a disabled, unloaded agent enables it first (bootstrap refuses with 119 otherwise)', async () => {
    const a = agent({ loaded: false, disabled: true });
    const r = await a.start();
    assert.ok(r.ok, r.message);
    assert.deepEqual(
      s.calls().map((c) => c[1]),
      ['print', 'print-disabled', 'enable', 'bootstrap', 'kickstart'],
    );
  });

  test('contract: start when already running kicks without -k (does not restart it)', async () => {
    const a = agent({ loaded: true, state: 'running', pid: 4242, runs: 1 });
    assert.ok((await a.start()).ok);
    assert.deepEqual(s.calls().at(-1), ['launchctl', 'kickstart', TARGET]);
    assert.equal((await a.status()).pid, 4242);
  });

  test('contract: stop is `bootout` (KeepAlive would relaunch a killed gateway); stopping twice is fine', async () => {
    const a = agent({ loaded: true, state: 'running', pid: 4242, runs: 1 });
    const r = await a.stop();
    assert.ok(r.ok, r.message);
    assert.deepEqual(s.calls(), [['launchctl', 'bootout', TARGET]]);
    assert.equal((await a.status()).loaded, false);
    const again = await a.stop(); // "Boot-out failed: 3: No such process"
    assert.ok(again.ok, again.message);
  });

  test('contract: restart is `kickstart -k` and gives a new pid', async () => {
    const a = agent({ loaded: true, state: 'running', pid: 4242, runs: 1 });
    assert.ok((await a.restart()).ok);
    assert.deepEqual(s.calls().at(-1), ['launchctl', 'kickstart', '-k', TARGET]);
    const st = await a.status();
    assert.notEqual(st.pid, 4242);
    assert.equal(st.runs, 2);
  });

  test('contract: repair = enable → bootstrap the plist → kickstart -k', async () => {
    const a = agent({ loaded: false, disabled: true });
    const r = await a.repair();
    assert.ok(r.ok, r.message);
    assert.deepEqual(r.ran, [
      ['launchctl', 'enable', TARGET],
      ['launchctl', 'print', TARGET],
      ['launchctl', 'bootstrap', `gui/${UID}`, plist],
      ['launchctl', 'kickstart', '-k', TARGET],
    ]);
    const st = await a.status();
    assert.equal(st.running, true);
    assert.equal(st.enabled, true);
  });

  test('contract: repair of a loaded crash-looping agent skips bootstrap (it would fail with 5) and re-arms it', async () => {
    const a = agent({ loaded: true, state: 'spawn scheduled', runs: 14, lastExit: 1 });
    const r = await a.repair();
    assert.ok(r.ok, r.message);
    assert.deepEqual(
      r.ran.map((c) => c[1]),
      ['enable', 'print', 'kickstart'],
    );
  });

  test('contract: repair without a plist refuses and changes nothing', async () => {
    const a = agent({ loaded: false }, { plistExists: false });
    const r = await a.repair();
    assert.equal(r.ok, false);
    assert.match(r.message, /missing: install the service first/);
    assert.deepEqual(s.calls(), []);
  });

  test("contract: a failing kickstart is reported with launchctl's words", async () => {
    const a = agent({ loaded: true, state: 'running', pid: 1, runs: 1 });
    s.setState('launchctl', { ...s.state('launchctl'), label: 'something.else' }); // now the target is unknown
    const r = await a.restart();
    assert.equal(r.ok, false);
    assert.match(r.message, /Could not find service|bootstrap failed/);
  });
});

describe('launchctl output parsing', () => {
  test('a non-zero `print` means not loaded', () => {
    assert.deepEqual(parseLaunchctlPrint({ code: 113, stdout: '' }), { loaded: false });
  });
  test('`last exit code = 78: EX_CONFIG` and a terminating signal', () => {
    const p = parseLaunchctlPrint({
      code: 0,
      stdout:
        'gui/501/x = {\n\tstate = not running\n\truns = 5\n\tlast terminating signal = Killed: 9\n\tlast exit code = 78: EX_CONFIG\n}\n',
    });
    assert.equal(p.lastExitCode, 78);
    assert.equal(p.lastSignal, 'Killed: 9');
  });
  test('print-disabled: other labels do not count', () => {
    assert.equal(parsePrintDisabled('\t"ai.openclaw.gatewayX" => disabled\n', 'ai.openclaw.gateway'), false);
  });
});
