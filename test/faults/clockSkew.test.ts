// Issue #8, scenario 5: a clock skewed beyond the gateway's ±120 s window for `device.signedAt`, on
// the run's shared real gateways. Clawbar signs with the challenge's `ts`, so its own clock does not
// matter; a signature really dated 10 minutes off is refused by the gateway, and when that happens to
// Clawbar (shown through a proxy that shifts the challenge's clock) it ends in auth-failed, not a loop.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { GatewayClient } from '../../electron/core/gateway/client.ts';
import { generateIdentity, signConnect } from '../../electron/core/gateway/identity.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../support/gateway.ts';
import { memoryCredentials } from '../support/memoryCredentials.ts';
import { GATEWAY_VERSIONS } from '../support/toolchain.ts';
import { waitFor } from '../support/waitFor.ts';
import { gatewayProxy, type GatewayProxy } from './gatewayProxy.ts';

const TEN_MINUTES = 10 * 60_000;
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await stopOwnedGateways();
});

interface RawResult {
  ok: boolean;
  error?: { code: string; message: string; details?: { code?: string; reason?: string } };
  closeCode?: number;
}

/** One connect whose `signedAt` is the challenge's `ts` plus `offsetMs`, otherwise a correct client. */
function connectSignedAt(gw: TestGateway, offsetMs: number): Promise<RawResult> {
  const identity = generateIdentity();
  const scopes = ['operator.read'];
  const client = { id: 'gateway-client', version: '1.0.0-test', platform: 'linux', mode: 'ui' };
  return new Promise((resolve) => {
    const ws = new WebSocket(gw.url);
    let result: RawResult | undefined;
    const timer = setTimeout(() => ws.terminate(), 10_000);
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as {
        type: string;
        event?: string;
        payload?: { nonce: string; ts: number };
        ok?: boolean;
        error?: RawResult['error'];
      };
      if (msg.event === 'connect.challenge' && msg.payload) {
        const { nonce, ts } = msg.payload;
        const signedAt = ts + offsetMs;
        const signature = signConnect(identity, {
          deviceId: identity.deviceId,
          clientId: client.id,
          clientMode: client.mode,
          role: 'operator',
          scopes,
          signedAtMs: signedAt,
          token: gw.token,
          nonce,
          platform: client.platform,
          deviceFamily: undefined,
        });
        ws.send(
          JSON.stringify({
            type: 'req',
            id: 'connect',
            method: 'connect',
            params: {
              minProtocol: 3,
              maxProtocol: 4,
              client,
              role: 'operator',
              scopes,
              caps: [],
              auth: { token: gw.token },
              device: { id: identity.deviceId, publicKey: identity.publicKey, signature, signedAt, nonce },
            },
          }),
        );
      } else if (msg.type === 'res') {
        result = msg.ok ? { ok: true } : { ok: false, ...(msg.error ? { error: msg.error } : {}) };
        if (msg.ok) ws.close();
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ...(result ?? { ok: false }), closeCode: code });
    });
  });
}

/** A proxy whose `connect.challenge` carries a `ts` shifted by `skewMs`, as if from a clock that far off. */
async function skewingProxy(gw: TestGateway, skewMs: number): Promise<GatewayProxy> {
  const proxy = await gatewayProxy(gw, {
    fromGateway: (text) => {
      const msg = JSON.parse(text) as { event?: string; payload?: { ts?: number } };
      if (msg.event !== 'connect.challenge' || typeof msg.payload?.ts !== 'number') return text;
      msg.payload.ts += skewMs;
      return JSON.stringify(msg);
    },
  });
  cleanups.push(proxy.close);
  return proxy;
}

for (const version of GATEWAY_VERSIONS) {
  describe(`fault: a clock skewed by 10 minutes (real ${version})`, () => {
    test('Clawbar with its clock 10 minutes off either way still connects (it signs with the challenge ts)', async () => {
      const gw = await sharedGateway(version);
      for (const skew of [-TEN_MINUTES, TEN_MINUTES]) {
        const client = new GatewayClient({
          url: gw.url,
          identity: generateIdentity(),
          credentials: memoryCredentials(gw.token),
          now: () => Date.now() + skew,
        });
        cleanups.push(() => client.stop());
        client.start();
        await waitFor(() => client.state.kind === 'connected', 20_000, `connected with skew ${skew} ms`);
        assert.equal(client.stats.attempts, 1, 'at the first attempt');
        await client.stop();
      }
    });

    test('the gateway refuses a signature dated 10 minutes off and accepts one 60 s off', async () => {
      const gw = await sharedGateway(version);
      for (const offset of [-TEN_MINUTES, TEN_MINUTES]) {
        const r = await connectSignedAt(gw, offset);
        assert.equal(r.ok, false, `signedAt ${offset} ms off is refused`);
        assert.equal(r.error?.details?.code, 'DEVICE_AUTH_SIGNATURE_EXPIRED', JSON.stringify(r));
        assert.equal(r.closeCode, 1008);
      }
      const within = await connectSignedAt(gw, -60_000);
      assert.equal(within.ok, true, `60 s off is inside the window: ${JSON.stringify(within)}`);
    });

    test('a challenge clock 10 minutes off: Clawbar shows auth-failed with the gateway code, and waits', async () => {
      const gw = await sharedGateway(version);
      const proxy = await skewingProxy(gw, -TEN_MINUTES);
      const client = new GatewayClient({
        url: proxy.url,
        identity: generateIdentity(),
        credentials: memoryCredentials(gw.token),
      });
      cleanups.push(() => client.stop());
      client.start();
      const failed = await waitFor(
        () => (client.state.kind === 'auth-failed' ? client.state : undefined),
        15_000,
        'auth-failed',
      );
      assert.equal(failed.code, 'DEVICE_AUTH_SIGNATURE_EXPIRED');
      assert.match(failed.message, /signature expired/);
      await new Promise((r) => setTimeout(r, 3000));
      assert.ok(client.stats.attempts <= 2, `at most one more attempt (${client.stats.attempts})`);
      const settled = client.stats.attempts;
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(client.stats.attempts, settled, 'then no attempt at all');
      assert.equal(proxy.connections, settled);
      assert.equal(client.state.kind, 'auth-failed');
    });
  });
}
