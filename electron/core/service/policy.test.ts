// Pure policy: which way keeps the gateway running, launch behaviour, login items, backoff.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_RESTART_POLICY, restartDelay } from './backoff.ts';
import { chooseMode, hasServiceManagement, launchPlan, loginItemCall, loginItemView } from './policy.ts';

describe('keep-running mode', () => {
  test('auto picks launchd on macOS when the LaunchAgent exists, else supervised, else none', () => {
    assert.deepEqual(
      chooseMode({ platform: 'darwin', setting: 'auto', openclawFound: true, launchdInstalled: true }),
      { mode: 'launchd', chosen: 'auto' },
    );
    assert.deepEqual(
      chooseMode({ platform: 'darwin', setting: 'auto', openclawFound: true, launchdInstalled: false }),
      { mode: 'supervised', chosen: 'auto' },
    );
    assert.deepEqual(chooseMode({ platform: 'darwin', setting: 'auto', openclawFound: false }), {
      mode: 'none',
      chosen: 'auto',
    });
  });
  test('auto picks systemd on Linux when the unit exists', () => {
    assert.equal(
      chooseMode({ platform: 'linux', setting: 'auto', openclawFound: true, systemdInstalled: true }).mode,
      'systemd',
    );
    assert.equal(
      chooseMode({ platform: 'linux', setting: 'auto', openclawFound: true, launchdInstalled: true }).mode,
      'supervised',
    );
  });
  test('the user choice wins where it applies; a foreign one becomes none', () => {
    assert.deepEqual(
      chooseMode({ platform: 'darwin', setting: 'supervised', openclawFound: true, launchdInstalled: true }),
      { mode: 'supervised', chosen: 'user' },
    );
    assert.deepEqual(chooseMode({ platform: 'linux', setting: 'launchd', openclawFound: true }), {
      mode: 'none',
      chosen: 'user',
    });
    assert.deepEqual(
      chooseMode({ platform: 'darwin', setting: 'launchd', openclawFound: true, launchdInstalled: false }),
      { mode: 'launchd', chosen: 'user' },
    );
  });
});

describe('launch plan', () => {
  test('opened at login or with --hidden: no window', () => {
    assert.deepEqual(
      launchPlan({ argv: ['Clawbar'], wasOpenedAtLogin: true, startGatewayWithClawbar: true }),
      { openedAtLogin: true, showWindow: false, ensureGateway: true },
    );
    assert.equal(
      launchPlan({ argv: ['Clawbar', '--hidden'], startGatewayWithClawbar: false }).showWindow,
      false,
    );
    assert.deepEqual(
      launchPlan({ argv: ['Clawbar'], wasOpenedAtLogin: false, startGatewayWithClawbar: false }),
      { openedAtLogin: false, showWindow: true, ensureGateway: false },
    );
  });
});

describe('login item view', () => {
  test('macOS 13+ statuses', () => {
    assert.deepEqual(loginItemView('darwin', { openAtLogin: true, status: 'enabled' }), {
      state: 'enabled',
      message: 'Clawbar opens when you log in.',
      canOpenSettings: false,
    });
    const approval = loginItemView('darwin', { openAtLogin: false, status: 'requires-approval' });
    assert.equal(approval.state, 'requires-approval');
    assert.equal(approval.canOpenSettings, true);
    assert.match(approval.message, /System Settings → General → Login Items/);
    assert.equal(
      loginItemView('darwin', { openAtLogin: false, status: 'not-registered' }).state,
      'not-registered',
    );
    assert.match(
      loginItemView('darwin', { openAtLogin: false, status: 'not-found' }).message,
      /Applications/,
    );
  });
  test('older macOS (no status) follows openAtLogin; Linux is unsupported', () => {
    assert.equal(loginItemView('darwin', { openAtLogin: true }).state, 'enabled');
    assert.equal(loginItemView('darwin', { openAtLogin: false }).state, 'not-registered');
    assert.equal(loginItemView('linux', { openAtLogin: false }).state, 'unsupported');
    assert.equal(loginItemView('darwin', undefined).state, 'unsupported');
  });
});

describe('login item call', () => {
  test('macOS 13+ (Darwin 22+) registers the main app service', () => {
    assert.equal(hasServiceManagement('darwin', '22.1.0'), true);
    assert.equal(hasServiceManagement('darwin', '21.6.0'), false);
    assert.deepEqual(
      loginItemCall('darwin', '24.0.0', true, { openAtLogin: false, status: 'not-registered' }),
      { openAtLogin: true, type: 'mainAppService' },
    );
    assert.deepEqual(loginItemCall('darwin', '24.0.0', false, { openAtLogin: true, status: 'enabled' }), {
      openAtLogin: false,
      type: 'mainAppService',
    });
  });
  test('older macOS: plain openAtLogin', () => {
    assert.deepEqual(loginItemCall('darwin', '21.6.0', true, { openAtLogin: false }), { openAtLogin: true });
  });
  test('no call when nothing changes (incl. waiting for approval) and none on Linux', () => {
    assert.equal(
      loginItemCall('darwin', '24.0.0', true, { openAtLogin: true, status: 'enabled' }),
      undefined,
    );
    assert.equal(
      loginItemCall('darwin', '24.0.0', true, { openAtLogin: false, status: 'requires-approval' }),
      undefined,
    );
    assert.equal(
      loginItemCall('darwin', '24.0.0', false, { openAtLogin: false, status: 'not-found' }),
      undefined,
    );
    assert.deepEqual(loginItemCall('darwin', '24.0.0', true, { openAtLogin: false, status: 'not-found' }), {
      openAtLogin: true,
      type: 'mainAppService',
    });
    assert.equal(loginItemCall('linux', '6.1.0', true, { openAtLogin: false }), undefined);
  });
});

describe('restart backoff', () => {
  test('exponential from 1 s, capped at 60 s', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => restartDelay(DEFAULT_RESTART_POLICY, n)),
      [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000],
    );
    assert.equal(restartDelay(DEFAULT_RESTART_POLICY, 500), 60000);
  });
});
