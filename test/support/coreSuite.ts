// What the whole-core gateway suites share: one Secret Service for the file, the rigs they started
// (disposed at the end), a way to hold a 9.6 gateway's quiet local upgrades for one test, and the
// card of a device once the core lists it.
import assert from 'node:assert/strict';
import { after, before, type TestContext } from 'node:test';
import type { InboxItem } from '../../electron/core/contract/views.ts';
import { SETTLE_MS } from '../../electron/core/inbox/settle.ts';
import { deviceKey } from '../../electron/core/pairing/inboxItem.ts';
import { coreRig, type CoreRig } from './coreRig.ts';
import { stopOwnedGateways, type TestGateway } from './gateway.ts';
import { startKeyring, type KeyringFixture } from './keyring.ts';
import { waitFor } from './waitFor.ts';

export interface CoreSuite {
  /** A real core connected to `gw` (disposed when the file's tests end). */
  rigOn: (gw: TestGateway, settings?: object) => Promise<CoreRig>;
  keyring: () => KeyringFixture;
  /** Runs `cleanup` when the file's tests end (newest first, before the keyring stops). */
  onEnd: (cleanup: () => Promise<unknown>) => void;
}

/** Registers the file's before/after hooks; call once at the top level of a test file. */
export function coreSuite(): CoreSuite {
  let kr: KeyringFixture | undefined;
  const rigs: CoreRig[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  before(async () => {
    kr = await startKeyring();
  });
  after(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    for (const r of rigs.splice(0)) await r.core.dispose().catch(() => undefined);
    await kr?.stop();
    await stopOwnedGateways();
  });
  const keyring = () => {
    if (!kr) throw new Error('coreSuite: the keyring starts in before()');
    return kr;
  };
  return {
    keyring,
    onEnd: (cleanup) => cleanups.push(cleanup),
    rigOn: async (gw, settings = {}) => {
      const rig = await coreRig(gw, keyring(), settings);
      rigs.push(rig);
      return rig;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * 2026.8.1+ approves a local device's scope upgrade by itself; for one test, make it ask (4.12 always
 * asks).
 */
export async function holdUpgrades(gw: TestGateway, t: TestContext): Promise<void> {
  if (gw.version === '2026.4.12') return;
  await gw.setAutoApproveLocal(false);
  t.after(() => gw.setAutoApproveLocal(true));
}

/** A device's card once the core lists it. */
export async function cardOf(
  rig: CoreRig,
  deviceId: string,
): Promise<Extract<InboxItem, { kind: 'device' }>> {
  let item: InboxItem | undefined;
  await waitFor(
    async () =>
      (item = (await rig.core.getState()).inbox.find((i) => i.key === deviceKey(deviceId))) !== undefined,
    15_000,
    'the card',
  );
  assert.ok(item?.kind === 'device');
  return item;
}

/** Approves exactly what a device card shows, once its revision has settled; asserts it went through. */
export async function approveSettled(
  rig: CoreRig,
  item: Extract<InboxItem, { kind: 'device' }>,
): Promise<void> {
  await sleep(item.revisedAt + SETTLE_MS + 100 - Date.now());
  const approved = await rig.core.approve({
    deviceId: item.card.deviceId,
    publicKey: item.card.publicKey,
    role: item.card.role,
    scopes: [...item.card.scopes],
    revision: item.revision,
  });
  assert.ok(approved.ok, JSON.stringify(approved));
}
