// Issue #8, scenarios 3 and 4, on the whole core (createCore) with a real Secret Service and the
// run's shared 2026.4.12 gateway: the keychain locked while connected, and a corrupt settings file
// at start.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCore } from '../../electron/core/app/createCore.ts';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import type { AppState } from '../../electron/core/contract/views.ts';
import { GatewayClient } from '../../electron/core/gateway/client.ts';
import { generateIdentity } from '../../electron/core/gateway/identity.ts';
import { SecretStore } from '../../electron/core/secrets/secretStore.ts';
import { defaultSettings, settingsView } from '../../electron/core/settings/schema.ts';
import { coreRig } from '../support/coreRig.ts';
import { sharedGateway, stopOwnedGateways, tempDir, type TestGateway } from '../support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import { memoryCredentials } from '../support/memoryCredentials.ts';
import { scanForSecrets } from '../support/secretScan.ts';

const cleanups: (() => Promise<void>)[] = [];
let kr: KeyringFixture;
let gw: TestGateway;
before(async () => {
  // Before anything touches the keychain in this process.
  kr = await startKeyring();
  gw = await sharedGateway('2026.4.12');
});
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await kr?.stop();
  await stopOwnedGateways(); // the shared gateway, when this file started it (run on its own)
});

/** Polls the core's state until `pred` holds. */
async function stateWhere(
  core: ClawbarCore,
  pred: (s: AppState) => boolean,
  timeoutMs: number,
  what: string,
): Promise<AppState> {
  const deadline = Date.now() + timeoutMs;
  let s = await core.getState();
  while (!pred(s)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(s.connection)}`);
    await new Promise((r) => setTimeout(r, 50));
    s = await core.getState();
  }
  return s;
}

function coreOn(dataDir: string, logDir: string, service: string): ClawbarCore {
  const core = createCore({
    dataDir,
    logDir,
    platform: { platform: 'linux' },
    env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: kr.busAddress },
    appVersion: '0.1.0-faults',
    keychainService: service,
  });
  cleanups.push(() => core.dispose());
  return core;
}

/** Lines the core logged for each failed connection attempt ending in `kind`. */
function failures(logDir: string, kind: string): string[] {
  const file = path.join(logDir, 'clawbar.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(`gateway connection: ${kind} (`));
}

describe('fault: the keychain is locked while Clawbar is connected', () => {
  test('a clear keychain state, no reconnect loop, no secret in any file; unlock + Reconnect connects', async (t) => {
    const {
      core,
      dataDir,
      keychainService: service,
    } = await coreRig(gw, kr, {}, { beforeStart: (c) => cleanups.push(() => c.dispose()) });
    const logDir = path.join(dataDir, 'logs');
    const up = await stateWhere(core, (s) => s.connection.kind === 'connected', 20_000, 'connected');
    const clawbarId = up.secrets.identity?.deviceId;
    assert.ok(clawbarId, 'Clawbar has an identity');

    await kr.lock();
    t.after(async () => {
      if (await kr.isLocked()) await kr.unlock(); // the next test needs it, whatever happened here
    });
    assert.equal(await kr.isLocked(), true);
    // The gateway drops Clawbar (its device record is removed from another admin connection: 4001), so
    // its reconnect has to read the token from the now locked keychain.
    const admin = new GatewayClient({
      url: gw.url,
      identity: generateIdentity(),
      credentials: memoryCredentials(gw.token),
    });
    cleanups.push(() => admin.stop());
    admin.start();
    const adminUp = Date.now() + 20_000;
    while (admin.state.kind !== 'connected' && Date.now() < adminUp)
      await new Promise((r) => setTimeout(r, 50));
    await admin.call('device.pair.remove', { deviceId: clawbarId });
    await admin.stop();

    const locked = await stateWhere(
      core,
      (s) => s.connection.kind === 'auth-failed',
      15_000,
      'auth-failed after the drop',
    );
    assert.ok(locked.connection.kind === 'auth-failed');
    assert.equal(locked.connection.code, 'KEYCHAIN_UNAVAILABLE');
    assert.match(locked.connection.message, /keychain/i);
    assert.match(locked.connection.nextStep ?? '', /Unlock the keychain/);
    // No loop: the attempts stop by themselves.
    await new Promise((r) => setTimeout(r, 3000));
    const settled = failures(logDir, 'auth-failed').length;
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(failures(logDir, 'auth-failed').length, settled, 'no attempt in 3 s of waiting');
    assert.equal(settled, 1, `one attempt reads the locked keychain, then Clawbar waits (${settled})`);

    // Reconnect while still locked: the panel shows the keychain's state, and one attempt only.
    const r = await core.reconnect();
    assert.ok(r.ok);
    const shown = await stateWhere(core, (s) => s.secrets.state === 'locked', 5000, 'secrets: locked');
    assert.match(shown.secrets.message ?? '', /lock/i);
    await new Promise((res) => setTimeout(res, 2000));
    assert.equal(failures(logDir, 'auth-failed').length, settled + 1, 'one attempt per Reconnect');
    assert.equal((await core.getState()).connection.kind, 'auth-failed');

    await kr.unlock();
    const again = await core.reconnect();
    assert.ok(again.ok);
    const back = await stateWhere(
      core,
      (s) => s.connection.kind === 'connected' && s.secrets.state === 'ok',
      20_000,
      'connected again after unlocking',
    );
    assert.equal(back.secrets.identity?.deviceId, clawbarId, 'the same identity, re-paired');

    // Nothing secret reached the data or log folders (token, device token, private key).
    const store = new SecretStore({ service });
    const deviceToken = await store.getDeviceToken(gw.url, 'operator');
    const identity = await store.loadOrCreateIdentity();
    assert.ok(deviceToken, 'a device token is in the keychain');
    const secrets = [gw.token, deviceToken, identity.privateKeyPem];
    assert.deepEqual(scanForSecrets([dataDir, logDir], secrets), []);
    assert.ok(failures(logDir, 'auth-failed').length > 0, 'the scan read the log that was written');
  });
});

describe('fault: a corrupt settings.json at start', () => {
  test('starts with defaults, shows a notice, keeps the bad file aside', async () => {
    const dataDir = tempDir('clawbar-faults-settings-');
    const logDir = path.join(dataDir, 'logs');
    const marker = `not-a-setting-${randomBytes(6).toString('hex')}`;
    const garbage = Buffer.concat([
      Buffer.from(`{"gatewayUrl": "ws://127.0.0.1:1", "notifications": false, "${marker}": [1, 2,`),
      randomBytes(64),
    ]);
    fs.writeFileSync(path.join(dataDir, 'settings.json'), garbage);
    const core = coreOn(dataDir, logDir, `Clawbar-faults-${randomBytes(4).toString('hex')}`);
    await core.start();
    const s = await core.getState();

    // Defaults, except the gateway address, which a fresh install reads from the OpenClaw config.
    assert.deepEqual(s.settings, settingsView({ ...defaultSettings(), gatewayUrl: gw.url }));
    const n = s.notices.find((x) => x.id === 'settings-corrupt');
    assert.ok(n, `a notice: ${JSON.stringify(s.notices)}`);
    assert.equal(n.level, 'warning');
    assert.match(n.message, /reset to defaults because it is not valid JSON/);
    const aside = fs.readdirSync(dataDir).filter((f) => f.startsWith('settings.json.corrupt-'));
    assert.equal(aside.length, 1, `the bad file moved aside: ${fs.readdirSync(dataDir).join(', ')}`);
    assert.ok(n.message.includes(aside[0]!), 'the notice names the kept file');
    assert.ok(!n.message.includes(marker), 'the notice does not echo the file contents');
    assert.deepEqual(fs.readFileSync(path.join(dataDir, aside[0]!)), garbage, 'kept byte for byte');
    const now = path.join(dataDir, 'settings.json');
    if (fs.existsSync(now)) {
      const saved = JSON.parse(fs.readFileSync(now, 'utf8')) as Record<string, unknown>;
      assert.equal(saved.notifications, true, 'the rewritten file holds defaults');
    }
    // The core works on: it connects to the gateway named by the OpenClaw config (no token yet).
    assert.notEqual(s.connection.kind, 'stopped');
  });
});
