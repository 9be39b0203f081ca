// One owner of notification state, on the whole core against both real gateways: a device's item goes
// show → update (it widens its request) → close, and the shell's notifier receives exactly those ops
// with the item's revision on each; an Approve from a notification that showed an older revision
// approves nothing, says why, brings the notification up to date and shows the card.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreRig, type CoreRig } from '../../../test/support/coreRig.ts';
import { coreSuite, holdUpgrades } from '../../../test/support/coreSuite.ts';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { shellNotifier, type ShellNotifier } from '../../../test/support/shellNotifier.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { SETTLE_MS } from '../inbox/settle.ts';
import { deviceKey } from '../pairing/inboxItem.ts';

const suite = coreSuite();

/** The core's recorded ops and focus requests, and the shell's notifier on it. */
type Shell = CoreRig & ShellNotifier;

/** The real core (real keychain fixture, temp data dir) connected to `gw`, with the shell's notifier on it. */
async function shellOn(gw: TestGateway): Promise<Shell> {
  let notifier: ShellNotifier | undefined;
  const rig = await coreRig(
    gw,
    suite.keyring(),
    {},
    {
      beforeStart: (core) => {
        suite.onEnd(() => core.dispose());
        notifier = shellNotifier(core);
      },
    },
  );
  assert.ok(notifier);
  return { ...rig, ...notifier };
}

/** A device paired at operator.read (silently, before upgrades are held). */
async function pairedAtRead(gw: TestGateway, displayName: string): Promise<TestDevice> {
  const d = new TestDevice({ displayName });
  const r = await d.connect(gw, { scopes: ['operator.read'] });
  assert.ok(r.ok, `${displayName} paired at operator.read: ${JSON.stringify(r)}`);
  return d;
}

const opsOf = (shell: Shell, key: string) =>
  shell.ops
    .filter((o) => o.type !== 'test' && o.key === key)
    .map((o) => `${o.type}@${'revision' in o ? o.revision : ''}`);

/** The device asks for approvals, then widens to approvals + write: the item's revisions 1 and 2. */
async function widening(gw: TestGateway, shell: Shell, device: TestDevice): Promise<string> {
  const key = deviceKey(device.deviceId);
  assert.equal((await device.connect(gw, { scopes: ['operator.approvals'] })).ok, false);
  await waitFor(() => opsOf(shell, key).length === 1, 10_000, 'the show op');
  assert.equal((await device.connect(gw, { scopes: ['operator.approvals', 'operator.write'] })).ok, false);
  await waitFor(() => opsOf(shell, key).length === 2, 10_000, 'the update op');
  return key;
}

describe('one owner of notification state (whole core, real gateway)', { concurrency: false }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: show → update (widened) → close, each with the item's revision; Approve from the notification approves the shown revision`, async (t) => {
      const gw = await sharedGateway(version);
      const shell = await shellOn(gw);
      const device = await pairedAtRead(gw, `Inbox ${version}`);
      await holdUpgrades(gw, t);
      const key = await widening(gw, shell, device);
      const item = (await shell.core.getState()).inbox.find((i) => i.key === key);
      assert.equal(item?.revision, 2);
      // The person presses Approve on the notification the shell shows now (revision 2).
      const shown = shell.created.at(-1)!;
      assert.deepEqual(
        shown.options.actions?.map((a) => a.text),
        ['Approve', 'Not now'],
      );
      // Approve counts once the notification has been on screen long enough to read.
      await new Promise((r) => setTimeout(r, SETTLE_MS + 100));
      shown.pressButton(0);
      await shell.handled();
      await waitFor(() => opsOf(shell, key).length >= 3, 10_000, 'the close op');
      // Give a stray op time to show up before asserting there is none.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(opsOf(shell, key), ['show@1', 'update@2', 'close@2']);
      const ok = await device.connect(gw, { scopes: ['operator.approvals', 'operator.write'] });
      assert.ok(ok.ok, `the device connects with what was approved: ${JSON.stringify(ok)}`);
    });

    test(`${version}: Approve from a notification that showed an older revision approves nothing`, async (t) => {
      const gw = await sharedGateway(version);
      const shell = await shellOn(gw);
      const device = await pairedAtRead(gw, `Stale ${version}`);
      await holdUpgrades(gw, t);
      const key = await widening(gw, shell, device);
      // A click on the revision-1 notification that raced its update reaches the core.
      await shell.core.onNotificationAction(key, 1, 'approve');
      const s = await shell.core.getState();
      const item = s.inbox.find((i) => i.key === key);
      assert.equal(item?.revision, 2, 'still waiting, at its current revision');
      assert.equal(item?.kind === 'device' && item.card.busy, undefined);
      const dev = s.devices.find((d) => d.deviceId === device.deviceId);
      assert.ok(dev && !dev.scopes.includes('operator.approvals'), 'nothing was granted');
      assert.ok(
        s.notices.some((n) =>
          new RegExp(
            `^“Stale ${version}” changed what it asks \\d+\\.\\d s ago — look again; nothing was approved\\.$`,
          ).test(n.message),
        ),
        JSON.stringify(s.notices),
      );
      assert.deepEqual(shell.focus.at(-1), { view: 'pending', key });
      assert.deepEqual(
        opsOf(shell, key),
        ['show@1', 'update@2', 'update@2'],
        'the notification is brought up to date',
      );
      assert.equal(
        (await device.connect(gw, { scopes: ['operator.approvals'] })).ok,
        false,
        'still not allowed',
      );
      const card = item?.kind === 'device' ? item.card : undefined;
      assert.ok(card);
      assert.ok((await shell.core.reject(device.deviceId, card.requestId)).ok);
      await waitFor(() => opsOf(shell, key).length === 4, 10_000, 'the close op');
      assert.equal(opsOf(shell, key).at(-1), 'close@2');
    });
  }
});
