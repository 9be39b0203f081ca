// A gateway Clawbar started itself (supervised mode) is Clawbar's to stop: quitting stops it unless
// the person chose to keep it running. The bundled main process under the Electron stand-in, with a
// real gateway of each pinned version that only Clawbar starts (its own temp home and port). The tray's
// Start gateway starts it, Restart brings a new one that Clawbar connects to again, Stop leaves nothing
// answering, and Reconnect with nothing answering tries at once.
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
  const token = randomBytes(24).toString('base64url');
  writeGatewayConfig(
    configPath,
    gatewayConfig({ version, port, token, logFile: path.join(dir, 'gateway.jsonl') }),
  );
  return { port, token, env: offlineEnv(dir, configPath, path.join(dir, 'dns-guard.jsonl')) };
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

async function connected(app: RunningApp): Promise<boolean> {
  return (await app.request('getState')).connection.kind === 'connected';
}

/**
 * Reconnect with no gateway answering: Clawbar tries at once rather than at its next scheduled try. A
 * try shows as a new "gateway down" state with a new next-try time, sent well before the scheduled one.
 */
async function reconnectTriesNow(app: RunningApp): Promise<void> {
  const down = async () => {
    const c = (await app.request('getState')).connection;
    return c.kind === 'gateway-down' || c.kind === 'reconnecting' ? c : undefined;
  };
  // Wait for a scheduled try far enough ahead that a try within the next second can only be the click's.
  let scheduled: number | undefined;
  await until(
    'Clawbar to wait for its next try',
    async () => {
      scheduled = (await down())?.nextTryAt;
      return scheduled !== undefined && scheduled - Date.now() > 2500;
    },
    60_000,
  );
  const sentBefore = (await app.sent('state')).length;
  const clickedAt = Date.now();
  await app.do({ op: 'chooseMenuItem', item: 'gateway:reconnect' });
  await until(
    'a try right after Reconnect',
    async () =>
      (await app.sent('state'))
        .slice(sentBefore)
        .some(
          (s) =>
            (s.connection.kind === 'gateway-down' || s.connection.kind === 'reconnecting') &&
            s.connection.nextTryAt !== undefined &&
            s.connection.nextTryAt !== scheduled,
        ),
    // Any time before the scheduled try (less one poll), so only the click can have caused it.
    scheduled! - Date.now() - 300,
  );
  assert.ok(Date.now() < scheduled!, `tried before the scheduled try (clicked at ${clickedAt})`);
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

          if (!keep) {
            // The person gives the token: Clawbar connects to the gateway it started.
            const set = await app.request('setToken', gw.token);
            assert.ok(set.ok, JSON.stringify(set));
            await until('Clawbar to connect', () => connected(app), 60_000);
            // Restart: the gateway goes, a new one answers and Clawbar is connected to it again; Stop:
            // nothing answers, nothing left.
            await choose(app, 'gateway:restart');
            await until(
              'a new gateway after Restart',
              async () => ((await servicePid(app)) ?? first) !== first && (await answers(gw.port)),
              GATEWAY_READY_MS,
            );
            started.push(...others());
            assert.equal(others().includes(first), false, 'the first gateway is gone');
            await until('Clawbar to connect to the new gateway', () => connected(app), 60_000);
            await choose(app, 'gateway:stop');
            await until('nothing to answer after Stop', async () => !(await answers(gw.port)), 30_000);
            // The port closes before the process has exited; Start is offered once Stop is done.
            await offered(app, 'gateway:start');
            await until(
              `no gateway process after Stop (left: ${others().join(', ')})`,
              () => Promise.resolve(others().length === 0),
              15_000,
            );
            await reconnectTriesNow(app);
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
