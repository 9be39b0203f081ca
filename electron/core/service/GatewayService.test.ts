// The facade over stand-in launchctl / systemctl / openclaw executables: mode choice, the view and
// its findings, actions, and ensureRunning picking install / repair / start. (The supervised mode
// against the real gateway is in supervised.test.ts.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { freePortRange } from '../../../test/support/ports.ts';
import { STANDINS_DIR, standins, type Standins } from '../../../test/support/standins/standins.ts';
import type { ServiceView } from '../contract/views.ts';
import { GatewayService, type ServiceSettings } from './GatewayService.ts';

const UID = 501;
const LABEL = 'ai.openclaw.gateway';
let s: Standins;
let port: number;
const services: GatewayService[] = [];
after(async () => {
  for (const svc of services) await svc.dispose();
});

const settings = (o: Partial<ServiceSettings> = {}): ServiceSettings => ({
  keepRunning: 'auto',
  startGatewayWithClawbar: true,
  stopSupervisedOnQuit: true,
  ...o,
});

function service(platform: NodeJS.Platform, o: Partial<ServiceSettings> = {}) {
  const svc = new GatewayService({
    platform,
    uid: UID,
    env: s.env,
    settings: settings(o),
    logDir: path.join(s.dir, 'logs'),
    tools: s.tools,
    readyTimeoutMs: 600,
  });
  services.push(svc);
  return svc;
}

const plistPath = () => path.join(s.home, 'Library', 'LaunchAgents', `${LABEL}.plist`);
function launchAgent(state: Record<string, unknown>, plist = true) {
  s.setState('launchctl', {
    uid: UID,
    label: LABEL,
    plist: plistPath(),
    loaded: false,
    disabled: false,
    state: 'not running',
    runs: 0,
    lastExit: null,
    ...state,
  });
  if (plist) {
    fs.mkdirSync(path.dirname(plistPath()), { recursive: true });
    fs.writeFileSync(plistPath(), '<plist version="1.0"><dict/></plist>\n');
  }
}

beforeEach(async () => {
  s = standins();
  port = await freePortRange(1);
  const cfg = path.join(s.home, '.openclaw', 'openclaw.json');
  fs.mkdirSync(path.dirname(cfg), { recursive: true });
  fs.writeFileSync(cfg, `{ gateway: { port: ${port}, bind: "loopback" } }`);
  s.setState('openclaw', { version: '2026.9.6', platform: 'darwin' });
});

describe('GatewayService with launchd (stand-in launchctl)', () => {
  test('auto picks the LaunchAgent; a dropped agent shows "not loaded" with Repair; repair fixes it', async () => {
    launchAgent({ loaded: false });
    const svc = service('darwin');
    const v = await svc.status();
    assert.equal(v.mode, 'launchd');
    assert.equal(v.chosen, 'auto');
    assert.equal(v.openclawPath, path.join(STANDINS_DIR, 'openclaw'));
    assert.equal(v.openclawVersion, '2026.9.6');
    assert.equal(v.installed, true);
    assert.equal(v.running, false);
    assert.deepEqual(
      v.findings.map((f) => [f.id, f.fix?.action]),
      [['service-not-loaded', 'repair']],
    );

    s.clearCalls();
    const r = await svc.act('repair');
    assert.ok(r.ok, JSON.stringify(r));
    const mutating = s.calls('launchctl').filter((c) => !['print', 'print-disabled'].includes(c[1]!));
    assert.deepEqual(mutating, [
      ['launchctl', 'enable', `gui/${UID}/${LABEL}`],
      ['launchctl', 'bootstrap', `gui/${UID}`, plistPath()],
      ['launchctl', 'kickstart', '-k', `gui/${UID}/${LABEL}`],
    ]);
    const after = await svc.status();
    assert.deepEqual(after.findings, []);
    assert.match(after.detail, /^running \(pid \d+\); no gateway on port/);
  });

  test('ensureRunning with no LaunchAgent installs it through `openclaw gateway install`, with startingSince while waiting', async () => {
    launchAgent({ loaded: false }, false);
    const svc = service('darwin', { keepRunning: 'launchd' });
    const seen: ServiceView[] = [];
    svc.on('change', (v) => seen.push(v));
    const v = await svc.ensureRunning();
    assert.deepEqual(
      s.calls('openclaw').filter((c) => c[1] !== '--version'),
      [['openclaw', 'gateway', 'install']],
    );
    assert.ok(
      seen.some((x) => typeof x.startingSince === 'number' && /starting gateway… \(\d+ s\)/.test(x.detail)),
    );
    assert.equal(v.startingSince, undefined);
    assert.equal(v.installed, true);
    assert.equal(v.pid, 41999);
  });

  test('ensureRunning on a crash-looping agent repairs it; on a stopped loaded agent it just kickstarts', async () => {
    launchAgent({ loaded: true, state: 'spawn scheduled', runs: 9, lastExit: 1 });
    const svc = service('darwin');
    assert.deepEqual(
      (await svc.status()).findings.map((f) => f.id),
      ['crash-loop'],
    );
    s.clearCalls();
    await svc.ensureRunning();
    assert.ok(s.calls('launchctl').some((c) => c[1] === 'kickstart' && c[2] === '-k'));

    launchAgent({ loaded: true, state: 'not running', runs: 1, lastExit: 0 });
    s.clearCalls();
    await svc.ensureRunning();
    const kicks = s.calls('launchctl').filter((c) => c[1] === 'kickstart');
    assert.deepEqual(kicks, [['launchctl', 'kickstart', `gui/${UID}/${LABEL}`]]);
  });

  test('an old gateway gets the upgrade note', async () => {
    launchAgent({ loaded: true, state: 'running', pid: 7, runs: 1 });
    s.setState('openclaw', { version: '2026.4.12' });
    const v = await service('darwin').status();
    assert.deepEqual(
      v.findings.map((f) => f.id),
      ['old-gateway'],
    );
  });

  test("stop of a launchd gateway is bootout; Clawbar's own stop() leaves services alone", async () => {
    launchAgent({ loaded: true, state: 'running', pid: 7, runs: 1 });
    const svc = service('darwin');
    s.clearCalls();
    await svc.stop();
    assert.deepEqual(
      s.calls('launchctl').filter((c) => c[1] === 'bootout'),
      [],
    );
    const r = await svc.act('stop');
    assert.ok(r.ok);
    assert.deepEqual(
      s.calls('launchctl').filter((c) => c[1] === 'bootout'),
      [['launchctl', 'bootout', `gui/${UID}/${LABEL}`]],
    );
  });

  test('a "stopped" gateway that still answers is reported as still running, not as stopped', async () => {
    launchAgent({ loaded: true, state: 'running', pid: 7, runs: 1 });
    // Something the agent does not own keeps a gateway answering on the port after the bootout.
    const live = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/healthz' ? '{"ok":true,"status":"live"}' : '{"ready":true}');
    });
    await new Promise<void>((r) => live.listen(port, '127.0.0.1', r));
    try {
      const svc = service('darwin');
      assert.equal((await svc.status()).running, true, 'the probe sees the gateway before the stop');
      const r = await svc.act('stop');
      assert.ok(
        s.calls('launchctl').some((c) => c[1] === 'bootout'),
        'the agent was asked to stop',
      );
      assert.equal(r.ok, false, JSON.stringify(r));
      assert.equal(r.ok ? undefined : r.code, 'still-running');
      assert.equal((await svc.status()).running, true);
    } finally {
      await new Promise((r) => live.close(r));
    }
  });
});

describe('GatewayService with systemd (stand-in systemctl)', () => {
  test('auto picks the user unit; ensureRunning on a unit that gave up runs the repair sequence', async () => {
    s.setState('systemctl', {
      unit: 'openclaw-gateway.service',
      home: s.home,
      installed: true,
      UnitFileState: 'enabled',
      ActiveState: 'failed',
      SubState: 'failed',
      NRestarts: 5,
      ExecMainStatus: 1,
      Result: 'start-limit-hit',
    });
    const svc = service('linux');
    const v = await svc.status();
    assert.equal(v.mode, 'systemd');
    assert.deepEqual(
      v.findings.map((f) => [f.id, f.fix?.action]),
      [['crash-loop', 'repair']],
    );
    s.clearCalls();
    await svc.ensureRunning();
    const verbs = s
      .calls('systemctl')
      .map((c) => c[2])
      .filter((v2) => v2 !== 'show');
    assert.deepEqual(verbs, ['daemon-reload', 'reset-failed', 'enable', 'start']);
  });

  test('no unit and no user choice → supervised, but only started on request; keepRunning none → nothing is touched', async () => {
    s.setState('systemctl', { unit: 'openclaw-gateway.service', home: s.home, installed: false });
    assert.equal((await service('linux').status()).mode, 'supervised');
    s.clearCalls();
    // Chosen automatically, Clawbar waits for the user's gateway rather than starting its own.
    const auto = await service('linux').ensureRunning();
    assert.equal(auto.running, false);
    assert.deepEqual(
      s.calls('openclaw').filter((c) => c[1] === 'gateway'),
      [],
      'no gateway of its own started',
    );
    s.clearCalls();
    const none = service('linux', { keepRunning: 'none' });
    const v = await none.ensureRunning();
    assert.equal(v.mode, 'none');
    assert.deepEqual(s.calls('systemctl'), []);
    assert.equal((await none.act('start')).ok, false);
  });
});

describe('GatewayService for a gateway on another machine', () => {
  test('a remote gateway URL never installs, starts, stops or restarts a local gateway, and says why', async () => {
    launchAgent({ loaded: false }, false);
    for (const keepRunning of ['launchd', 'supervised'] as const) {
      s.clearCalls();
      const svc = service('darwin', { keepRunning, remoteGateway: true });
      const v = await svc.ensureRunning();
      assert.deepEqual(
        s.calls('openclaw').filter((c) => c[1] !== '--version'),
        [],
        `${keepRunning}: no openclaw gateway command`,
      );
      assert.deepEqual(
        s.calls('launchctl').filter((c) => !['print', 'print-disabled'].includes(c[1] ?? '')),
        [],
        `${keepRunning}: no launchctl change`,
      );
      assert.equal(v.canControl, false);
      assert.match(v.detail, /another machine/);
      for (const action of ['start', 'stop', 'restart', 'install'] as const) {
        const r = await svc.act(action);
        assert.equal(r.ok, false, `${keepRunning} ${action}`);
        assert.ok(!r.ok && /another machine/.test(r.error));
      }
      assert.deepEqual(
        s.calls('openclaw').filter((c) => c[1] !== '--version'),
        [],
        `${keepRunning}: still no openclaw gateway command`,
      );
    }
  });
});

describe('GatewayService supervised, port held by another program (real listener)', () => {
  test('does not spawn, reports port-taken', async () => {
    s.setState('systemctl', { unit: 'openclaw-gateway.service', home: s.home, installed: false });
    const srv = net.createServer((c) => c.end());
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
    try {
      const svc = service('linux', { keepRunning: 'supervised' });
      const v = await svc.ensureRunning();
      assert.equal(v.running, false);
      assert.deepEqual(
        v.findings.map((f) => f.id),
        ['port-taken'],
      );
      assert.match(v.detail, new RegExp(`port ${port} is held by another program`));
      assert.deepEqual(
        s.calls('openclaw').filter((c) => c[1] === 'gateway'),
        [],
        'no gateway was spawned',
      );
      const r = await svc.act('start');
      assert.equal(r.ok, false);
      assert.equal(svc.supervisorState()?.phase, 'blocked');
    } finally {
      srv.close();
    }
  });
});
