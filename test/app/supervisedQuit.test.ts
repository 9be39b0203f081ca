// A gateway Clawbar started itself (supervised mode) is Clawbar's to stop: quitting stops it unless
// the person chose to keep it running. The bundled main process under the Electron stand-in, with a
// real gateway of each pinned version that only Clawbar starts (its own temp home and port).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { probePort } from '../../electron/core/service/probe.ts';
import { launchApp } from '../support/electronStandin/launch.ts';
import { processesOf } from '../support/electronStandin/processes.ts';
import { offlineEnv, tempDir } from '../support/gateway.ts';
import { gatewayConfig, writeGatewayConfig } from '../support/gatewayConfig.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import { freePortRange } from '../support/ports.ts';
import { GATEWAY_VERSIONS, toolchain, type GatewayVersion } from '../support/toolchain.ts';

/** A loaded machine starts 9.6 slowly (see test/support/gateway.ts). */
const GATEWAY_READY_MS = 240_000;

async function answers(port: number): Promise<boolean> {
  return (await probePort(port)).listener === 'gateway';
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A gateway home nobody runs yet: Clawbar is to start `openclaw gateway run` on it. */
async function unstartedGateway(version: GatewayVersion) {
  const dir = tempDir(`clawbar-supervised-app-${version}-`);
  const port = await freePortRange();
  const configPath = path.join(dir, 'openclaw.json');
  writeGatewayConfig(
    configPath,
    gatewayConfig({
      version,
      port,
      token: randomBytes(24).toString('base64url'),
      logFile: path.join(dir, 'gateway.jsonl'),
    }),
  );
  return { port, env: offlineEnv(dir, configPath, path.join(dir, 'dns-guard.jsonl')) };
}

let keyring: KeyringFixture;
const started: number[] = [];
before(async () => {
  keyring = await startKeyring();
});
after(async () => {
  // Whatever a failed test left running (the kept gateway of the last case is stopped by its test).
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await keyring?.stop();
});

for (const version of GATEWAY_VERSIONS) {
  describe(`a gateway Clawbar started, ${version}`, () => {
    for (const keep of [false, true]) {
      const what = keep
        ? 'keeps running after Quit when the person chose so'
        : 'stops when Clawbar quits and nothing answers after';
      test(what, async () => {
        const gw = await unstartedGateway(version);
        const home = tempDir(`clawbar-app-supervised-${version}-`);
        assert.equal(await answers(gw.port), false, 'no gateway before Clawbar starts');
        const app = await launchApp({
          home,
          env: { ...gw.env, DBUS_SESSION_BUS_ADDRESS: keyring.busAddress },
          settings: {
            gatewayUrl: `ws://127.0.0.1:${gw.port}`,
            keepRunning: 'supervised',
            startGatewayWithClawbar: true,
            stopSupervisedOnQuit: !keep,
            openclawPath: toolchain().gateways[version],
          },
        });
        try {
          await until('the gateway Clawbar started to answer', () => answers(gw.port), GATEWAY_READY_MS);
          started.push(...processesOf(home).filter((pid) => pid !== app.child.pid));
          const status = await app.request('getState');
          assert.equal(status.service.mode, 'supervised');

          const ended = await app.quit();
          assert.equal(ended.exitedByItself, true, `exited by itself:\n${app.output().slice(-2000)}`);
          if (keep) {
            assert.equal(await answers(gw.port), true, 'the kept gateway still answers');
            const kept = processesOf(home);
            assert.ok(kept.length > 0, 'the kept gateway runs on');
            for (const pid of kept) process.kill(pid, 'SIGTERM');
          } else {
            assert.equal(await answers(gw.port), false, 'nothing answers on the port after Quit');
            assert.deepEqual(processesOf(home), [], 'no process of Clawbar’s behind');
          }
        } finally {
          app.kill();
        }
      });
    }
  });
}
