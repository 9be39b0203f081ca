// The doctor on each problem state; the port-taken case with a real listener on a free port.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { UnitStatus } from './adapter.ts';
import { diagnose, type DoctorFacts } from './doctor.ts';
import { probePort } from './probe.ts';

const healthy: DoctorFacts = {
  platform: 'darwin',
  mode: 'launchd',
  openclawPath: '/opt/homebrew/bin/openclaw',
  openclawVersion: '2026.9.6',
  port: 18789,
  listener: 'gateway',
  ready: true,
  unit: {
    installed: true,
    loaded: true,
    enabled: true,
    running: true,
    pid: 7,
    crashLoop: false,
    detail: 'running (pid 7)',
  },
};
const unit = (u: Partial<UnitStatus>): UnitStatus => ({ ...healthy.unit!, ...u });
const ids = (f: DoctorFacts) => diagnose(f).map((x) => x.id);

describe('doctor', () => {
  test('a healthy launchd gateway has no findings', () => {
    assert.deepEqual(diagnose(healthy), []);
  });

  test('not installed: openclaw missing, no fix Clawbar could run', () => {
    const [f, ...rest] = diagnose({
      ...healthy,
      openclawPath: undefined,
      openclawVersion: undefined,
      listener: 'none',
      unit: unit({ installed: false, loaded: false, running: false }),
    });
    assert.equal(f?.id, 'openclaw-missing');
    assert.equal(f.severity, 'error');
    assert.match(f.detail, /npm install -g openclaw/);
    assert.equal(f.fix, undefined);
    const missing = rest.find((x) => x.id === 'service-missing');
    assert.equal(missing?.fix, undefined, 'no install fix without openclaw');
  });

  test('service not installed → install', () => {
    const f = diagnose({
      ...healthy,
      listener: 'none',
      unit: unit({ installed: false, loaded: false, running: false }),
    });
    assert.deepEqual(
      f.map((x) => [x.id, x.fix?.action]),
      [['service-missing', 'install']],
    );
  });

  test('plist present but not loaded → repair (enable, bootstrap, kickstart)', () => {
    const [f] = diagnose({ ...healthy, listener: 'none', unit: unit({ loaded: false, running: false }) });
    assert.equal(f?.id, 'service-not-loaded');
    assert.equal(f.fix?.action, 'repair');
    assert.match(f.detail, /bootstraps the plist/);
  });

  test('disabled → repair', () => {
    const [f] = diagnose({
      ...healthy,
      listener: 'none',
      unit: unit({ enabled: false, loaded: false, running: false }),
    });
    assert.equal(f?.id, 'service-disabled');
    assert.equal(f.fix?.action, 'repair');
  });

  test('crash loop → repair; when another gateway owns the port, stop the looping service instead', () => {
    const looping = unit({
      running: false,
      crashLoop: true,
      lastExitCode: 1,
      runs: 14,
      detail: 'keeps exiting (last exit 1, 14 runs)',
    });
    const [alone] = diagnose({ ...healthy, listener: 'none', ready: false, unit: looping });
    assert.equal(alone?.id, 'crash-loop');
    assert.equal(alone.fix?.action, 'repair');
    const [fighting] = diagnose({ ...healthy, listener: 'gateway', unit: looping });
    assert.equal(fighting?.id, 'crash-loop');
    assert.equal(fighting.fix?.action, 'stop');
    assert.match(fighting.detail, /Another OpenClaw gateway already answers on port 18789/);
  });

  test('supervised crash loop → try again, naming the log', () => {
    const [f] = diagnose({
      ...healthy,
      mode: 'supervised',
      unit: undefined,
      listener: 'none',
      supervised: { crashLoop: true, attempt: 5, lastExit: 'code 1', logFile: '/logs/gateway.log' },
    });
    assert.equal(f?.id, 'crash-loop');
    assert.equal(f.fix?.action, 'restart');
    assert.match(f.detail, /5 times.*code 1.*\/logs\/gateway\.log/);
  });

  test('an unavailable service manager yields no service findings (nothing is known)', () => {
    assert.deepEqual(
      ids({ ...healthy, unit: unit({ installed: false, loaded: false, unavailable: 'ENOENT' }) }),
      [],
    );
  });

  test('a gateway older than 2026.8.1: upgrading removes most prompts', () => {
    const [f] = diagnose({ ...healthy, openclawVersion: '2026.4.12' });
    assert.equal(f?.id, 'old-gateway');
    assert.match(f.title, /2026\.4\.12/);
    assert.match(f.detail, /manual approval for local scope upgrades/);
    assert.match(f.detail, /removes most of these prompts/);
    assert.deepEqual(ids({ ...healthy, openclawVersion: '2026.8.1' }), []);
    assert.deepEqual(ids({ ...healthy, openclawVersion: '2026.10.2' }), []);
  });

  test('port taken by a plain TCP listener (real net server): port-taken, no kill offered', async () => {
    const srv = net.createServer((c) => c.end());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    try {
      const probe = await probePort(port);
      assert.equal(probe.listener, 'other');
      const [f] = diagnose({
        ...healthy,
        mode: 'supervised',
        unit: undefined,
        port,
        listener: probe.listener,
        ready: probe.ready,
      });
      assert.equal(f?.id, 'port-taken');
      assert.equal(f.severity, 'error');
      assert.match(f.title, new RegExp(`Port ${port} `));
      assert.equal(f.fix, undefined);
    } finally {
      srv.close();
    }
  });

  test('a listener of another user: port-foreign names the port and the owner, and offers no fix', () => {
    const ownerMessage =
      'Port 18789 is held by a program of another user (nobody, uid 65534), not by your gateway.';
    const found = diagnose({
      ...healthy,
      mode: 'supervised',
      unit: undefined,
      listener: 'foreign',
      ownerMessage,
      ready: false,
    });
    const f = found.find((x) => x.id === 'port-foreign');
    assert.ok(f, JSON.stringify(found));
    assert.equal(f.severity, 'error');
    assert.match(f.title, /Port 18789 belongs to another user/);
    assert.ok(f.detail.startsWith(ownerMessage), f.detail);
    assert.match(f.detail, /does not connect to it/);
    assert.equal(f.fix, undefined, 'nothing to kill or take over');
    assert.ok(!found.some((x) => x.id === 'port-taken'));
  });

  test('an HTTP server whose /healthz does not answer like a gateway is "other"; one that does is a gateway', async () => {
    let body = JSON.stringify({ status: 'UP' });
    const srv = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(body),
    );
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    try {
      assert.equal((await probePort(port)).listener, 'other');
      body = JSON.stringify({ ok: true, status: 'live' });
      assert.equal((await probePort(port)).listener, 'gateway');
    } finally {
      srv.closeAllConnections();
      srv.close();
    }
  });

  test('a free port has no listener', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    assert.equal((await probePort(port)).listener, 'none');
  });
});
