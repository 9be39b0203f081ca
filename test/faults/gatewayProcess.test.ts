// Issue #8, scenarios 1 and 2, on a real 2026.4.12 gateway of this file's own (it is killed and its
// token changed): a SIGKILL in the middle of an approve, and the shared token changing under a live
// connection. Nothing is stubbed: the only interposition is a wrapper that kills the gateway at the
// moment the approve request goes out.
// test-lane: own-gateways (only gateways this file starts; runs beside the shared-gateway tests)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { HistoryEntry } from '../../electron/core/contract/views.ts';
import { GatewayClient } from '../../electron/core/gateway/client.ts';
import { generateIdentity } from '../../electron/core/gateway/identity.ts';
import { PairList } from '../../electron/core/gateway/wire.ts';
import { approveIntentOf } from '../../electron/core/pairing/reconcile.ts';
import { TestDevice, type Retrier } from '../support/device.ts';
import { startGateway, stopOwnedGateways, type TestGateway } from '../support/gateway.ts';
import { memoryCredentials } from '../support/memoryCredentials.ts';
import { pairingRig, type PairingRig } from '../support/pairingRig.ts';
import { waitFor } from '../support/waitFor.ts';
import { gatewayProxy } from './gatewayProxy.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await stopOwnedGateways();
});

let gw: TestGateway;
before(async () => {
  gw = await startGateway({ version: '2026.4.12' });
});

async function pairedAtRead(displayName: string): Promise<TestDevice> {
  const d = new TestDevice({ displayName });
  const r = await d.connect(gw, { scopes: ['operator.read'] });
  assert.ok(r.ok, `${displayName} paired at operator.read: ${JSON.stringify(r)}`);
  return d;
}

/** The gateway's own word on a device, over Clawbar's connection. */
async function gatewaySays(rig: PairingRig, deviceId: string) {
  const list = PairList.parse(await rig.client.call('device.pair.list'));
  return {
    pending: list.pending.filter((p) => p.deviceId === deviceId),
    paired: list.paired.find((d) => d.deviceId === deviceId),
  };
}

/** Approvals recorded for the device since `since` (its silent first pairing at read came before). */
const approvedRecords = (h: HistoryEntry[], deviceId: string, since: number) =>
  h.filter((e) => e.deviceId === deviceId && e.ts >= since && /approved/.test(e.outcome));

type KillPoint = 'before-send' | 'after-send' | 'answer-lost';

/**
 * Kills the gateway at the first `device.pair.approve` of the rig's client: before the frame is sent
 * (`before-send`: the gateway never sees it), right after (`after-send`: it may or may not apply it),
 * or once the gateway has answered it, the answer swallowed by the proxy (`answer-lost`: it applied
 * it, and Clawbar cannot know). Counts every approve that goes out.
 */
function killOnApprove(rig: PairingRig, wire: LossyWire, when: KillPoint) {
  const client = rig.client;
  const original = client.call.bind(client);
  const seen = { approves: 0 };
  const wrapped = async <T>(method: string, params?: Record<string, unknown>, timeoutMs?: number) => {
    if (method !== 'device.pair.approve') return original<T>(method, params, timeoutMs);
    seen.approves++;
    if (seen.approves > 1) return original<T>(method, params, timeoutMs);
    if (when === 'before-send') {
      await gw.kill();
      return original<T>(method, params, timeoutMs);
    }
    const lost = when === 'answer-lost' ? wire.swallowNextApproveAnswer() : undefined;
    const answer = original<T>(method, params, timeoutMs);
    answer.catch(() => undefined); // the caller gets the rejection; this only marks it handled
    if (lost) assert.equal(await lost, true, 'the gateway answered the approve with ok');
    await gw.kill();
    return answer;
  };
  client.call = wrapped;
  return seen;
}

/** The rig's wire: a proxy that can swallow the gateway's answer to the next approve. */
interface LossyWire {
  url: string;
  swallowNextApproveAnswer(): Promise<boolean>;
}

async function lossyWire(): Promise<LossyWire> {
  let armed: ((ok: boolean) => void) | undefined;
  let approveId: string | undefined;
  const proxy = await gatewayProxy(gw, {
    fromClient: (text) => {
      const req = JSON.parse(text) as { id?: string; method?: string };
      if (armed && req.method === 'device.pair.approve') approveId = req.id;
    },
    fromGateway: (text) => {
      if (!approveId) return text;
      const res = JSON.parse(text) as { type?: string; id?: string; ok?: boolean };
      if (res.type !== 'res' || res.id !== approveId) return text;
      armed?.(res.ok === true);
      armed = undefined;
      approveId = undefined;
      return null;
    },
  });
  cleanups.push(proxy.close);
  return {
    url: proxy.url,
    swallowNextApproveAnswer: () => new Promise<boolean>((resolve) => (armed = resolve)),
  };
}

describe('fault: the gateway is SIGKILLed in the middle of an approve (own 2026.4.12)', () => {
  let rig: PairingRig;
  let wire: LossyWire;
  before(async () => {
    wire = await lossyWire();
    // Clawbar reaches the gateway through the proxy; everything else (devices, CLI) directly.
    const via = Object.assign(Object.create(gw) as TestGateway, { url: wire.url });
    rig = await pairingRig(via);
    cleanups.push(() => rig.stop());
  });

  for (const when of ['before-send', 'after-send', 'answer-lost'] as const) {
    const point = {
      'before-send': 'before the approve frame goes out',
      'after-send': 'as the approve frame goes out',
      'answer-lost': 'after the gateway applied the approve, its answer lost',
    }[when];
    test(`killed ${point}: a clear error, then the true state and no double approval`, async () => {
      const device = await pairedAtRead(`Killed mid-approve (${when})`);
      const loop: Retrier = device.retry(gw, { scopes: ['operator.approvals'], intervalMs: 1000 });
      cleanups.push(() => loop.stop());
      const card = await waitFor(
        () => rig.engine.cards.find((c) => c.deviceId === device.deviceId),
        15_000,
        'the card of the read → approvals loop',
      );
      const shown = approveIntentOf(card);
      const shownScopes = [...new Set([...card.alreadyAllowed.map((l) => l.scope), ...card.scopes])].sort();
      const seen = killOnApprove(rig, wire, when);
      const clickedAt = Date.now();

      const r = await rig.engine.approve(shown);
      assert.equal(r.ok, false, `the approve cannot claim success: ${JSON.stringify(r)}`);
      assert.ok(!r.ok);
      assert.match(r.error, /gateway went away during the approval/);
      assert.match(
        rig.engine.cards.find((c) => c.deviceId === device.deviceId)?.notice ?? '',
        /went away/,
        'the card says so',
      );
      // (A send error can reach the caller a moment before the socket's close event.)
      await waitFor(() => rig.client.state.kind !== 'connected', 5000, 'Clawbar to notice the loss');

      await gw.start();
      await waitFor(() => rig.client.state.kind === 'connected', 20_000, 'Clawbar reconnected');
      // The engine re-lists on hello; let the device's next retry land too.
      await new Promise((res) => setTimeout(res, 1500));
      await rig.engine.refresh();
      const truth = await gatewaySays(rig, device.deviceId);
      // Applied = the device holds what was shown (4.12 may keep a stale pending entry after a kill).
      const applied = shownScopes.every((x) => truth.paired?.scopes.includes(x) ?? false);
      console.log(`[kill ${when}] the gateway ${applied ? 'had applied' : 'had not applied'} the approve`);
      if (when === 'before-send') assert.equal(applied, false, 'the gateway never saw the frame');
      if (when === 'answer-lost') assert.equal(applied, true, 'the gateway had applied it');

      const cardNow = rig.engine.cards.find((c) => c.deviceId === device.deviceId);
      let history = await rig.audit.read(200);
      if (applied) {
        if (truth.pending.length === 0)
          assert.equal(cardNow, undefined, 'no card for a request the gateway approved');
        assert.deepEqual(truth.paired?.scopes.slice().sort(), shownScopes);
      } else {
        assert.ok(cardNow, 'the card stays while the gateway still holds the request');
        assert.equal(cardNow.requestId, truth.pending[0]?.requestId, 'the card shows the live request');
        assert.deepEqual(truth.paired?.scopes, ['operator.read'], 'nothing was granted');
        assert.deepEqual(
          approvedRecords(history, device.deviceId, clickedAt),
          [],
          `no approval recorded: ${JSON.stringify({ truth, history: history.filter((e) => e.deviceId === device.deviceId) })}`,
        );
      }
      assert.ok(
        history.some((e) => e.deviceId === device.deviceId && e.outcome === 'interrupted'),
        'the interrupted approve is in the audit log',
      );

      // The user clicks Approve again on what they saw: exactly one approval in the end.
      const approvesBefore = seen.approves;
      const again = await rig.engine.approve(shown);
      assert.ok(again.ok, JSON.stringify(again));
      assert.equal(
        seen.approves - approvesBefore,
        applied ? 0 : 1,
        'no second approve of an approved request',
      );
      const ok = await loop.untilConnected(10_000);
      assert.ok(ok.ok);
      const granted = (ok.hello.auth as { scopes?: string[] } | undefined)?.scopes ?? [];
      assert.ok(granted.includes('operator.approvals'), `granted ${JSON.stringify(granted)}`);
      await waitFor(
        () => !rig.engine.cards.some((c) => c.deviceId === device.deviceId),
        5000,
        'the card to close',
      );
      const final = await gatewaySays(rig, device.deviceId);
      assert.deepEqual(final.paired?.scopes.slice().sort(), shownScopes, 'paired with what was shown');
      history = await rig.audit.read(200);
      const approvals = approvedRecords(history, device.deviceId, clickedAt);
      assert.deepEqual(
        approvals.map((e) => [e.action, e.by]),
        [['approve', 'user']],
        "the approval is the user's, even when it was only learnt after reconnecting",
      );
      assert.equal(
        approvals.length,
        1,
        `one approval in the audit log: ${JSON.stringify(history.filter((e) => e.deviceId === device.deviceId))}`,
      );
      await loop.stop();
    });
  }
});

describe('fault: the shared token changes while connected (own 2026.4.12, hot reload)', () => {
  function watch(client: GatewayClient) {
    const states: { kind: string; code?: string; lastError?: string; at: number }[] = [];
    const attempts: number[] = [];
    client.onState((s) =>
      states.push({
        kind: s.kind,
        ...(s.kind === 'auth-failed' ? { code: s.code } : {}),
        ...(s.kind === 'reconnecting' ? { lastError: s.lastError } : {}),
        at: Date.now(),
      }),
    );
    client.onAttempt(() => attempts.push(Date.now()));
    return { states, attempts };
  }

  async function changeToken(next: string): Promise<void> {
    const from = fs.statSync(gw.logPath).size;
    gw.token = next;
    gw.writeConfig();
    // 4.12 applies a token change with an in-process restart and closes every client with 4001.
    await gw.waitForLog(/config change requires gateway restart \(gateway\.auth\.token/, from, 15_000);
  }

  test('with its device token Clawbar re-authenticates once and is connected again', async () => {
    const creds = memoryCredentials(gw.token);
    const client = new GatewayClient({ url: gw.url, identity: generateIdentity(), credentials: creds });
    cleanups.push(() => client.stop());
    const seen = watch(client);
    client.start();
    await waitFor(() => client.state.kind === 'connected', 20_000, 'connected');
    assert.ok(creds.deviceTokens.get('operator'), 'the gateway issued a device token');
    const from = seen.states.length;

    await changeToken(`changed-${Date.now()}`);
    await waitFor(
      () =>
        seen.states.slice(from).some((s) => s.kind === 'auth-failed') && client.state.kind === 'connected',
      20_000,
      'auth-failed, then connected with the device token',
    );
    const after = seen.states.slice(from);
    assert.ok(
      after.some((s) => s.kind === 'reconnecting' && /gateway auth changed/.test(s.lastError ?? '')),
      `the 4001 reason is shown: ${JSON.stringify(after)}`,
    );
    const failed = after.filter((s) => s.kind === 'auth-failed');
    assert.deepEqual(
      failed.map((s) => s.code),
      ['AUTH_TOKEN_MISMATCH'],
      'one auth failure, with the gateway detail code',
    );
    const attemptsAfterFailure = seen.attempts.filter((t) => t >= failed[0]!.at).length;
    assert.equal(attemptsAfterFailure, 1, 'exactly one more attempt (with the device token)');
    const n = seen.attempts.length;
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(seen.attempts.length, n, 'no further attempts once connected');
  });

  test('without a usable device token: auth-failed, no loop; the new token + retryNow connects', async () => {
    const creds = memoryCredentials(gw.token);
    const client = new GatewayClient({ url: gw.url, identity: generateIdentity(), credentials: creds });
    cleanups.push(() => client.stop());
    const seen = watch(client);
    client.start();
    await waitFor(() => client.state.kind === 'connected', 20_000, 'connected');
    // The device token is revoked while Clawbar is away: the keychain still holds the old one, so
    // the device-token fallback cannot rescue the connection. (Revoking closes Clawbar's socket with
    // 4001 and its reconnect is issued a fresh token, which the keychain then no longer has.)
    const revoked = creds.deviceTokens.get('operator');
    assert.ok(revoked, 'the gateway issued a device token');
    const connects = client.stats.connects;
    await client.call('device.token.revoke', { deviceId: client.deviceId, role: 'operator' });
    await waitFor(
      () => client.stats.connects > connects && client.state.kind === 'connected',
      10_000,
      'reconnected after the revocation',
    );
    creds.deviceTokens.set('operator', revoked);
    const from = seen.states.length;

    const next = `changed-again-${Date.now()}`;
    await changeToken(next);
    await waitFor(
      () => seen.states.slice(from).filter((s) => s.kind === 'auth-failed').length >= 2,
      20_000,
      'two auth failures (shared token, then the device token)',
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(seen.states.slice(from))}`);
    });
    const firstFailure = seen.states.slice(from).find((s) => s.kind === 'auth-failed')!;
    await new Promise((r) => setTimeout(r, 3000));
    const failed = seen.states.slice(from).filter((s) => s.kind === 'auth-failed');
    console.log(`[token] failures: ${failed.map((s) => s.code).join(', ')}`);
    assert.equal(failed.length, 2, 'the shared token and the one allowed retry, nothing more');
    assert.equal(failed[0]!.code, 'AUTH_TOKEN_MISMATCH');
    assert.equal(failed[1]!.code, 'AUTH_DEVICE_TOKEN_MISMATCH', 'the gateway detail code of the retry');
    assert.equal(
      seen.attempts.filter((t) => t >= firstFailure.at).length,
      1,
      'one retry after the first failure, then it waits',
    );
    assert.equal(client.state.kind, 'auth-failed');

    creds.token = next;
    client.retryNow();
    await waitFor(() => client.state.kind === 'connected', 10_000, 'connected with the new token');
  });
});
