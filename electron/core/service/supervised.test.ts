// Supervised mode against the REAL gateway: Clawbar runs `openclaw gateway run` itself, restarts it
// after a crash within the backoff, attaches to (and never stops) a gateway it did not start, and
// leaves no process behind when it stops.
// test-lane: own-gateways (only gateways this file starts; runs beside the shared-gateway tests)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { TestDevice } from '../../../test/support/device.ts';
import { offlineEnv, tempDir } from '../../../test/support/gateway.ts';
import { gatewayConfig, writeGatewayConfig } from '../../../test/support/gatewayConfig.ts';
import { freePortRange } from '../../../test/support/ports.ts';
import { toolchain, type GatewayVersion } from '../../../test/support/toolchain.ts';
import { GatewayService, type ServiceSettings } from './GatewayService.ts';
import { probePort, waitForReady } from './probe.ts';

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const settings: ServiceSettings = {
  keepRunning: 'supervised',
  startGatewayWithClawbar: true,
  stopSupervisedOnQuit: true,
};

async function isolatedGatewayHome(version: GatewayVersion) {
  const dir = tempDir(`clawbar-supervised-${version}-`);
  const port = await freePortRange();
  const token = randomBytes(24).toString('base64url');
  const configPath = path.join(dir, 'openclaw.json');
  writeGatewayConfig(
    configPath,
    gatewayConfig({ version, port, token, logFile: path.join(dir, 'gateway.jsonl') }),
  );
  const env = offlineEnv(dir, configPath, path.join(dir, 'dns-guard.jsonl'));
  return { dir, port, token, env, logDir: path.join(dir, 'clawbar-logs') };
}

const services: GatewayService[] = [];
after(async () => {
  for (const s of services) await s.dispose();
});

function supervisedRun(version: GatewayVersion, opts: { crash: boolean }) {
  return async () => {
    const home = await isolatedGatewayHome(version);
    const svc = new GatewayService({
      platform: os.platform(),
      uid: process.getuid?.() ?? 0,
      env: home.env,
      settings: { ...settings, openclawPath: toolchain().gateways[version] },
      logDir: home.logDir,
      backoff: { initialMs: 500, maxMs: 4000, resetAfterMs: 60_000, crashLoopAfter: 4 },
      readyTimeoutMs: 90_000,
      stopGraceMs: 10_000,
    });
    services.push(svc);
    const changes: number[] = [];
    svc.on('change', (v) => {
      if (v.startingSince !== undefined) changes.push(v.startingSince);
    });

    // start → ready
    const view = await svc.ensureRunning();
    assert.equal(view.mode, 'supervised');
    assert.equal(view.chosen, 'user');
    assert.equal(view.openclawVersion, version);
    assert.ok(view.running, `gateway not running: ${view.detail}`);
    assert.equal(view.startingSince, undefined, 'startingSince clears once ready');
    assert.ok(changes.length > 0, 'the view carried startingSince while the gateway came up');
    const res = await fetch(`http://127.0.0.1:${home.port}/readyz`);
    assert.equal(res.status, 200);
    // The service saw the gateway answer; the supervisor's own readiness poll follows within one period.
    const first = await until(
      'the supervisor marks it running',
      () => {
        const s = svc.supervisorState();
        return s?.phase === 'running' ? s : undefined;
      },
      10_000,
    );
    const pid1 = first.pid!;
    assert.ok(pid1 > 0);

    // a device connects with the config's token
    const gw = { url: `ws://127.0.0.1:${home.port}`, token: home.token };
    const conn = await new TestDevice({ displayName: `supervised ${version}` }).connect(gw, {
      scopes: ['operator.read'],
    });
    assert.ok(conn.ok, `connect failed: ${JSON.stringify(conn)}`);

    // the command line came from the config, and the log holds output but never the token
    const log = fs.readFileSync(path.join(home.logDir, 'gateway.log'), 'utf8');
    assert.match(log, new RegExp(`starting openclaw gateway run --port ${home.port} --bind loopback`));
    assert.ok(!log.includes('--force'));
    assert.ok(!log.includes(home.token), 'the gateway token reached the log file');

    // a gateway Clawbar did not start is attached to and never stopped
    const other = new GatewayService({
      platform: os.platform(),
      uid: process.getuid?.() ?? 0,
      env: home.env,
      settings: { ...settings, openclawPath: toolchain().gateways[version] },
      logDir: path.join(home.dir, 'other-logs'),
    });
    services.push(other);
    await other.act('start');
    assert.equal(other.supervisorState()?.phase, 'attached');
    const refused = await other.act('stop');
    assert.equal(refused.ok, false);
    await other.stop();
    await other.dispose();
    assert.ok(groupAlive(pid1), 'a second Clawbar stopped a gateway it did not start');
    assert.ok(await waitForReady(home.port, { timeoutMs: 15_000 }), 'the first gateway still answers');

    if (opts.crash) {
      // SIGKILL → restarted after the backoff delay → ready again
      process.kill(pid1, 'SIGKILL');
      const back = await until(
        'restart',
        () => {
          const s = svc.supervisorState();
          return s && s.phase === 'running' && s.pid !== pid1 ? s : undefined;
        },
        90_000,
      );
      assert.equal(back.restarts, 1);
      assert.equal(back.lastExit?.signal, 'SIGKILL');
      // restarted after the 500 ms backoff and ready again within a normal start time
      assert.ok(
        back.readySince! - back.lastExit.at < 30_000,
        `took ${back.readySince! - back.lastExit.at} ms`,
      );
      assert.ok(await waitForReady(home.port, { timeoutMs: 15_000 }), 'ready again after the restart');
      const again = await new TestDevice({ displayName: `after crash ${version}` }).connect(gw, {
        scopes: ['operator.read'],
      });
      assert.ok(again.ok, `connect after restart failed: ${JSON.stringify(again)}`);
    }

    // stop leaves no process: the gateway's whole process group is gone and the port is free
    const pid = svc.supervisorState()!.pid!;
    await svc.stop();
    assert.equal(groupAlive(pid), false, `process group ${pid} still alive after stop`);
    assert.equal((await probePort(home.port)).listener, 'none');
    assert.equal(svc.supervisorState()?.phase, 'stopped');
    const view2 = await svc.status();
    assert.equal(view2.running, false);
  };
}

describe('supervised gateway (real gateway)', () => {
  test(
    '2026.4.12: start → ready → device connects; SIGKILL → restarted within backoff; stop leaves no process',
    { timeout: 240_000 },
    supervisedRun('2026.4.12', { crash: true }),
  );

  test(
    '2026.9.6: start → ready → device connects; stop leaves no process',
    {
      timeout: 240_000,
      skip: process.env.CLAWBAR_SKIP_SLOW
        ? 'CLAWBAR_SKIP_SLOW is set (2026.9.6 takes ~20 s and ~1 GB to start)'
        : false,
    },
    supervisedRun('2026.9.6', { crash: false }),
  );
});
