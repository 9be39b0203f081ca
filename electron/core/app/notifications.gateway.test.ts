// One owner of notification state, on the whole core against both real gateways: a device's item goes
// show → update (it widens its request) → close, and the shell's notifier receives exactly those ops
// with the item's revision on each; an Approve from a notification that showed an older revision
// approves nothing, says why, brings the notification up to date and shows the card.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NotificationConstructorOptions } from 'electron';
import { after, before, describe, test, type TestContext } from 'node:test';
import { TestDevice } from '../../../test/support/device.ts';
import {
  sharedGateway,
  stopOwnedGateways,
  tempDir,
  type TestGateway,
} from '../../../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../../../test/support/keyring.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { createNotifier, type NotificationLike } from '../../shell/notifications.ts';
import type { FocusRequest } from '../contract/contract.ts';
import { SETTLE_MS } from '../inbox/settle.ts';
import { deviceKey } from '../pairing/inboxItem.ts';
import type { NotificationOp } from '../present/types.ts';
import { createCore } from './createCore.ts';
import type { ClawbarCore } from './types.ts';

const cleanups: (() => Promise<void>)[] = [];
let kr: KeyringFixture;
before(async () => {
  kr = await startKeyring();
});
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await kr?.stop();
  await stopOwnedGateways();
});

/** Electron's Notification, replaced at the shell's import boundary. */
class FakeNotification implements NotificationLike {
  readonly options: NotificationConstructorOptions;
  private readonly handlers = new Map<string, (...args: never[]) => void>();
  constructor(options: NotificationConstructorOptions) {
    this.options = options;
  }
  show(): void {}
  close(): void {}
  on(event: string, listener: (...args: never[]) => void): this {
    this.handlers.set(event, listener);
    return this;
  }
  pressButton(index: number): void {
    (this.handlers.get('action') as ((d: { actionIndex: number }) => void) | undefined)?.({
      actionIndex: index,
    });
  }
}

interface Shell {
  core: ClawbarCore;
  /** Every op the shell's notifier was given, in order. */
  ops: NotificationOp[];
  created: FakeNotification[];
  focus: FocusRequest[];
  /** Settles when the last notification action reported to the core has been handled. */
  handled: () => Promise<void>;
}

/** The real core (real keychain fixture, temp data dir) connected to `gw`, with the shell's notifier on it. */
async function shellOn(gw: TestGateway): Promise<Shell> {
  const dataDir = tempDir('clawbar-inbox-');
  const logDir = path.join(dataDir, 'logs');
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ gatewayUrl: gw.url, startGatewayWithClawbar: false, keepRunning: 'none' }),
  );
  const core = createCore({
    dataDir,
    logDir,
    platform: { platform: 'linux' },
    env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: kr.busAddress },
    appVersion: '0.1.0-test',
    keychainService: `Clawbar-inbox-${randomBytes(4).toString('hex')}`,
  });
  cleanups.push(() => core.dispose());
  const ops: NotificationOp[] = [];
  const created: FakeNotification[] = [];
  const focus: FocusRequest[] = [];
  let last: Promise<void> = Promise.resolve();
  const notifier = createNotifier({
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    onAction: (key, revision, action) => {
      last = core.onNotificationAction(key, revision, action);
    },
    onFailed: () => undefined,
  });
  core.onNotification((op) => {
    ops.push(op);
    notifier.apply(op);
  });
  core.on('focus', (f) => focus.push(f));
  await core.start();
  const set = await core.setToken(gw.token);
  assert.ok(set.ok, JSON.stringify(set));
  for (const deadline = Date.now() + 20_000; (await core.getState()).connection.kind !== 'connected';) {
    assert.ok(Date.now() < deadline, 'the core connected');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { core, ops, created, focus, handled: () => last };
}

/** A device paired at operator.read (silently, before upgrades are held). */
async function pairedAtRead(gw: TestGateway, displayName: string): Promise<TestDevice> {
  const d = new TestDevice({ displayName });
  const r = await d.connect(gw, { scopes: ['operator.read'] });
  assert.ok(r.ok, `${displayName} paired at operator.read: ${JSON.stringify(r)}`);
  return d;
}

/** Scope upgrades wait for approval: 4.12 by default, 9.6 with autoApproveLocal off until the test ends. */
async function holdUpgrades(gw: TestGateway, t: TestContext): Promise<void> {
  if (gw.version === '2026.4.12') return;
  await gw.setAutoApproveLocal(false);
  t.after(() => gw.setAutoApproveLocal(true));
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
