// One gateway, whoever starts first: at login Clawbar may start before the user's own gateway. The real
// core (real Secret Service fixture, temp data dir), set to a gateway address where nothing listens yet
// and not asked to start a gateway itself, waits; 30 s later the user's real gateway starts on that
// port. Clawbar attaches to it, no second gateway appears, and a device's scope upgrade that follows is
// notified once. Both pinned versions run side by side so the suite waits the 30 s once.
// test-lane: own-gateways (only gateways this file starts; runs beside the shared-gateway tests)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import { deviceKey } from '../../electron/core/pairing/inboxItem.ts';
import { TestDevice } from '../support/device.ts';
import { TestGateway, tempDir } from '../support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import {
  commandLineOf,
  descendsFrom,
  listenerPids,
  processesWithEnv,
  processGroupOf,
} from '../support/listeners.ts';
import { freePortRange } from '../support/ports.ts';
import { GATEWAY_VERSIONS, type GatewayVersion } from '../support/toolchain.ts';
import { waitFor } from '../support/waitFor.ts';
import { startWaitingCore, unstartedGateway } from '../support/waitingCore.ts';

/** How long Clawbar runs before the user's gateway is started (the acceptance's login order). */
const HEAD_START_MS = 30_000;
/**
 * Ready → connected. Generous on purpose: the target (≤ 500 ms) is the bench's (bench/reconnect.ts);
 * this test asserts that Clawbar gets there at all, even when a loaded machine starts 9.6 so slowly
 * that Clawbar's readiness watch has ended and its backoff (≤ 30 s) decides.
 */
const CONNECT_AFTER_READY_MS = 60_000;

let keyring: KeyringFixture;
const gateways: TestGateway[] = [];
const cores: ClawbarCore[] = [];
before(async () => {
  keyring = await startKeyring();
});
after(async () => {
  for (const core of cores) await core.dispose().catch(() => undefined);
  // By PID (the gateway's process group), whatever state the test left them in.
  await Promise.all(gateways.map((g) => g.stop()));
  await keyring?.stop();
});

/** The user's gateway home, configured but not running: its port is free until the user starts it. */
async function usersGatewayNotYetStarted(version: GatewayVersion): Promise<TestGateway> {
  const gw = unstartedGateway(
    new TestGateway({
      version,
      dir: tempDir(`clawbar-login-order-${version}-`),
      port: await freePortRange(),
      token: randomBytes(24).toString('base64url'),
    }),
  );
  gateways.push(gw);
  return gw;
}

const kindOf = async (core: ClawbarCore) => (await core.getState()).connection.kind;

describe('login order: Clawbar starts 30 s before the user’s gateway', { concurrency: true }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: Clawbar attaches to the user's gateway, starts none of its own, and notifies a pending upgrade once`, async () => {
      const gw = await usersGatewayNotYetStarted(version);
      const started = Date.now();
      const { core, ops } = await startWaitingCore(gw, keyring);
      cores.push(core);

      // Clawbar waits: nothing listens on the port, and it has not started anything there.
      await new Promise((r) => setTimeout(r, Math.max(0, started + HEAD_START_MS - Date.now())));
      assert.notEqual(await kindOf(core), 'connected');
      assert.deepEqual(listenerPids(gw.port), [], 'nothing listens before the user starts the gateway');
      assert.deepEqual(
        processesWithEnv('OPENCLAW_CONFIG_PATH', gw.configPath),
        [],
        'no process of this gateway home runs before the user starts it',
      );

      // The user's gateway comes up (start() resolves when /readyz answers 200; it fails if the port is taken).
      await gw.start();
      const gatewayGroup = gw.pid!;
      await waitFor(
        async () => (await kindOf(core)) === 'connected',
        CONNECT_AFTER_READY_MS,
        'Clawbar to connect to the user’s gateway',
        50,
      );

      // One gateway: the only listener on the port is the user's (Clawbar started none).
      const listeners = listenerPids(gw.port);
      assert.equal(listeners.length, 1, `one process listens on ${gw.port}: ${listeners.join(', ')}`);
      assert.equal(processGroupOf(listeners[0]!), gatewayGroup, 'the listener is the user’s gateway');
      // Outside the user's gateway's own process tree (9.6 starts helpers of its own), a short command
      // may run for this home (seen on 9.6: one process outside its group), never a gateway.
      const outside = processesWithEnv('OPENCLAW_CONFIG_PATH', gw.configPath)
        .filter((pid) => !descendsFrom(pid, gatewayGroup))
        .map(commandLineOf)
        .filter((cmd) => /\bgateway\b/.test(cmd));
      assert.deepEqual(outside, [], 'no gateway process outside the user’s gateway');
      // The service view follows the connection: someone else's gateway, not Clawbar's to stop.
      const service = await waitFor(
        async () => {
          const s = (await core.getState()).service;
          return s.running ? s : undefined;
        },
        15_000,
        'the service view to see the gateway running',
      );
      assert.equal(service.manager, 'someone-else');
      assert.equal(service.canControl, false, 'Clawbar does not claim a gateway it did not start');

      // A device paired at read asks for approvals, and keeps retrying as a stuck client does.
      const device = new TestDevice({ displayName: `Login order ${version}` });
      const paired = await device.connect(gw, { scopes: ['operator.read'] });
      assert.ok(paired.ok, `paired at operator.read: ${JSON.stringify(paired)}`);
      // 9.6 would approve a local scope upgrade by itself; users who see the request have this off
      // (off only from here: Clawbar and the device were paired the way a first local connect is).
      if (version !== '2026.4.12') await gw.setAutoApproveLocal(false);
      const key = deviceKey(device.deviceId);
      const showsOf = () => ops.filter((o) => o.type === 'show' && o.key === key);
      const asked = await device.connect(gw, { scopes: ['operator.read', 'operator.approvals'] });
      assert.equal(asked.ok, false, 'the upgrade waits for approval');
      await waitFor(() => showsOf().length > 0, 15_000, 'the notification for the pending upgrade');
      for (let i = 0; i < 2; i++) {
        const again = await device.connect(gw, { scopes: ['operator.read', 'operator.approvals'] });
        assert.equal(again.ok, false, 'still waiting');
      }
      // Time for a stray second notification (a re-list after connect, a retry's event) to appear.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(
        showsOf().length,
        1,
        `one notification for the request: ${JSON.stringify(ops.filter((o) => o.key === key).map((o) => o.type))}`,
      );
      assert.equal(
        (await core.getState()).inbox.filter((i) => i.key === key).length,
        1,
        'one inbox item for the request',
      );
    });
  }
});
