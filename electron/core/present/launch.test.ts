import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecretsView } from '../contract/views.ts';
import { focusOfMenuAction, launchAtLoginShown, showPanelAtLaunch } from './launch.ts';

const secrets = (tokenPresent: boolean): SecretsView => ({
  state: 'ok',
  tokenPresent,
  deviceTokenPresent: tokenPresent,
});

test('the panel shows itself on first run and whenever no token is stored', () => {
  assert.equal(showPanelAtLaunch({ firstRun: true, secrets: secrets(false) }), true);
  assert.equal(showPanelAtLaunch({ firstRun: false, secrets: secrets(false) }), true);
  assert.equal(showPanelAtLaunch({ firstRun: true, secrets: secrets(true) }), true);
  assert.equal(showPanelAtLaunch({ firstRun: false, secrets: secrets(true) }), false);
});

test('"Open at login" shows what the OS reports, the stored setting where there is no OS state', () => {
  assert.equal(launchAtLoginShown('darwin', { openAtLogin: false, status: 'not-registered' }, true), false);
  assert.equal(launchAtLoginShown('darwin', { openAtLogin: true, status: 'enabled' }, false), true);
  assert.equal(
    launchAtLoginShown('darwin', { openAtLogin: false, status: 'requires-approval' }, false),
    true,
  );
  assert.equal(launchAtLoginShown('darwin', { openAtLogin: true }, false), true);
  assert.equal(launchAtLoginShown('win32', { openAtLogin: false }, true), false);
  assert.equal(launchAtLoginShown('linux', { openAtLogin: false }, true), true);
  assert.equal(launchAtLoginShown('darwin', undefined, true), true);
});

test('tray items open the panel on their screen, card or device', () => {
  assert.deepEqual(focusOfMenuAction({ kind: 'open-panel', view: 'history' }), { view: 'history' });
  assert.deepEqual(focusOfMenuAction({ kind: 'open-panel', view: 'settings' }), { view: 'settings' });
  assert.deepEqual(focusOfMenuAction({ kind: 'open-panel', view: 'pending', deviceId: 'd1' }), {
    view: 'pending',
    key: 'device:d1',
  });
  assert.deepEqual(focusOfMenuAction({ kind: 'open-panel', key: 'device:d2' }), {
    view: 'pending',
    key: 'device:d2',
  });
  assert.deepEqual(focusOfMenuAction({ kind: 'open-panel', view: 'devices', deviceId: 'd3' }), {
    view: 'devices',
    deviceId: 'd3',
  });
  assert.equal(focusOfMenuAction({ kind: 'open-panel' }), undefined);
  assert.equal(focusOfMenuAction({ kind: 'reconnect' }), undefined);
});
