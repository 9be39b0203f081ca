// A gateway Clawbar started itself (supervised mode) is Clawbar's to stop: quitting stops it unless
// the person chose to keep it running. The bundled main process under the Electron stand-in, with a
// real gateway of each pinned version that only Clawbar starts (its own temp home and port). The tray's
// Start gateway starts it; on 4.12 (the quicker to start) Restart brings it back and Stop leaves
// nothing answering.
// test-lane: own-gateways (only gateways this file starts; runs beside the shared-gateway tests)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { probePort } from '../../electron/core/service/probe.ts';
import { launchApp, type RunningApp } from '../support/electronStandin/launch.ts';
import { processesOf } from '../support/electronStandin/processes.ts';
import type { MenuRecord } from '../support/electronStandin/records.ts';
import { offlineEnv, tempDir } from '../support/gateway.ts';
import { gatewayConfig, writeGatewayConfig } from '../support/gatewayConfig.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import { freePortRange } from '../support/ports.ts';
import { standins, STANDINS_DIR } from '../support/standins/standins.ts';
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

function hasItem(menu: readonly MenuRecord[] | null | undefined, id: string): boolean {
  return (menu ?? []).some((m) => m.id === id || hasItem(m.submenu, id));
}

/** Waits until the tray menu offers the item (the service status arrives a moment after a change). */
async function offered(app: RunningApp, id: string): Promise<void> {
  await until(
    `"${id}" in the tray menu`,
    async () => hasItem((await app.do({ op: 'openMenu' })) as MenuRecord[] | null, id),
    20_000,
  );
}

async function choose(app: RunningApp, id: string): Promise<void> {
  await offered(app, id);
  await app.do({ op: 'chooseMenuItem', item: id });
}

/** The gateway process Clawbar supervises, as the service view names it. */
async function servicePid(app: RunningApp): Promise<number | undefined> {
  return (await app.request('getState')).service.pid;
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

test('Install gateway service (systemd chosen, no unit, no gateway answering) runs `openclaw gateway install`', async () => {
  // The stand-in OpenClaw records its calls; the real systemctl has no user session here, so the unit
  // still counts as not installed afterwards. The gateway version does not matter (none runs).
  const gw = await unstartedGateway('2026.9.6');
  const fake = standins();
  const app = await launchApp({
    env: { ...gw.env, DBUS_SESSION_BUS_ADDRESS: keyring.busAddress, STANDIN_DIR: fake.dir },
    settings: {
      gatewayUrl: `ws://127.0.0.1:${gw.port}`,
      keepRunning: 'systemd',
      startGatewayWithClawbar: false,
      openclawPath: path.join(STANDINS_DIR, 'openclaw'),
    },
  });
  try {
    await offered(app, 'gateway:install');
    fake.clearCalls();
    await app.do({ op: 'chooseMenuItem', item: 'gateway:install' });
    const installed = () => fake.calls('openclaw').some((c) => c[1] === 'gateway' && c[2] === 'install');
    await until('openclaw gateway install to run', () => Promise.resolve(installed()), 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const { notices } = await app.request('getState');
    assert.ok(!notices.some((n) => n.level === 'error'), `no error told: ${JSON.stringify(notices)}`);
    const ended = await app.quit();
    assert.equal(ended.exitedByItself, true, `exited by itself:\n${app.output().slice(-2000)}`);
  } finally {
    app.kill();
  }
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
            // Kept: started at launch. Otherwise the tray's Start gateway starts it.
            startGatewayWithClawbar: keep,
            stopSupervisedOnQuit: !keep,
            openclawPath: toolchain().gateways[version],
          },
        });
        try {
          if (!keep) {
            assert.equal(await answers(gw.port), false, 'nothing started before Start gateway');
            await choose(app, 'gateway:start');
          }
          await until('the gateway Clawbar started to answer', () => answers(gw.port), GATEWAY_READY_MS);
          const others = () => processesOf(home).filter((pid) => pid !== app.child.pid);
          started.push(...others());
          const status = await app.request('getState');
          assert.equal(status.service.mode, 'supervised');
          const first = await servicePid(app);
          assert.ok(first !== undefined && others().includes(first), `one gateway of Clawbar's: ${first}`);

          if (!keep && version === '2026.4.12') {
            // Restart: the gateway goes and a new one answers; Stop: nothing answers, nothing left.
            await choose(app, 'gateway:restart');
            await until(
              'a new gateway after Restart',
              async () => ((await servicePid(app)) ?? first) !== first && (await answers(gw.port)),
              GATEWAY_READY_MS,
            );
            started.push(...others());
            assert.equal(others().includes(first), false, 'the first gateway is gone');
            await choose(app, 'gateway:stop');
            await until('nothing to answer after Stop', async () => !(await answers(gw.port)), 30_000);
            // The port closes before the process has exited; Start is offered once Stop is done.
            await offered(app, 'gateway:start');
            await until(
              `no gateway process after Stop (left: ${others().join(', ')})`,
              () => Promise.resolve(others().length === 0),
              15_000,
            );
          }

          const ended = await app.quit();
          assert.equal(ended.exitedByItself, true, `exited by itself:\n${app.output().slice(-2000)}`);
          if (keep) {
            // A gateway may be in a restart of its own at that moment: it answers again within seconds.
            await until('the kept gateway to answer after Quit', () => answers(gw.port), 15_000);
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
