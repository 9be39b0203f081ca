// contract: the systemd user-unit adapter against a stand-in `systemctl` that prints what the real
// one prints (systemd 252). Checks the exact commands and how each output is read.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { standins, type Standins } from '../../../test/support/standins/standins.ts';
import { execProgram } from './exec.ts';
import { defaultServiceTools, firstExisting } from './tools.ts';
import { parseSystemctlShow, SYSTEMD_PROPERTIES, SystemdAdapter, systemdUnitStatus } from './systemd.ts';

const UNIT = 'openclaw-gateway.service';
const SHOW = ['systemctl', '--user', 'show', UNIT, `--property=${SYSTEMD_PROPERTIES.join(',')}`];

let s: Standins;

function unit(state: Record<string, unknown>, env: Record<string, string> = {}) {
  s.setState('systemctl', {
    unit: UNIT,
    home: s.home,
    installed: true,
    UnitFileState: 'enabled',
    ActiveState: 'inactive',
    SubState: 'dead',
    ...state,
  });
  return new SystemdAdapter({ env: { ...s.env, ...env }, exec: execProgram, systemctl: s.tools.systemctl });
}

beforeEach(() => {
  s = standins();
});

describe('contract: systemctl --user status', () => {
  test('contract: status is one `systemctl --user show <unit> --property=…`', async () => {
    await unit({}).status();
    assert.deepEqual(s.calls(), [SHOW]);
  });

  test('contract: not installed — LoadState=not-found', async () => {
    const st = await unit({ installed: false }).status();
    assert.equal(st.installed, false);
    assert.equal(st.loaded, false);
    assert.equal(st.detail, 'unit not installed');
  });

  test('contract: running — ActiveState=active SubState=running MainPID=N', async () => {
    const st = await unit({ ActiveState: 'active', SubState: 'running', MainPID: 5151 }).status();
    assert.equal(st.running, true);
    assert.equal(st.pid, 5151);
    assert.equal(st.enabled, true);
    assert.equal(st.crashLoop, false);
  });

  test('contract: crash loop — SubState=auto-restart with NRestarts and exit status', async () => {
    const st = await unit({
      ActiveState: 'activating',
      SubState: 'auto-restart',
      NRestarts: 9,
      ExecMainStatus: 1,
      Result: 'exit-code',
    }).status();
    assert.equal(st.running, false);
    assert.equal(st.crashLoop, true);
    assert.equal(st.lastExitCode, 1);
    assert.equal(st.runs, 9);
    assert.match(st.detail, /keeps exiting \(exit-code, exit 1, 9 restarts\)/);
  });

  test('contract: given up — ActiveState=failed Result=start-limit-hit', async () => {
    const st = await unit({
      ActiveState: 'failed',
      SubState: 'failed',
      NRestarts: 5,
      ExecMainStatus: 1,
      Result: 'start-limit-hit',
    }).status();
    assert.equal(st.crashLoop, true);
  });

  test('contract: disabled — UnitFileState=disabled', async () => {
    const st = await unit({ UnitFileState: 'disabled' }).status();
    assert.equal(st.enabled, false);
    assert.equal(st.installed, true);
  });

  test('contract: no user session — "Failed to connect to bus" → unavailable', async () => {
    const st = await unit({ noBus: true }).status();
    assert.equal(st.unavailable, 'Failed to connect to bus: No medium found');
    assert.equal(st.running, false);
  });

  test('profile-aware unit name', async () => {
    const a = unit({}, { OPENCLAW_PROFILE: 'work' });
    assert.equal(a.unit, 'openclaw-gateway-work.service');
    const st = await a.status(); // the stand-in knows only openclaw-gateway.service
    assert.equal(st.installed, false);
    assert.equal(s.calls()[0]?.[3], 'openclaw-gateway-work.service');
  });
});

describe('contract: systemctl --user actions', () => {
  test('contract: start / stop / restart are one command each', async () => {
    const a = unit({});
    assert.ok((await a.start()).ok);
    const pid = (await a.status()).pid;
    assert.ok(pid);
    assert.ok((await a.restart()).ok);
    assert.notEqual((await a.status()).pid, pid);
    assert.ok((await a.stop()).ok);
    assert.equal((await a.status()).running, false);
    assert.deepEqual(
      s.calls().filter((c) => c[2] !== 'show'),
      [
        ['systemctl', '--user', 'start', UNIT],
        ['systemctl', '--user', 'restart', UNIT],
        ['systemctl', '--user', 'stop', UNIT],
      ],
    );
  });

  test("contract: start of a unit that gave up fails with systemd's words", async () => {
    const r = await unit({ ActiveState: 'failed', SubState: 'failed', Result: 'start-limit-hit' }).start();
    assert.equal(r.ok, false);
    assert.match(r.message, /systemctl --user start failed: Job for openclaw-gateway.service failed\./);
  });

  test('contract: repair = daemon-reload → reset-failed → enable → start, and it runs again', async () => {
    const a = unit({
      UnitFileState: 'disabled',
      ActiveState: 'failed',
      SubState: 'failed',
      NRestarts: 5,
      Result: 'start-limit-hit',
    });
    const r = await a.repair();
    assert.ok(r.ok, r.message);
    assert.deepEqual(r.ran, [
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'reset-failed', UNIT],
      ['systemctl', '--user', 'enable', UNIT],
      ['systemctl', '--user', 'start', UNIT],
    ]);
    const st = await a.status();
    assert.equal(st.running, true);
    assert.equal(st.enabled, true);
    assert.equal(st.crashLoop, false);
  });

  test('contract: repair of a missing unit stops at enable ("Unit file … does not exist")', async () => {
    const r = await unit({ installed: false }).repair();
    assert.equal(r.ok, false);
    assert.match(r.message, /enable openclaw-gateway.service failed: Failed to enable unit: Unit file/);
    assert.equal(r.ran.length, 3);
  });
});

describe('systemctl show parsing', () => {
  test('empty values and order do not matter', () => {
    const p = parseSystemctlShow('UnitFileState=\nLoadState=not-found\nMainPID=0\n');
    assert.deepEqual(p, { UnitFileState: '', LoadState: 'not-found', MainPID: '0' });
    assert.equal(systemdUnitStatus(p).installed, false);
  });
});

describe('systemctl by absolute path', () => {
  test('a `systemctl` first on PATH is never run; the system one is found by its absolute path', async () => {
    unit({}); // the stand-in's state; its folder is first on PATH in s.env
    await new SystemdAdapter({ env: s.env, exec: execProgram }).status();
    assert.deepEqual(s.calls('systemctl'), [], 'the systemctl found on PATH ran');
    assert.match(defaultServiceTools().systemctl, /^\/(usr\/)?bin\/systemctl$/);
    assert.equal(firstExisting(['/nonexistent/a', '/bin/sh']), '/bin/sh');
    assert.equal(firstExisting(['/nonexistent/a', '/nonexistent/b']), '/nonexistent/a');
  });
});
