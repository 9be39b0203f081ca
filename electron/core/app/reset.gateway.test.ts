// Reset & re-approve on the whole core against both real gateways. A reset names the revision of what
// the device holds (key, roles, scopes) as the panel or the tray showed it: a stale or not yet settled
// revision resets nothing and says why; a settled one removes the device and re-approves exactly what it
// had when it asks for exactly that, and leaves a different request on its card. The result line and
// the History record say the same.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CoreRig } from '../../../test/support/coreRig.ts';
import { approveSettled, coreSuite, holdUpgrades, sleep, cardOf } from '../../../test/support/coreSuite.ts';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway } from '../../../test/support/gateway.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import type { DeviceView } from '../contract/views.ts';
import { SETTLE_MS } from '../inbox/settle.ts';
import type { MenuItem } from '../present/types.ts';

const { rigOn } = coreSuite();
const SHOWN = ['operator.read', 'operator.approvals'];

async function deviceOf(rig: CoreRig, deviceId: string, has: string[] = []): Promise<DeviceView> {
  let d: DeviceView | undefined;
  await waitFor(
    async () =>
      (d = (await rig.core.getState()).devices.find((x) => x.deviceId === deviceId)) !== undefined &&
      has.every((s) => d!.scopes.includes(s)),
    15_000,
    `the device listed with ${has.join(', ') || 'its access'}`,
  );
  assert.ok(d?.revision !== undefined, 'the device view names its revision');
  return d;
}

function resetIn(menu: readonly MenuItem[], deviceId: string): number | undefined {
  for (const m of menu) {
    if (m.type === 'submenu') {
      const r = resetIn(m.items, deviceId);
      if (r !== undefined) return r;
    } else if (m.type === 'action' && m.action.kind === 'reset' && m.action.deviceId === deviceId)
      return m.action.revision;
  }
  return undefined;
}

describe('Reset & re-approve (whole core, real gateways)', { concurrency: false }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: a stale or unsettled reset does nothing; a settled one re-approves exactly what it had, and shows a different request`, async (t) => {
      const gw = await sharedGateway(version);
      const rig = await rigOn(gw);
      const device = new TestDevice({ displayName: `Reset ${version} ${Date.now()}` });
      assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok, 'paired at read');
      const atRead = await deviceOf(rig, device.deviceId);
      await holdUpgrades(gw, t);

      // The device's access widens (its upgrade approved) while an older reset dialog is open.
      assert.equal((await device.connect(gw, { scopes: SHOWN })).ok, false, 'the upgrade waits');
      const card = await cardOf(rig, device.deviceId);
      await approveSettled(rig, card);
      const widened = await deviceOf(rig, device.deviceId, SHOWN);
      assert.ok(widened.revision! > atRead.revision!, 'a changed grant is a new revision');

      // The tray shows the new revision this instant: too early to count.
      const trayRevision = resetIn(rig.core.tray().menu, device.deviceId);
      assert.equal(trayRevision, widened.revision, 'the tray menu carries the revision');
      await rig.core.onMenuAction({ kind: 'reset', deviceId: device.deviceId, revision: trayRevision! });
      const told = (await rig.core.getState()).notices.at(-1)?.message ?? '';
      assert.match(told, /changed .* ago — look again; Reset works in a moment\. Nothing was reset\./);
      // The reset decided on the revision before the upgrade: stale.
      const stale = await rig.core.resetDevice(device.deviceId, atRead.revision!);
      assert.equal(stale.ok, false);
      assert.ok(!stale.ok);
      assert.equal(stale.code, 'CHANGED');
      assert.match(stale.error, /access of “Reset .*” changed .* ago — look again; nothing was reset\./);
      const still = await deviceOf(rig, device.deviceId, SHOWN);
      assert.equal(still.resetting, undefined, 'nothing was reset');
      assert.ok((await device.connect(gw, { scopes: SHOWN })).ok, 'it keeps its access');
      const resets = async () =>
        (await rig.core.getHistory(200)).filter(
          (h) => h.deviceId === device.deviceId && h.action === 'reset',
        );
      assert.deepEqual(await resets(), [], 'no reset in History');

      // Settled, and it asks for exactly what it had: approved again with exactly that.
      await sleep(SETTLE_MS + 100);
      const askAgain = (scopes: string[]) => sleep(800).then(() => device.connect(gw, { scopes }));
      const [same] = await Promise.all([
        rig.core.resetDevice(device.deviceId, widened.revision!),
        askAgain(SHOWN),
      ]);
      assert.ok(same.ok, JSON.stringify(same));
      // 4.12 pairs a local device by itself before Clawbar can: either way it has what it had.
      assert.match(same.message ?? '', /exactly the access it had|paired it again by itself/);
      assert.ok((await device.connect(gw, { scopes: SHOWN })).ok, 'it has what it had');
      const afterSame = await resets();
      assert.ok(
        afterSame.some((h) => /waiting/.test(h.outcome)),
        'History: removed, waiting',
      );
      if (/exactly/.test(same.message ?? '')) {
        const rec = afterSame.find((h) => h.outcome === 'approved');
        assert.ok(rec, `History: re-approved: ${JSON.stringify(afterSame)}`);
        assert.deepEqual([...(rec.scopesAfter ?? [])].sort(), [...SHOWN].sort(), 'exactly what it had');
      }

      // It asks for more after the reset: nothing is approved, its card says so.
      const again = await deviceOf(rig, device.deviceId, SHOWN);
      await sleep(SETTLE_MS + 100);
      const [other] = await Promise.all([
        rig.core.resetDevice(device.deviceId, again.revision!),
        askAgain([...SHOWN, 'operator.write']),
      ]);
      if (other.ok) {
        // 4.12 pairs a local new device by itself, whatever it asks: Clawbar says so and approves nothing.
        assert.match(other.message ?? '', /paired it again by itself/);
        assert.ok(
          !(await resets()).some(
            (h) => h.outcome === 'approved' && h.scopesAfter?.includes('operator.write'),
          ),
        );
        t.diagnostic(`${version} paired the reset device by itself: ${other.message ?? ''}`);
        return;
      }
      assert.equal(other.code, 'RESET_DIFFERENT_REQUEST');
      assert.match(other.error, /asks for something different .* Nothing was approved/);
      const item = await cardOf(rig, device.deviceId);
      assert.equal(item.card.notice, other.error, 'its card shows the same words');
      assert.equal(
        (await device.connect(gw, { scopes: [...SHOWN, 'operator.write'] })).ok,
        false,
        'not approved',
      );
      const record = (await resets()).find((h) => h.title === 'Reset: not re-approved');
      assert.ok(record, 'History says it was not re-approved');
      assert.match(record.detail ?? '', /operator\.write/);
    });
  }
});
