// Finding openclaw, its version, the configured port/bind, and the rotating supervised log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { toolchain } from '../../../test/support/toolchain.ts';
import {
  compareVersions,
  findOpenclaw,
  isTrustedDir,
  openclawCandidates,
  openclawVersion,
  parseOpenclawVersion,
} from './discovery.ts';
import { gatewayUrlFromConfig, locateOpenClawConfig, readOpenClawConfig } from '../secrets/openclawConfig.ts';
import { readGatewayEndpoint, openclawConfigPath } from './endpoint.ts';
import { launchdLabel, systemdUnit } from './names.ts';
import { execProgram } from './exec.ts';
import { RotatingLog } from './rotatingLog.ts';
import { gatewayRunArgs } from './supervisor.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-discovery-'));

function executable(file: string, body = '#!/bin/sh\necho "OpenClaw 2026.9.6 (eb377ac)"\n') {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
}

describe('openclaw discovery', () => {
  test('setting first, then PATH, then the usual install places (Homebrew, npm-global, pnpm, volta, nvm)', () => {
    const home = tmp();
    fs.mkdirSync(path.join(home, '.nvm', 'versions', 'node', 'v22.3.0', 'bin'), { recursive: true });
    fs.mkdirSync(path.join(home, '.nvm', 'versions', 'node', 'v24.1.0', 'bin'), { recursive: true });
    const c = openclawCandidates({ HOME: home, PATH: '/custom/bin' }, '/set/openclaw');
    assert.equal(c[0], '/set/openclaw');
    assert.equal(c[1], '/custom/bin/openclaw');
    for (const p of [
      '/opt/homebrew/bin/openclaw',
      '/usr/local/bin/openclaw',
      `${home}/.npm-global/bin/openclaw`,
      `${home}/.local/bin/openclaw`,
      `${home}/Library/pnpm/openclaw`,
      `${home}/.volta/bin/openclaw`,
    ]) {
      assert.ok(c.includes(p), `${p} is searched`);
    }
    const nvm = c.filter((p) => p.includes('.nvm'));
    assert.deepEqual(nvm, [
      `${home}/.nvm/versions/node/v24.1.0/bin/openclaw`,
      `${home}/.nvm/versions/node/v22.3.0/bin/openclaw`,
    ]);
  });

  test('PATH: relative entries and world-writable folders are never searched', () => {
    const home = tmp();
    const open = path.join(home, 'open');
    executable(path.join(open, 'openclaw'));
    fs.chmodSync(open, 0o777);
    const closed = path.join(home, 'closed');
    executable(path.join(closed, 'openclaw'));
    const c = openclawCandidates({ HOME: home, PATH: `bin:./x:${open}:${closed}` }, 'rel/openclaw');
    assert.ok(!c.some((p) => !path.isAbsolute(p)), `relative candidates: ${c.join(', ')}`);
    assert.equal(findOpenclaw({ HOME: home, PATH: `${open}:${closed}` }), path.join(closed, 'openclaw'));
    assert.equal(
      findOpenclaw({ HOME: home, PATH: open }, path.join(open, 'openclaw')),
      findOpenclaw({ HOME: home, PATH: '' }),
    );
    assert.equal(isTrustedDir(open), false);
    assert.equal(isTrustedDir(closed), true);
    assert.equal(isTrustedDir('bin'), false);
  });

  test('finds an executable in ~/.npm-global/bin when PATH has none; skips non-executable files', () => {
    const home = tmp();
    fs.mkdirSync(path.join(home, '.local', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(home, '.local', 'bin', 'openclaw'), 'not executable', { mode: 0o644 });
    const good = path.join(home, '.npm-global', 'bin', 'openclaw');
    executable(good);
    const found = findOpenclaw({ HOME: home, PATH: path.join(home, 'empty') });
    // /opt/homebrew and /usr/local come earlier in the list but do not exist on this machine
    assert.equal(found, fs.existsSync('/usr/local/bin/openclaw') ? '/usr/local/bin/openclaw' : good);
  });

  test('a setting that points nowhere falls back to the search', () => {
    const home = tmp();
    const good = path.join(home, 'bin', 'openclaw');
    executable(good);
    assert.equal(findOpenclaw({ HOME: home, PATH: path.join(home, 'bin') }, '/nope/openclaw'), good);
  });

  test('version of the real openclaw 2026.4.12 (`openclaw --version`)', async () => {
    const bin = toolchain().gateways['2026.4.12'];
    const env = { HOME: tmp(), PATH: `${path.dirname(toolchain().node)}:${process.env.PATH ?? ''}` };
    assert.equal(await openclawVersion(execProgram, bin, env), '2026.4.12');
  });

  test('version parsing and ordering', () => {
    assert.equal(parseOpenclawVersion('OpenClaw 2026.4.12 (1c0672b)\n'), '2026.4.12');
    assert.equal(parseOpenclawVersion('command not found'), undefined);
    assert.ok(compareVersions('2026.10.1', '2026.9.6') > 0);
    assert.ok(compareVersions('2026.4.12', '2026.8.1') < 0);
    assert.equal(compareVersions('2026.8.1', '2026.8.1'), 0);
  });
});

describe('gateway endpoint from the OpenClaw config (JSON5)', () => {
  test('port and bind from a config with comments and trailing commas', () => {
    const dir = tmp();
    const configPath = path.join(dir, 'openclaw.json');
    fs.writeFileSync(
      configPath,
      `// mine\n{\n  gateway: { port: 19001, bind: "loopback", auth: { token: "\${TOKEN}" }, },\n}\n`,
    );
    assert.deepEqual(readGatewayEndpoint({ OPENCLAW_CONFIG_PATH: configPath }), {
      port: 19001,
      bind: 'loopback',
      configPath,
      fromConfig: true,
    });
  });
  test('defaults: ~/.openclaw/openclaw.json, port 18789; a profile uses ~/.openclaw-<profile>', () => {
    const home = tmp();
    assert.equal(openclawConfigPath({ HOME: home }), path.join(home, '.openclaw', 'openclaw.json'));
    assert.equal(
      openclawConfigPath({ HOME: home, OPENCLAW_PROFILE: 'work' }),
      path.join(home, '.openclaw-work', 'openclaw.json'),
    );
    assert.equal(openclawConfigPath({ HOME: home, OPENCLAW_STATE_DIR: '/s' }), '/s/openclaw.json');
    const ep = readGatewayEndpoint({ HOME: home });
    assert.equal(ep.port, 18789);
    assert.equal(ep.fromConfig, false);
  });
  test('one port for the supervisor and the client: OPENCLAW_GATEWAY_PORT > gateway.port > default', () => {
    const dir = tmp();
    const configPath = path.join(dir, 'openclaw.json');
    fs.writeFileSync(configPath, `{ gateway: { port: 19001 } }`);
    const env = { OPENCLAW_CONFIG_PATH: configPath, OPENCLAW_GATEWAY_PORT: '19555' };
    assert.equal(readGatewayEndpoint(env).port, 19555);
    const config = readOpenClawConfig(locateOpenClawConfig(env));
    assert.equal(gatewayUrlFromConfig(config, env), 'ws://127.0.0.1:19555');
    assert.equal(readGatewayEndpoint({ OPENCLAW_CONFIG_PATH: configPath }).port, 19001);
    assert.equal(gatewayUrlFromConfig(config, { OPENCLAW_CONFIG_PATH: configPath }), 'ws://127.0.0.1:19001');
  });
  test('an OPENCLAW_PROFILE that could leave its folder or break a label is refused', () => {
    const home = tmp();
    for (const bad of ['../x', 'a/b', '..', '-x', 'a b', 'x\u202e', 'a'.repeat(65), '.hidden']) {
      const env = { HOME: home, OPENCLAW_PROFILE: bad };
      assert.throws(() => openclawConfigPath(env), /OPENCLAW_PROFILE is not a valid profile name/, bad);
      assert.throws(() => launchdLabel(env), /not a valid profile name/, bad);
      assert.throws(() => systemdUnit(env), /not a valid profile name/, bad);
      assert.throws(() => readGatewayEndpoint(env), /not a valid profile name/, bad);
    }
    for (const good of ['work', 'dev', 'team-2.prod_x', 'A1']) {
      assert.equal(launchdLabel({ HOME: home, OPENCLAW_PROFILE: good }), `ai.openclaw.${good}`);
    }
  });
  test('the run command uses them and never --force', () => {
    assert.deepEqual(gatewayRunArgs(19001, 'loopback'), [
      'gateway',
      'run',
      '--port',
      '19001',
      '--bind',
      'loopback',
    ]);
    assert.deepEqual(gatewayRunArgs(undefined, undefined), ['gateway', 'run']);
  });
});

describe('rotating log', () => {
  test('rotates past the size cap and keeps a fixed number of generations', () => {
    const dir = tmp();
    const log = new RotatingLog({ dir, maxBytes: 100, generations: 2 });
    for (let i = 0; i < 12; i++) log.note(`line ${i} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(dir).sort();
    assert.deepEqual(files, ['gateway.log', 'gateway.log.1', 'gateway.log.2']);
    for (const f of files) assert.ok(fs.statSync(path.join(dir, f)).size <= 150, `${f} is capped`);
    assert.match(fs.readFileSync(path.join(dir, 'gateway.log.1'), 'utf8'), /line/);
  });
  test('appended output lands as it is and rotates like the notes', () => {
    const dir = tmp();
    const log = new RotatingLog({ dir, maxBytes: 50, generations: 1 });
    log.append('a'.repeat(80) + '\n');
    log.append('after\n');
    assert.equal(fs.readFileSync(log.file, 'utf8'), 'after\n');
    assert.equal(fs.readFileSync(`${log.file}.1`, 'utf8').length, 81);
  });
});
