// A device that names itself with a right-to-left override, a line break and 300 characters, on the
// whole core against both real gateways: its card, notification, tray label and History show the name
// escaped and capped, the scope summary before it; its approve, reject and remove are all in History
// under that name. Also: a silent approval (the gateway pairing a local device by itself) is in History
// under the device's name, not its hex id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { approveSettled, coreSuite, holdUpgrades, cardOf } from '../../../test/support/coreSuite.ts';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway } from '../../../test/support/gateway.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import type { HistoryEntry } from '../contract/views.ts';
import { DISPLAY_NAME_MAX } from '../pairing/classify.ts';
import { deviceKey } from '../pairing/inboxItem.ts';
import type { MenuItem } from '../present/types.ts';

const { rigOn } = coreSuite();

function flat(items: readonly MenuItem[]): MenuItem[] {
  return items.flatMap((m) => (m.type === 'submenu' ? [m, ...flat(m.items)] : [m]));
}

/** A name shown safely: no raw override or line break, at most the display cap, the escapes visible. */
function assertEscaped(shown: string, where: string): void {
  assert.ok(!shown.includes('\u202E'), `${where}: no raw right-to-left override in ${JSON.stringify(shown)}`);
  assert.ok(!/[\n\r]/.test(shown), `${where}: no raw line break in ${JSON.stringify(shown)}`);
  assert.ok(shown.includes('\\u202E'), `${where}: the override is visible as an escape`);
}

describe('hostile device names (whole core, real gateways)', { concurrency: false }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: a name with U+202E, a line break and 300 characters is escaped, capped and second everywhere; approve, reject and remove are in History`, async (t) => {
      const gw = await sharedGateway(version);
      const rig = await rigOn(gw);
      const head = `\u202Egnp.exe\nHostile ${version} ${Date.now()} `;
      const hostile = head + 'x'.repeat(300 - head.length);
      assert.equal(hostile.length, 300);
      const device = new TestDevice({ displayName: hostile });
      assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok, 'paired at read');
      await holdUpgrades(gw, t);
      assert.equal(
        (await device.connect(gw, { scopes: ['operator.read', 'operator.approvals'] })).ok,
        false,
        'the upgrade waits',
      );
      const item = await cardOf(rig, device.deviceId);
      const name = item.card.requester.displayName;
      // The card: escaped and capped (the full value stays in the details).
      assertEscaped(name, 'card');
      assert.ok([...name].length <= DISPLAY_NAME_MAX, `capped: ${[...name].length} code points`);
      assert.ok(name.endsWith('…'), 'the cut is marked');
      assertEscaped(item.title, 'card title');
      assert.ok(item.title.indexOf(name) > 0, 'the name comes after what it asks');

      // The notification: the scope summary first in the title, the name second.
      const key = deviceKey(device.deviceId);
      await waitFor(() => rig.ops.some((o) => o.type === 'show' && o.key === key), 15_000, 'notified');
      const op = rig.ops.find((o) => o.type === 'show' && o.key === key);
      assert.ok(op?.type === 'show');
      assert.match(op.title, /^Wants /, 'what it asks comes first');
      assert.ok(op.title.indexOf(name) > 0, `name second in ${JSON.stringify(op.title)}`);
      assertEscaped(op.title, 'notification title');
      assert.ok(!op.body.includes('\u202E'), 'notification body');

      // The tray: the pending entry's label says what it asks first; the device entry is escaped too.
      const menu = flat(rig.core.tray().menu);
      const entry = menu.find((m) => m.id === `card:${device.deviceId}`);
      assert.ok(entry?.type === 'submenu');
      assertEscaped(entry.label, 'tray label');
      assert.ok(/^Wants /.test(entry.label) && entry.label.indexOf(name) > 0, entry.label);
      const deviceEntry = menu.find((m) => m.id === `device:${device.deviceId}`);
      assert.ok(deviceEntry?.type === 'submenu');
      assertEscaped(deviceEntry.label, 'tray device label');
      for (const m of menu)
        if (m.type !== 'separator') assert.ok(!m.label.includes('\u202E') && !m.label.includes('\n'), m.id);

      // Approve (once settled), then a second request is rejected, then the device is removed.
      await approveSettled(rig, item);
      assert.equal(
        (await device.connect(gw, { scopes: ['operator.read', 'operator.approvals', 'operator.write'] })).ok,
        false,
        'the second request waits',
      );
      let second = await cardOf(rig, device.deviceId);
      await waitFor(
        async () => (second = await cardOf(rig, device.deviceId)).card.scopes.includes('operator.write'),
        15_000,
        'the second request listed',
      );
      const rejected = await rig.core.reject(device.deviceId, second.card.requestId);
      assert.ok(rejected.ok, JSON.stringify(rejected));
      const removed = await rig.core.removeDevice(device.deviceId);
      assert.ok(removed.ok, JSON.stringify(removed));
      assert.ok(!removed.message?.includes('\u202E') && !removed.message?.includes('\n'), 'result line');

      // History: all three, under the escaped, capped name.
      const history = (await rig.core.getHistory(200)).filter((h) => h.deviceId === device.deviceId);
      for (const h of history) {
        if (h.displayName !== undefined) {
          assertEscaped(h.displayName, `history ${h.action}`);
          assert.ok([...h.displayName].length <= DISPLAY_NAME_MAX, `history ${h.action} capped`);
        }
        for (const text of [h.title, h.detail])
          assert.ok(!text?.includes('\u202E') && !text?.includes('\n'), `history ${h.action} text`);
      }
      const named = (action: string, outcome: RegExp) =>
        history.find((h) => h.action === action && outcome.test(h.outcome) && h.displayName === name);
      assert.ok(named('approve', /^approved$/), `approve in History: ${JSON.stringify(history)}`);
      assert.ok(named('reject', /rejected/), `reject in History: ${JSON.stringify(history)}`);
      assert.ok(named('remove', /removed/), `remove in History: ${JSON.stringify(history)}`);
    });

    test(`${version}: a silent approval is in History under the device's name, not its id`, async () => {
      const gw = await sharedGateway(version);
      const rig = await rigOn(gw);
      const label = `Silent phone ${version} ${Date.now()}`;
      const device = new TestDevice({ displayName: label });
      // A first local pairing at read is approved by the gateway itself on both versions.
      assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok, 'paired silently');
      let record: HistoryEntry | undefined;
      await waitFor(
        async () =>
          (record = (await rig.core.getHistory(200)).find(
            (h) => h.deviceId === device.deviceId && /approved/.test(h.outcome),
          )) !== undefined,
        15_000,
        'the silent approval in History',
      );
      assert.ok(record);
      assert.equal(record.by, 'gateway', JSON.stringify(record));
      assert.equal(record.displayName, label, `named, not ${device.deviceId.slice(0, 12)}…`);
    });
  }
});
