import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PairedDevice } from '../gateway/wire.ts';
import { deviceView, deviceViews } from './devices.ts';
import { capture, list } from '../../../test/fixtures/pairing/load.ts';

describe('device views', () => {
  test('a real 9.6 paired record: names, roles, scope labels, tokens without values', () => {
    const { deviceId } = capture('2026.9.6');
    const rec = list('2026.9.6', 'listApproved').list.paired.find((d) => d.deviceId === deviceId);
    assert.ok(rec);
    const v = deviceView(rec);
    assert.equal(v.displayName, 'MacBook Pro');
    assert.equal(v.connected, false);
    assert.deepEqual(v.roles, ['operator']);
    assert.deepEqual(
      v.scopeLines.map((l) => l.label),
      ['read status', 'manage approvals', 'make changes'],
    );
    assert.equal(v.tokens[0]?.role, 'operator');
    assert.ok(v.tokens[0]?.rotatedAtMs);
    assert.equal(v.isClawbar, false);
  });

  test('the operator label wins over the device name; fallbacks for nameless records', () => {
    const base: PairedDevice = { deviceId: 'abcdef0123', publicKey: 'pk', roles: [], scopes: [], tokens: [] };
    assert.equal(
      deviceView({ ...base, displayName: 'Pixel', operatorLabel: 'Kitchen tablet' }).displayName,
      'Kitchen tablet',
    );
    assert.equal(
      deviceView({ ...base, displayName: 'Pixel', operatorLabel: 'Kitchen tablet' }).label,
      'Kitchen tablet',
    );
    assert.equal(deviceView({ ...base, clientId: 'cli' }).displayName, 'cli');
    assert.equal(deviceView(base).displayName, 'device abcdef01');
    assert.deepEqual(deviceView({ ...base, role: 'node', roles: [] }).roles, ['node']);
  });

  test('Clawbar first, then by name; a reset in progress is carried over', () => {
    const mk = (deviceId: string, displayName: string): PairedDevice => ({
      deviceId,
      publicKey: deviceId,
      displayName,
      roles: [],
      scopes: [],
      tokens: [],
    });
    const views = deviceViews([mk('b', 'Zed'), mk('c', 'Alpha'), mk('self', 'Clawbar')], {
      selfDeviceId: 'self',
    });
    assert.deepEqual(
      views.map((v) => [v.deviceId, v.isClawbar]),
      [
        ['self', true],
        ['c', false],
        ['b', false],
      ],
    );
    const again = deviceViews([mk('b', 'Zed')], { previous: [{ ...views[2]!, resetting: { until: 99 } }] });
    assert.deepEqual(again[0]!.resetting, { until: 99 });
  });
});
