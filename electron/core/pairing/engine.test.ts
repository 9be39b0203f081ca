// The pairing engine against both real gateways: the user's scope-upgrade loop becomes one card and
// one notification; approve is bound to what was shown; reset, expiry, CLI approvals and a flood.
import assert from 'node:assert/strict';
import { after, describe, test, type TestContext } from 'node:test';
import { TestDevice, type Retrier } from '../../../test/support/device.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../../../test/support/gateway.ts';
import { pairingRig, type PairingRig } from '../../../test/support/pairingRig.ts';
import { GATEWAY_VERSIONS, type GatewayVersion } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { PairList } from '../gateway/wire.ts';
import { deviceIdOfKey, deviceKey } from './inboxItem.ts';
import { approveIntentOf } from './reconcile.ts';

after(stopOwnedGateways);

const OBSERVE_MS = Number(process.env.CLAWBAR_OBSERVE_MS ?? 60_000);
const FLOOD_MS = Number(process.env.CLAWBAR_FLOOD_MS ?? 120_000);

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

// One Clawbar (identity, connection, engine) per gateway for the whole file, paired once.
const rigs = new Map<GatewayVersion, Promise<PairingRig>>();
async function setup(version: GatewayVersion): Promise<{ gw: TestGateway; rig: PairingRig }> {
  const gw = await sharedGateway(version);
  let rig = rigs.get(version);
  if (!rig) {
    rig = pairingRig(gw);
    rigs.set(version, rig);
    cleanups.push(async () => (await rig!).stop());
  }
  return { gw, rig: await rig };
}

/** Scope upgrades wait for approval: 4.12 by default, 9.6 with autoApproveLocal off until the test ends. */
async function holdUpgrades(gw: TestGateway, t: TestContext): Promise<void> {
  if (gw.version === '2026.4.12') return;
  await gw.setAutoApproveLocal(false);
  t.after(() => gw.setAutoApproveLocal(true));
}

/** A device paired at operator.read (silently, before upgrades are held). */
async function pairedAtRead(gw: TestGateway, displayName: string): Promise<TestDevice> {
  const d = new TestDevice({ displayName });
  let r = await d.connect(gw, { scopes: ['operator.read'] });
  // Under load (two floods at once on two cores) a handshake is now and then dropped without a close
  // frame (1006) before the gateway answers: that is transport noise, not a pairing decision.
  for (let i = 0; i < 3 && !r.ok && r.closeCode === 1006 && !r.error; i++) {
    await new Promise((res) => setTimeout(res, 200));
    r = await d.connect(gw, { scopes: ['operator.read'] });
  }
  assert.ok(r.ok, `${displayName} paired at operator.read: ${JSON.stringify(r)}`);
  return d;
}

function retrying(r: Retrier): Retrier {
  cleanups.push(() => r.stop());
  return r;
}

const cardOf = (rig: PairingRig, deviceId: string) => rig.engine.cards.find((c) => c.deviceId === deviceId);

describe(
  'the user case: a device stuck in a read → approvals scope-upgrade loop',
  { concurrency: true },
  () => {
    for (const version of GATEWAY_VERSIONS) {
      test(`${version}: one card and one show op over ${OBSERVE_MS / 1000} s of retries, one approve, then it connects`, async (t) => {
        const { gw, rig } = await setup(version);
        const device = await pairedAtRead(gw, `Agent ${version}`);
        await holdUpgrades(gw, t);
        const loop = retrying(device.retry(gw, { scopes: ['operator.approvals'], intervalMs: 1000 }));
        if (version === '2026.4.12') {
          // A second client with the same identity and a broader set: supersede churn on every retry.
          const twin = new TestDevice(device.profile, device.identity);
          retrying(
            twin.retry(gw, {
              scopes: ['operator.read', 'operator.approvals', 'operator.write'],
              intervalMs: 1000,
            }),
          );
        }
        await waitFor(() => cardOf(rig, device.deviceId), 10_000, 'the card');
        const started = Date.now();
        let maxCards = 0;
        const requestIds = new Set<string>();
        while (Date.now() - started < OBSERVE_MS) {
          maxCards = Math.max(
            maxCards,
            rig.engine.cards.filter((c) => c.deviceId === device.deviceId).length,
          );
          const c = cardOf(rig, device.deviceId);
          if (c) requestIds.add(c.requestId);
          await new Promise((r) => setTimeout(r, 100));
        }
        // A full handshake per attempt: on two loaded cores one can take longer than the 1 s interval.
        assert.ok(
          loop.attempts >= OBSERVE_MS / 1000 / 4,
          `the device kept retrying (${loop.attempts} attempts)`,
        );
        assert.equal(maxCards, 1, 'never more than one card for the device');
        const shows = rig.ops.filter((o) => o.type === 'show' && o.key === deviceKey(device.deviceId));
        assert.equal(shows.length, 1, 'exactly one show op');
        const card = cardOf(rig, device.deviceId);
        assert.ok(card);
        assert.equal(card.kind, 'scope-upgrade');
        assert.match(card.scopeSummary, /already allowed: read/);
        assert.match(card.scopeSummary, /manage approvals/);
        if (version === '2026.4.12')
          assert.ok(card.supersedes > 0 && requestIds.size > 1, 'the live id churned under the card');

        const approvals = rig.engine.stats.approves;
        const r = await rig.engine.approve(approveIntentOf(card));
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal(rig.engine.stats.approves - approvals, 1, 'one approve call');
        const ok = await loop.untilConnected(5000);
        assert.ok(ok.ok);
        const auth = ok.hello.auth as { scopes?: string[] } | undefined;
        assert.ok(auth?.scopes?.includes('operator.approvals'), `granted ${JSON.stringify(auth?.scopes)}`);
        await waitFor(() => !cardOf(rig, device.deviceId), 5000, 'the card to close');
        assert.ok(
          rig.ops.some((o) => o.type === 'close' && o.key === deviceKey(device.deviceId)),
          'its notification closes',
        );
        const history = await rig.audit.read(50);
        assert.ok(
          history.some(
            (h) => h.action === 'approve' && h.outcome === 'approved' && h.deviceId === device.deviceId,
          ),
        );
      });
    }
  },
);

for (const version of GATEWAY_VERSIONS) {
  describe(`pairing engine on real ${version}`, () => {
    test('widening race: approving the shown {approvals} card does not grant admin; the card updates', async (t) => {
      const { gw, rig } = await setup(version);
      const device = await pairedAtRead(gw, `Widening ${version}`);
      await holdUpgrades(gw, t);
      const first = await device.connect(gw, { scopes: ['operator.approvals'] });
      assert.equal(first.ok, false);
      const shown = await waitFor(() => cardOf(rig, device.deviceId), 10_000, 'the card');
      assert.deepEqual(shown.scopes, ['operator.approvals']);
      const intent = approveIntentOf(shown);
      // The device re-requests wider before the user clicks.
      const wider = await device.connect(gw, { scopes: ['operator.approvals', 'operator.admin'] });
      assert.equal(wider.ok, false);
      const r = await rig.engine.approve(intent);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.code === 'WIDER_THAN_SHOWN', JSON.stringify(r));
      const card = cardOf(rig, device.deviceId);
      assert.ok(card, 'the card stays');
      assert.ok(card.scopes.includes('operator.admin'), 'the card shows the wider request');
      assert.match(card.notice ?? '', /more than you saw/);
      const paired = (await gw.devices(['list'])).json as {
        paired?: { deviceId: string; scopes?: string[] }[];
      };
      const rec = paired.paired?.find((d) => d.deviceId === device.deviceId);
      assert.ok(rec, 'still paired');
      assert.ok(
        !rec.scopes?.includes('operator.admin'),
        `admin was not granted: ${JSON.stringify(rec.scopes)}`,
      );
      await rig.engine.reject(device.deviceId, card.requestId);
    });

    test('a reject reaches only a request of the device it names', async (t) => {
      const { gw, rig } = await setup(version);
      const a = await pairedAtRead(gw, `Reject A ${version}`);
      const b = await pairedAtRead(gw, `Reject B ${version}`);
      const idle = await pairedAtRead(gw, `Reject idle ${version}`);
      await holdUpgrades(gw, t);
      assert.equal((await a.connect(gw, { scopes: ['operator.approvals'] })).ok, false);
      assert.equal((await b.connect(gw, { scopes: ['operator.approvals'] })).ok, false);
      await waitFor(() => cardOf(rig, a.deviceId), 10_000, 'A’s card');
      const bCard = await waitFor(() => cardOf(rig, b.deviceId), 10_000, 'B’s card');
      // A device with no request, handed B's request id: nothing is rejected.
      const none = await rig.engine.reject(idle.deviceId, bCard.requestId);
      assert.equal(none.ok, false, JSON.stringify(none));
      // A's reject with B's id rejects A's own live request, never B's.
      assert.equal((await rig.engine.reject(a.deviceId, bCard.requestId)).ok, true);
      const list = PairList.parse((await gw.devices(['list'])).json);
      assert.ok(
        list.pending.some((p) => p.deviceId === b.deviceId),
        'B still waits for a decision',
      );
      assert.ok(!list.pending.some((p) => p.deviceId === a.deviceId), 'A’s request was rejected');
      await rig.engine.reject(b.deviceId, bCard.requestId);
    });

    test('reset & re-approve: removed, asks again, approved with what it had', async (t) => {
      const { gw, rig } = await setup(version);
      const device = await pairedAtRead(gw, `Reset ${version}`);
      await holdUpgrades(gw, t);
      retrying(device.retry(gw, { scopes: ['operator.read'], intervalMs: 1000, untilStopped: true }));
      const r = await rig.engine.reset(device.deviceId);
      assert.ok(r.ok, JSON.stringify(r));
      const back = await device.connect(gw, { scopes: ['operator.read'] });
      assert.ok(back.ok, 'the device connects again after the reset');
      const history = await rig.audit.read(50);
      assert.ok(
        history.some(
          (h) => h.action === 'reset' && h.deviceId === device.deviceId && /waiting/.test(h.outcome),
        ),
      );
    });

    test('rotate and revoke a device token: the old token stops working, the audit says so', async () => {
      const { gw, rig } = await setup(version);
      const device = await pairedAtRead(gw, `Tokens ${version}`);
      const oldToken = device.deviceToken;
      assert.ok(oldToken, 'the device was issued a token');
      const rotated = await rig.engine.rotateToken(device.deviceId, 'operator');
      assert.ok(rotated.ok, JSON.stringify(rotated));
      assert.ok(!JSON.stringify(rotated).includes(oldToken), 'no token in the result');
      const withOld = await device.connect(gw, {
        scopes: ['operator.read'],
        auth: 'device',
        token: oldToken,
      });
      assert.equal(withOld.ok, false, 'the rotated-away token is refused');
      const revoked = await rig.engine.revokeToken(device.deviceId, 'operator');
      assert.ok(revoked.ok, JSON.stringify(revoked));
      const history = await rig.audit.read(20);
      assert.ok(
        history.some(
          (h) => h.action === 'rotate' && h.outcome === 'rotated' && h.deviceId === device.deviceId,
        ),
      );
      assert.ok(
        history.some(
          (h) => h.action === 'revoke' && h.outcome === 'revoked' && h.deviceId === device.deviceId,
        ),
      );
    });

    test('a request approved with the openclaw CLI closes its card', async (t) => {
      const { gw, rig } = await setup(version);
      await holdUpgrades(gw, t);
      // 9.6's CLI cannot approve a pure read → approvals upgrade (known bug): a new device works on both.
      const device = new TestDevice({ displayName: `CLI ${version}` });
      const want = version === '2026.4.12' ? ['operator.read'] : ['operator.read'];
      const first = await device.connect(gw, { scopes: want });
      if (first.ok) {
        // 4.12 pairs a first local device silently: make it a scope upgrade instead.
        await device.connect(gw, { scopes: ['operator.approvals'] });
      }
      const card = await waitFor(() => cardOf(rig, device.deviceId), 10_000, 'the card');
      const cli = await gw.devices(['approve', card.requestId]);
      assert.equal(cli.result.code, 0, `the CLI approved: ${cli.result.stderr.slice(-400)}`);
      await waitFor(() => !cardOf(rig, device.deviceId), 15_000, 'the card to close');
      assert.ok(rig.ops.some((o) => o.type === 'close' && o.key === deviceKey(device.deviceId)));
    });
  });
}

const RACE_RUNS = Number(process.env.CLAWBAR_APPROVE_RACE_RUNS ?? 8);

describe('Approve while the device retries fast', { concurrency: true }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: over ${RACE_RUNS} approvals the card closes within 1 s of the answer and never comes back`, async (t) => {
      const { gw, rig } = await setup(version);
      // Paired at read first (9.6 pairs a first local device silently only before upgrades are held).
      const devices: TestDevice[] = [];
      for (let i = 0; i < RACE_RUNS; i++) devices.push(await pairedAtRead(gw, `Race ${version} #${i}`));
      await holdUpgrades(gw, t);
      const want = ['operator.read', 'operator.approvals'];
      let orphans = 0;
      for (const [i, device] of devices.entries()) {
        const loop = retrying(device.retry(gw, { scopes: want, intervalMs: 100 + 50 * (i % 4) }));
        const card = await waitFor(() => cardOf(rig, device.deviceId), 10_000, `card #${i}`);
        await new Promise((r) => setTimeout(r, 150 + 100 * (i % 3)));
        // The same device's connects land every 4 ms from 40 ms before the click to 40 ms after it:
        // some read the paired record before the approval is written and ask again right after it.
        const burst = Promise.all(
          Array.from({ length: 21 }, (_, k) =>
            new Promise((r) => setTimeout(r, 4 * k)).then(() =>
              new TestDevice(device.profile, device.identity).connect(gw, { scopes: want }),
            ),
          ),
        );
        await new Promise((r) => setTimeout(r, 40));
        const r = await rig.engine.approve(approveIntentOf(card));
        const answered = Date.now();
        assert.ok(r.ok, `#${i}: ${JSON.stringify(r)}`);
        await waitFor(
          () => !cardOf(rig, device.deviceId),
          1000,
          `#${i}: the card to close after the approve`,
        );
        assert.ok(Date.now() - answered <= 1000);
        await burst;
        const ok = await loop.untilConnected(5000);
        assert.ok(ok.ok);
        // The approved device's card stays closed while late lists and events come in.
        const watchUntil = Date.now() + 1500;
        while (Date.now() < watchUntil) {
          assert.equal(
            cardOf(rig, device.deviceId),
            undefined,
            `#${i}: the approved device's card came back`,
          );
          await new Promise((res) => setTimeout(res, 25));
        }
        const shows = rig.ops.filter((o) => o.type === 'show' && o.key === deviceKey(device.deviceId));
        assert.equal(shows.length, 1, `#${i}: one show op`);
        // Did the gateway file a request for what was just granted (the race this test provokes)?
        const list = PairList.parse(await rig.client.call('device.pair.list'));
        const rec = list.paired.find((d) => d.deviceId === device.deviceId);
        assert.ok(rec && rec.scopes.includes('operator.approvals'), `#${i}: approved`);
        const approvedAt = rec.approvedAtMs ?? 0;
        if (list.pending.some((p) => p.deviceId === device.deviceId && p.ts >= approvedAt)) orphans++;
        await loop.stop();
      }
      t.diagnostic(`${orphans} of ${RACE_RUNS} approvals left a request for the granted scopes pending`);
      assert.ok(orphans > 0, 'the race was provoked at least once');
    });
  }
});

describe('expiry', () => {
  test('2026.4.12: a request past its 5-minute TTL leaves the model by the next list', async () => {
    const gw = await sharedGateway('2026.4.12');
    let skew = 0;
    const rig = await pairingRig(gw, { now: () => Date.now() + skew, pendingListIntervalMs: 1000 });
    cleanups.push(() => rig.stop());
    const device = await pairedAtRead(gw, 'Expiring');
    await device.connect(gw, { scopes: ['operator.approvals'] });
    const card = await waitFor(() => cardOf(rig, device.deviceId), 10_000, 'the card');
    skew = card.expiresAt - Date.now() + 1000; // Clawbar's clock passes the request's TTL
    const t = Date.now();
    await waitFor(() => !cardOf(rig, device.deviceId), 30_000, 'the expired card to leave');
    assert.ok(Date.now() - t < 30_000);
    assert.ok(rig.ops.some((o) => o.type === 'close' && o.key === deviceKey(device.deviceId)));
  });
});

describe('flood: 50 devices retrying every second', { concurrency: true }, () => {
  for (const version of GATEWAY_VERSIONS) {
    test(`${version}: 50 cards, 50 show ops, nothing more over ${FLOOD_MS / 1000} s`, async (t) => {
      const { gw, rig } = await setup(version);
      const devices = await Promise.all(
        Array.from({ length: 50 }, (_, i) => pairedAtRead(gw, `Flood ${version} #${i}`)),
      );
      await holdUpgrades(gw, t);
      const loops = devices.map((d) =>
        retrying(d.retry(gw, { scopes: ['operator.approvals'], intervalMs: 1000 })),
      );
      await new Promise((r) => setTimeout(r, FLOOD_MS));
      const ids = new Set(devices.map((d) => d.deviceId));
      const cards = rig.engine.cards.filter((c) => ids.has(c.deviceId));
      assert.equal(cards.length, 50);
      const mine = rig.ops.filter((o) => ids.has(deviceIdOfKey(o.key) ?? ''));
      const showCount = new Map<string, number>();
      for (const o of mine) if (o.type === 'show') showCount.set(o.key, (showCount.get(o.key) ?? 0) + 1);
      assert.equal(
        mine.filter((o) => o.type === 'show').length,
        50,
        `one show per device: ${showCount.size} devices shown, ${[...showCount.values()].filter((n) => n > 1).length} twice; ops ${mine
          .map((o) => o.type)
          .join(',')
          .slice(0, 300)}`,
      );
      assert.equal(
        mine.length,
        50,
        `no other ops: ${JSON.stringify(mine.filter((o) => o.type !== 'show').slice(0, 3))}`,
      );
      // Each attempt is a full handshake; on two loaded cores one can take longer than the 1 s interval.
      const fewest = Math.min(...loops.map((l) => l.attempts));
      assert.ok(fewest >= FLOOD_MS / 1000 / 4, `every device kept retrying (fewest attempts: ${fewest})`);
      await Promise.all(loops.map((l) => l.stop()));
      for (const c of cards) await rig.engine.reject(c.deviceId, c.requestId);
    });
  }
});
