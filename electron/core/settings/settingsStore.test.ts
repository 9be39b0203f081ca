import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { scanForSecrets } from '../../../test/support/secretScan.ts';
import { activeMutes, defaultSettings, settingsView, type SettingsPatch } from './schema.ts';
import { SETTINGS_FILE, SettingsError, SettingsStore } from './settingsStore.ts';

const dirs: string[] = [];
function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-settings-'));
  dirs.push(d);
  return d;
}
const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

void describe('SettingsStore', () => {
  void test('no file: defaults, no notice, nothing written', async () => {
    const dir = dataDir();
    const { settings, notices } = await new SettingsStore(dir).load();
    assert.deepEqual(settings, defaultSettings());
    assert.equal(settings.gatewayUrl, 'ws://127.0.0.1:18789');
    assert.deepEqual(notices, []);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  void test('update is validated, written atomically and read back by a new store', async () => {
    const dir = dataDir();
    const store = new SettingsStore(dir);
    await store.load();
    const s = await store.update({
      gatewayUrl: 'ws://127.0.0.1:19999',
      launchAtLogin: true,
      keepRunning: 'launchd',
    });
    assert.equal(s.gatewayUrl, 'ws://127.0.0.1:19999');
    await store.update({
      mutedDevices: { dev1: { until: 2000 }, dev2: { until: 500 } },
      ignoredDevices: ['dev3'],
    });
    await store.update({ openclawPath: '/opt/openclaw' });
    await store.update({ tokenSources: { 'ws://127.0.0.1:19999': 'config' } });
    assert.deepEqual(fs.readdirSync(dir), [SETTINGS_FILE], 'no temp file left behind');
    assert.equal(fs.statSync(path.join(dir, SETTINGS_FILE)).mode & 0o777, 0o600);

    const again = await new SettingsStore(dir).load();
    assert.deepEqual(again.notices, []);
    assert.equal(again.settings.launchAtLogin, true);
    assert.equal(again.settings.openclawPath, '/opt/openclaw');
    assert.deepEqual(activeMutes(again.settings, 1000), { dev1: { until: 2000 } });
    assert.deepEqual(again.settings.ignoredDevices, ['dev3']);
    assert.deepEqual(settingsView(again.settings), {
      gatewayUrl: 'ws://127.0.0.1:19999',
      startGatewayWithClawbar: true,
      keepRunning: 'launchd',
      stopSupervisedOnQuit: true,
      launchAtLogin: true,
      notifications: true,
      confirmEveryApproval: false,
      allowInsecureRemote: false,
      openclawPath: '/opt/openclaw',
    });
    await store.update({ openclawPath: null });
    assert.equal((await new SettingsStore(dir).load()).settings.openclawPath, undefined);
  });

  void test('concurrent updates all land', async () => {
    const dir = dataDir();
    const store = new SettingsStore(dir);
    await store.load();
    await Promise.all([
      store.update({ notifications: false }),
      store.update({ launchAtLogin: true }),
      store.update({ stopSupervisedOnQuit: false }),
    ]);
    const s = (await new SettingsStore(dir).load()).settings;
    assert.deepEqual([s.notifications, s.launchAtLogin, s.stopSupervisedOnQuit], [false, true, false]);
  });

  void test('a token is refused, whatever key or URL it hides in', async () => {
    const dir = dataDir();
    const store = new SettingsStore(dir);
    await store.load();
    await store.update({ notifications: false });
    const before = fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8');
    const attempts: unknown[] = [
      { token: TOKEN },
      { gatewayToken: TOKEN },
      { deviceToken: TOKEN },
      { password: TOKEN },
      { privateKey: TOKEN },
      { gatewayUrl: `ws://user:${TOKEN}@127.0.0.1:18789` },
      { gatewayUrl: `ws://127.0.0.1:18789/?token=${TOKEN}` },
    ];
    for (const patch of attempts) {
      await assert.rejects(store.update(patch as SettingsPatch), (err: unknown) => {
        assert.ok(err instanceof SettingsError);
        assert.equal(
          err.code,
          'secret-refused',
          `${JSON.stringify(Object.keys(patch as object))}: ${err.message}`,
        );
        assert.match(err.message, /keychain/);
        assert.ok(!err.message.includes(TOKEN), 'the message does not repeat the secret');
        return true;
      });
    }
    await assert.rejects(
      store.update({ surprise: 1 } as SettingsPatch),
      (err: unknown) => err instanceof SettingsError && err.code === 'invalid',
    );
    await assert.rejects(store.update({ keepRunning: 'cron' } as unknown as SettingsPatch), SettingsError);
    assert.equal(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'), before, 'the file is unchanged');
    assert.equal(store.get().notifications, false);
  });

  void test('a secret put into the file by hand is removed on load, with a notice', async () => {
    const dir = dataDir();
    fs.writeFileSync(
      path.join(dir, SETTINGS_FILE),
      JSON.stringify({ version: 1, notifications: false, token: TOKEN }),
    );
    const { settings, notices } = await new SettingsStore(dir).load();
    assert.equal(settings.notifications, false, 'the rest of the settings is kept');
    assert.equal(notices.length, 1);
    assert.equal(notices[0]?.level, 'warning');
    assert.match(notices[0]?.message ?? '', /keychain/);
    assert.ok(!fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8').includes(TOKEN));
  });

  for (const [name, content] of [
    ['truncated JSON', '{"version": 1, "gatewayUrl": "ws://127.0.0.1:1'],
    ['not an object', '[1, 2, 3]'],
    ['a wrong type', '{"version": 1, "notifications": "yes"}'],
    ['a future schema version', '{"version": 7}'],
    ['binary garbage', '\u0000\u00ff\u0001PK'],
  ] as const) {
    void test(`a corrupt file (${name}) is moved aside, defaults are used, and a notice says so`, async () => {
      const dir = dataDir();
      const file = path.join(dir, SETTINGS_FILE);
      fs.writeFileSync(file, content);
      const store = new SettingsStore(dir);
      const { settings, notices } = await store.load();
      assert.deepEqual(settings, defaultSettings());
      assert.equal(notices.length, 1);
      assert.equal(notices[0]?.id, 'settings-corrupt');
      assert.equal(notices[0]?.level, 'warning');
      const aside = fs.readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
      assert.equal(aside.length, 1);
      assert.match(notices[0]?.message ?? '', new RegExp(aside[0]!.replace(/\./g, '\\.')));
      assert.equal(
        fs.readFileSync(path.join(dir, aside[0]!), 'utf8'),
        content,
        'the old file is kept as it was',
      );
      assert.equal(fs.existsSync(file), false);
      await store.update({ notifications: false });
      assert.equal(
        (await new SettingsStore(dir).load()).notices.length,
        0,
        'the next write produces a good file',
      );
    });
  }

  void test('a corrupt file holding a token: the notice does not quote it', async () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), `{"gatewayUrl": "${TOKEN}" oops`);
    const { notices } = await new SettingsStore(dir).load();
    assert.equal(notices[0]?.id, 'settings-corrupt');
    assert.ok(!notices[0]?.message.includes(TOKEN));
    // The moved-aside file is the user's own; remove it so the scan below covers what Clawbar wrote.
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
  });

  void test('nothing the stores wrote in these tests holds the token (settings files, temp and moved-aside files)', () => {
    assert.ok(dirs.length >= 8);
    assert.deepEqual(scanForSecrets(dirs, [TOKEN]), []);
  });
});
