// Decide safely, on the whole core against both real gateways: a device widens its request (to admin, to
// a new role, to a new key) at a random moment 0–1,500 ms before a decision arrives through the panel's
// approve (the keyboard makes the same call), the tray or a notification. Nothing broader than a card
// that had been current and visible for 1.5 s is ever approved, and the user is told why nothing
// happened; without widening, every decision approves (after the settle). Also: a critical grant without
// its second confirmation never reaches the gateway, and settings that could redirect the token wait for
// confirmation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CoreRig } from '../../../test/support/coreRig.ts';
import { coreSuite, holdUpgrades, sleep } from '../../../test/support/coreSuite.ts';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import type { ActionResult, InboxItem } from '../contract/views.ts';
import { SETTLE_MS, type DecisionPath } from '../inbox/settle.ts';
import { deviceKey } from '../pairing/inboxItem.ts';
import type { MenuItem } from '../present/types.ts';

const { rigOn } = coreSuite();
const SHOWN = ['operator.read', 'operator.approvals'];

const itemOf = async (rig: CoreRig, key: string): Promise<InboxItem | undefined> =>
  (await rig.core.getState()).inbox.find((i) => i.key === key);

/** The item once the core lists it (the list may briefly lag the gateway's events). */
async function itemWhenListed(rig: CoreRig, key: string): Promise<InboxItem> {
  let item: InboxItem | undefined;
  await waitFor(async () => (item = await itemOf(rig, key)) !== undefined, 15_000, `${key} listed`);
  return item!;
}

function approveIn(menu: readonly MenuItem[], key: string): number | undefined {
  for (const m of menu) {
    if (m.type === 'submenu') {
      const r = approveIn(m.items, key);
      if (r !== undefined) return r;
    } else if (m.type === 'action' && m.action.kind === 'approve' && m.action.key === key)
      return m.action.revision;
  }
  return undefined;
}

/** The revision the path shows now (building the tray menu is the tray showing it). */
async function shownRevision(rig: CoreRig, key: string, path: DecisionPath): Promise<number | undefined> {
  if (path === 'panel') return (await itemOf(rig, key))?.revision;
  if (path === 'tray') return approveIn(rig.core.tray().menu, key);
  const op = rig.ops.filter((o) => o.type !== 'test' && o.key === key).at(-1);
  return op && op.type !== 'close' && op.type !== 'test' ? op.revision : undefined;
}

/** The decision, through the path, on what the path shows; the plain message when nothing happened. */
async function decide(
  rig: CoreRig,
  key: string,
  revision: number,
  path: DecisionPath,
): Promise<string | undefined> {
  const notices = (await rig.core.getState()).notices.length;
  if (path === 'panel') {
    const item = await itemOf(rig, key);
    assert.ok(item?.kind === 'device');
    const c = item.card;
    const r: ActionResult = await rig.core.approve({
      deviceId: c.deviceId,
      publicKey: c.publicKey,
      role: c.role,
      scopes: [...c.scopes],
      revision,
    });
    return r.ok ? undefined : r.error;
  }
  if (path === 'tray') await rig.core.onMenuAction({ kind: 'approve', key, revision });
  else await rig.core.onNotificationAction(key, revision, 'approve');
  const s = await rig.core.getState();
  return s.notices.length > notices ? s.notices.at(-1)?.message : undefined;
}

type Widening = 'admin' | 'role' | 'key' | 'none';

async function widen(gw: TestGateway, device: TestDevice, how: Widening): Promise<void> {
  if (how === 'admin') await device.connect(gw, { scopes: [...SHOWN, 'operator.admin'] });
  if (how === 'role') await device.connect(gw, { role: 'node', scopes: [] });
  if (how === 'key') {
    // Another key claiming the same device id (the gateway may refuse it outright: then nothing widens).
    const other = new TestDevice(device.profile, { ...new TestDevice().identity, deviceId: device.deviceId });
    await other.connect(gw, { scopes: SHOWN });
  }
}

describe('decide safely: the race suite (whole core, real gateways)', { concurrency: false }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: widening 0–1,500 ms before a decision never approves more than a settled card`, async (t) => {
      const gw = await sharedGateway(version);
      const rig = await rigOn(gw);
      const paths: DecisionPath[] = ['panel', 'tray', 'notification'];
      const widenings: Widening[] = ['none', 'admin', 'role', 'key'];
      // Every device pairs at read first (silently on 9.6), then upgrades are held for the suite.
      const devices = new Map<string, TestDevice>();
      let n = 0;
      for (const path of paths)
        for (const how of widenings) {
          const device = new TestDevice({ displayName: `Race ${version} ${path} ${how} ${n++}` });
          assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok, 'paired at read');
          devices.set(`${path}/${how}`, device);
        }
      await holdUpgrades(gw, t);
      for (const path of paths) {
        for (const how of widenings) {
          const device = devices.get(`${path}/${how}`)!;
          const key = deviceKey(device.deviceId);
          assert.equal((await device.connect(gw, { scopes: SHOWN })).ok, false, 'asks to manage approvals');
          await waitFor(
            async () => (await shownRevision(rig, key, path)) !== undefined,
            15_000,
            `${path} shows it`,
          );
          const decisionAt = Date.now() + SETTLE_MS + 150;
          const delay = Math.floor(Math.random() * 1500);
          let widening: Promise<void> = Promise.resolve();
          if (how !== 'none') {
            await sleep(decisionAt - delay - Date.now());
            widening = widen(gw, device, how);
          }
          await sleep(decisionAt - Date.now());
          const revision = await shownRevision(rig, key, path);
          assert.ok(revision !== undefined);
          const seen = await itemOf(rig, key);
          const told = await decide(rig, key, revision, path);
          await widening;
          // What the gateway granted, from a fresh list.
          await rig.core.reconnect();
          await waitFor(
            async () => (await rig.core.getState()).connection.kind === 'connected',
            15_000,
            'reconnected',
          );
          const dev = (await rig.core.getState()).devices.find((d) => d.deviceId === device.deviceId);
          assert.ok(dev, 'still paired');
          const what = `${path}, widened to ${how} ${delay} ms before`;
          assert.ok(
            dev.scopes.every((s) => SHOWN.includes(s)),
            `${what}: no scope beyond the card (${dev.scopes.join(', ')})`,
          );
          assert.deepEqual(dev.roles, ['operator'], `${what}: no new role`);
          assert.equal(dev.publicKey, device.identity.publicKey, `${what}: the same key`);
          if (how === 'none') {
            assert.equal(
              told,
              undefined,
              `${what}: approved without a word (decided on ${revision}; item at ${seen?.revision}, revised ${seen ? Date.now() - seen.revisedAt : '?'} ms before)`,
            );
            assert.ok(dev.scopes.includes('operator.approvals'), `${what}: approved`);
          } else if (!dev.scopes.includes('operator.approvals')) {
            assert.ok(told, `${what}: the user is told why nothing happened`);
            assert.doesNotMatch(told, /[A-Z_]{6,}|`|device\.pair/, `${what}: plain words: ${told}`);
          }
          t.diagnostic(`${what}: ${told ?? 'approved'}`);
          await rig.core.removeDevice(device.deviceId);
        }
      }
      assert.deepEqual(rig.confirms, [], 'no widened (critical) revision ever reached its confirmation');
    });

    test(`${version}: full control needs the second confirmation; without it nothing reaches the gateway`, async (t) => {
      const gw = await sharedGateway(version);
      const rig = await rigOn(gw);
      const device = new TestDevice({ displayName: `Admin ${version}` });
      assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok);
      await holdUpgrades(gw, t);
      const key = deviceKey(device.deviceId);
      assert.equal((await device.connect(gw, { scopes: ['operator.read', 'operator.admin'] })).ok, false);
      const item = await itemWhenListed(rig, key);
      assert.ok(item?.kind === 'device');
      assert.deepEqual(
        item.actions.map((a) => a.id),
        ['not-now'],
        'its notification offers no Approve',
      );
      await sleep(SETTLE_MS + 100);
      const intent = { ...item.card, revision: item.revision };
      const binding = {
        deviceId: intent.deviceId,
        publicKey: intent.publicKey,
        role: intent.role,
        scopes: intent.scopes,
        revision: item.revision,
      };
      rig.answer = () => false;
      const refused = await rig.core.approve(binding);
      assert.equal(refused.ok, false);
      assert.equal(rig.confirms.length, 1);
      assert.match(rig.confirms[0]!.message, /full control \(admin\) \(operator\.admin\)/);
      assert.equal(
        (await device.connect(gw, { scopes: ['operator.read', 'operator.admin'] })).ok,
        false,
        'not granted',
      );
      await waitFor(async () => (await itemOf(rig, key)) !== undefined, 15_000, 'the card again');
      const again = await itemOf(rig, key);
      assert.ok(again);
      await sleep(Math.max(0, again.revisedAt + SETTLE_MS + 100 - Date.now()));
      rig.answer = () => true;
      const ok = await rig.core.approve({ ...binding, revision: again.revision });
      assert.ok(ok.ok, JSON.stringify(ok));
      assert.ok(
        (await device.connect(gw, { scopes: ['operator.read', 'operator.admin'] })).ok,
        'granted once confirmed',
      );
      const history = await rig.core.getHistory(20);
      assert.ok(
        history.some((h) => h.deviceId === device.deviceId && h.outcome === 'approved' && h.critical),
      );
      assert.ok(history.some((h) => h.deviceId === device.deviceId && h.title === 'Approval cancelled'));
    });
  }

  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: mute (until unmuted), unmute and Not now on the real core`, async (t) => {
      const gw = await sharedGateway(version);
      const rig = await rigOn(gw);
      const device = new TestDevice({ displayName: `Mute ${version}` });
      assert.ok((await device.connect(gw, { scopes: ['operator.read'] })).ok);
      await holdUpgrades(gw, t);
      const key = deviceKey(device.deviceId);
      assert.equal((await device.connect(gw, { scopes: SHOWN })).ok, false);
      await waitFor(() => rig.ops.some((o) => o.type === 'show' && o.key === key), 15_000, 'shown');
      const ops = () => rig.ops.filter((o) => o.type !== 'test' && o.key === key).map((o) => o.type);
      assert.ok((await rig.core.mute(device.deviceId, 100 * 365 * 24 * 60)).ok, 'until I unmute');
      await waitFor(async () => (await itemOf(rig, key))?.quiet === true, 10_000, 'muted');
      const muted = await itemOf(rig, key);
      assert.equal(muted?.kind === 'device' && muted.card.mutedUntil, Number.MAX_SAFE_INTEGER);
      assert.deepEqual(ops(), ['show', 'close']);
      assert.ok((await rig.core.unmute(device.deviceId)).ok);
      await waitFor(async () => (await itemOf(rig, key))?.quiet === false, 10_000, 'unmuted');
      await waitFor(() => ops().length === 3, 10_000, 'shown again');
      assert.deepEqual(ops(), ['show', 'close', 'show']);
      assert.ok((await rig.core.notNow(device.deviceId)).ok);
      await waitFor(() => ops().length === 4, 10_000, 'closed by Not now');
      assert.equal((await itemOf(rig, key))?.snoozed, true);
      const history = await rig.core.getHistory(20);
      assert.deepEqual(
        history
          .filter((h) => h.deviceId === device.deviceId && (h.action === 'mute' || h.action === 'not-now'))
          .map((h) => h.outcome),
        ['snoozed', 'unmuted', 'muted until you unmute it'],
      );
    });
  }

  test('settings that could redirect the token or choose a program wait for confirmation', async () => {
    const gw = await sharedGateway(GATEWAY_VERSIONS[0]!);
    const rig = await rigOn(gw);
    const before = (await rig.core.getState()).settings;
    const other = before.gatewayUrl.replace('127.0.0.1', '127.0.0.2');
    rig.answer = () => false;
    assert.equal((await rig.core.updateSettings({ gatewayUrl: other })).ok, false);
    assert.equal((await rig.core.updateSettings({ openclawPath: '/bin/echo' })).ok, false);
    let s = (await rig.core.getState()).settings;
    assert.equal(s.gatewayUrl, before.gatewayUrl, 'unchanged');
    assert.equal(s.openclawPath, before.openclawPath, 'unchanged');
    assert.equal(rig.confirms.length, 2);
    rig.answer = () => true;
    assert.ok((await rig.core.updateSettings({ openclawPath: '/bin/echo' })).ok);
    assert.ok((await rig.core.updateSettings({ gatewayUrl: other })).ok);
    s = (await rig.core.getState()).settings;
    assert.equal(s.openclawPath, '/bin/echo');
    assert.equal(s.gatewayUrl, other);
    // A port change on the same host is not a new host: no question.
    const asked = rig.confirms.length;
    assert.ok((await rig.core.updateSettings({ gatewayUrl: other.replace(/:\d+$/, ':1') })).ok);
    assert.equal(rig.confirms.length, asked);
  });
});
