// SecretStore against a real Secret Service (private dbus-daemon + gnome-keyring-daemon).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startKeyring, type KeyringFixture } from '../../../test/support/keyring.ts';
import { scanForSecrets } from '../../../test/support/secretScan.ts';
import { SecretStoreError } from './errors.ts';
import { clientCredentials, secretsView } from './forCore.ts';
import { SecretStore, accounts, gatewayKey } from './secretStore.ts';

const GW_A = 'ws://127.0.0.1:18789';
const GW_B = 'ws://127.0.0.1:19001/';
const secret = (): string => randomBytes(24).toString('base64url');
const written: string[] = [];
const remember = (s: string): string => (written.push(s), s);

async function rejectsWith(p: Promise<unknown>, code: string, leaked: string[] = []): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof SecretStoreError, `expected SecretStoreError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const s of leaked)
      assert.ok(!err.message.includes(s), 'the error message must not contain the secret');
    return true;
  });
}

let kr: KeyringFixture;
before(async () => {
  kr = await startKeyring();
});
after(async () => {
  await kr?.stop();
});

void describe('SecretStore on a real Secret Service', () => {
  void test('gateway token: set, get, replace, forget – per gateway', async () => {
    const store = new SecretStore({ service: 'Clawbar-test-token' });
    const [t1, t2, other] = [remember(secret()), remember(secret()), remember(secret())];
    assert.equal(await store.getToken(GW_A), null);
    await store.setToken(GW_A, t1);
    await store.setToken(GW_B, other);
    assert.equal(await store.getToken(GW_A), t1);
    assert.equal(
      await store.getToken('WS://127.0.0.1:18789/'),
      t1,
      'the same gateway however the URL is spelled',
    );
    await store.setToken(GW_A, t2);
    assert.equal(await store.getToken(GW_A), t2);
    await store.forgetToken(GW_A);
    assert.equal(await store.getToken(GW_A), null);
    assert.equal(await store.getToken(GW_B), other, 'forgetting one gateway leaves the other');
    await store.forgetToken(GW_A); // forgetting twice is fine
    await assert.rejects(store.setToken(GW_A, '  '), TypeError);
  });

  void test('device tokens: per role and gateway, forgotten together', async () => {
    const store = new SecretStore({ service: 'Clawbar-test-device' });
    const [op, op2, node, b] = [
      remember(secret()),
      remember(secret()),
      remember(secret()),
      remember(secret()),
    ];
    await store.setDeviceToken(GW_A, 'operator', op);
    await store.setDeviceToken(GW_A, 'node', node);
    await store.setDeviceToken(GW_A, 'custom-role', op);
    await store.setDeviceToken(GW_B, 'operator', b);
    assert.equal(await store.getDeviceToken(GW_A, 'operator'), op);
    await store.setDeviceToken(GW_A, 'operator', op2);
    assert.equal(await store.getDeviceToken(GW_A, 'operator'), op2);
    assert.equal(await store.getDeviceToken(GW_A, 'node'), node);
    await store.forgetDeviceTokens(GW_A);
    assert.equal(await store.getDeviceToken(GW_A, 'operator'), null);
    assert.equal(await store.getDeviceToken(GW_A, 'node'), null);
    assert.equal(await store.getDeviceToken(GW_A, 'custom-role'), null);
    assert.equal(await store.getDeviceToken(GW_B, 'operator'), b);
  });

  void test('identity: created once, survives a new store and a keyring restart, forgotten means a new one', async () => {
    const service = 'Clawbar-test-identity';
    const first = new SecretStore({ service });
    const [a, b] = await Promise.all([first.loadOrCreateIdentity(), first.loadOrCreateIdentity()]);
    assert.equal(a.deviceId, b.deviceId, 'concurrent callers get one identity');
    remember(a.privateKeyPem);
    assert.match(a.deviceId, /^[0-9a-f]{64}$/);
    assert.equal((await new SecretStore({ service }).loadOrCreateIdentity()).deviceId, a.deviceId);

    const keyringPid = kr.keyringPid();
    await kr.restartKeyring();
    assert.notEqual(kr.keyringPid(), keyringPid, 'gnome-keyring really restarted');
    const afterRestart = await new SecretStore({ service }).loadOrCreateIdentity();
    assert.equal(afterRestart.deviceId, a.deviceId);
    assert.equal(afterRestart.publicKey, a.publicKey);

    await first.setDeviceToken(GW_A, 'operator', remember(secret()));
    await first.forgetIdentity();
    assert.equal(
      await first.getDeviceToken(GW_A, 'operator'),
      null,
      'device tokens of the old identity are gone',
    );
    const fresh = await first.loadOrCreateIdentity();
    remember(fresh.privateKeyPem);
    assert.notEqual(fresh.deviceId, a.deviceId);
    assert.equal((await new SecretStore({ service }).loadOrCreateIdentity()).deviceId, fresh.deviceId);
  });

  void test('a locked keyring gives typed errors, and unlocking recovers', async () => {
    const store = new SecretStore({ service: 'Clawbar-test-locked' });
    const token = remember(secret());
    await store.setToken(GW_A, token);
    await kr.lock();
    assert.equal(await kr.isLocked(), true);
    try {
      await rejectsWith(store.getToken(GW_A), 'locked', [token]);
      await rejectsWith(store.setToken(GW_A, remember(secret())), 'locked');
      await rejectsWith(store.forgetToken(GW_A), 'locked');
      await rejectsWith(store.loadOrCreateIdentity(), 'locked');
      const h = await store.health();
      assert.equal(h.state, 'locked');
      assert.match(h.message ?? '', /locked/i);
    } finally {
      await kr.unlock();
    }
    assert.equal(await kr.isLocked(), false);
    assert.equal(await store.getToken(GW_A), token, 'the token is still there after unlocking');
    assert.deepEqual(await store.health(), { state: 'ok' });
  });

  void test('no Secret Service at all: unavailable, and nothing lands anywhere else', () => {
    // The keyring library keeps its D-Bus connection for the life of a process, so this runs in a
    // fresh Node process whose session bus address points nowhere.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-nobus-'));
    const token = remember(secret());
    const script = `
      import { SecretStore, accounts } from ${JSON.stringify(path.join(import.meta.dirname, 'secretStore.ts'))};
      import { createRequire } from 'node:module';
      const store = new SecretStore({ service: 'Clawbar-test-nobus' });
      const out = {};
      const code = (p) => p.then(() => 'resolved', (e) => e.code + ': ' + e.message);
      out.set = await code(store.setToken(${JSON.stringify(GW_A)}, process.env.T));
      out.get = await code(store.getToken(${JSON.stringify(GW_A)}));
      out.identity = await code(store.loadOrCreateIdentity());
      out.forget = await code(store.forgetDeviceTokens(${JSON.stringify(GW_A)}));
      out.health = await store.health();
      // The keyring library's silent fallback (the kernel keyring) must not have been used.
      const { AsyncEntry } = createRequire(${JSON.stringify(import.meta.url)})('@napi-rs/keyring');
      out.kernel = await new AsyncEntry('Clawbar-test-nobus', accounts.token(${JSON.stringify(GW_A)}), { linux: { store: 'keyutils' } }).getPassword();
      console.log(JSON.stringify(out));
    `;
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: work,
        T: token,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(work, 'no-bus')}`,
      },
      timeout: 60_000,
    });
    assert.equal(res.status, 0, res.stderr);
    const out = JSON.parse(res.stdout) as Record<string, unknown>;
    for (const op of ['set', 'get', 'identity', 'forget']) {
      assert.match(String(out[op]), /^unavailable: .*Secret Service/, `${op}: ${String(out[op])}`);
      assert.ok(!String(out[op]).includes(token));
    }
    const health = out.health as { state: string; message: string };
    assert.equal(health.state, 'unavailable');
    assert.equal(out.kernel, null);
    assert.ok(!res.stdout.includes(token) && !res.stderr.includes(token));
    assert.deepEqual(fs.readdirSync(work), [], 'no file appeared in HOME / the working directory');
  });

  void test('the gateway client credentials and the panel view read the same keychain', async () => {
    const store = new SecretStore({ service: 'Clawbar-test-core' });
    const creds = clientCredentials(store, GW_A);
    assert.equal(await creds.sharedToken(), undefined);
    let view = await secretsView(store, GW_A);
    assert.deepEqual([view.state, view.tokenPresent, view.deviceTokenPresent], ['ok', false, false]);
    const token = remember(secret());
    const deviceToken = remember(secret());
    await store.setToken(GW_A, token);
    await creds.saveDeviceToken('operator', deviceToken);
    assert.equal(await creds.sharedToken(), token);
    assert.equal(await creds.deviceToken('operator'), deviceToken);
    view = await secretsView(store, GW_A, 'config');
    const id = await store.loadOrCreateIdentity();
    remember(id.privateKeyPem);
    assert.deepEqual(view, {
      state: 'ok',
      tokenPresent: true,
      deviceTokenPresent: true,
      tokenSource: 'config',
      identity: { deviceId: id.deviceId, publicKey: id.publicKey },
    });
    assert.ok(!JSON.stringify(view).includes(token) && !JSON.stringify(view).includes(deviceToken));
    await kr.lock();
    try {
      view = await secretsView(store, GW_A, 'config');
      assert.deepEqual([view.state, view.tokenPresent], ['locked', false]);
      assert.match(view.message ?? '', /locked/i);
    } finally {
      await kr.unlock();
    }
  });

  void test('account names say what they hold', () => {
    assert.equal(gatewayKey('WS://LocalHost:18789/'), 'ws://localhost:18789');
    assert.equal(accounts.token(GW_A), 'gateway-token ws://127.0.0.1:18789');
    assert.equal(accounts.deviceToken(GW_B, 'operator'), 'device-token operator ws://127.0.0.1:19001');
    assert.throws(() => gatewayKey('ws://user:pw@127.0.0.1:1'), TypeError);
  });

  void test('no secret written by these tests is readable in the keyring files or the working directory', () => {
    assert.ok(written.length >= 10);
    const hits = scanForSecrets([kr.dir, process.cwd() + '/electron/core/secrets'], written);
    assert.deepEqual(hits, []);
  });
});
