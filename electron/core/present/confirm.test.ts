import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceView } from '../contract/views.ts';
import { destructiveConfirmation } from './confirm.ts';

const device = (o: Partial<DeviceView>): DeviceView =>
  ({ deviceId: 'd1', displayName: 'Kitchen iPad', isClawbar: false, scopeLines: [], ...o }) as DeviceView;

test('Remove and Reset name the device and say what happens; other actions need no confirmation', () => {
  const devices = [
    device({
      scopeLines: [{ label: 'read status' }, { label: 'manage approvals' }] as DeviceView['scopeLines'],
    }),
  ];
  const remove = destructiveConfirmation({ kind: 'remove', deviceId: 'd1' }, devices);
  assert.equal(remove?.message, 'Remove “Kitchen iPad”?');
  assert.equal(remove?.confirmLabel, 'Remove');
  assert.match(remove?.detail ?? '', /loses its access/);
  const reset = destructiveConfirmation({ kind: 'reset', deviceId: 'd1', revision: 1 }, devices);
  assert.equal(reset?.message, 'Reset “Kitchen iPad”?');
  assert.match(
    reset?.detail ?? '',
    /exactly what it had \(read status, manage approvals\) with the same key/,
  );
  assert.match(reset?.detail ?? '', /more, less or anything else, nothing is approved/);
  assert.equal(destructiveConfirmation({ kind: 'reconnect' }, devices), undefined);
  assert.equal(destructiveConfirmation({ kind: 'open-panel', view: 'history' }, devices), undefined);
});

test('a device that is gone, and Clawbar itself, are said so', () => {
  assert.equal(
    destructiveConfirmation({ kind: 'remove', deviceId: 'gone' }, [])?.message,
    'Remove this device?',
  );
  const self = destructiveConfirmation({ kind: 'remove', deviceId: 'd1' }, [device({ isClawbar: true })]);
  assert.match(self?.detail ?? '', /This is Clawbar itself/);
});
