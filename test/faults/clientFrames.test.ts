// Faults the real gateway cannot produce, from a scripted WebSocket server: malformed and unknown
// frames, an oversized frame, an RPC that never answers, a close in the middle of an RPC, a challenge
// that never comes. The client must not crash and must always show a clear state.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import { faultServer } from './faultServer.ts';
import { memoryCredentials } from '../support/memoryCredentials.ts';
import { waitFor } from '../support/waitFor.ts';
import { GatewayClient, GatewayUnavailableError, MAX_PAYLOAD } from '../../electron/core/gateway/client.ts';
import { generateIdentity } from '../../electron/core/gateway/identity.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups) await c();
});

function clientFor(url: string, o: { rpcTimeoutMs?: number; handshakeTimeoutMs?: number } = {}) {
  const logs: string[] = [];
  const client = new GatewayClient({
    url,
    identity: generateIdentity(),
    credentials: memoryCredentials('t0k'),
    log: (_level, m) => logs.push(m),
    ...o,
  });
  cleanups.push(() => client.stop());
  return { client, logs };
}

describe('gateway client under faults (scripted server)', () => {
  test('malformed JSON and unknown frame types are logged and dropped, the connection stays up', async () => {
    const srv = await faultServer({
      afterHello: (ws) => {
        ws.send('{not json');
        ws.send(JSON.stringify({ type: 'mystery', hello: 1 }));
        ws.send(JSON.stringify({ type: 'res' })); // missing id/ok
        ws.send(JSON.stringify([1, 2, 3]));
        ws.send(JSON.stringify({ type: 'event', event: 'tick', payload: { ts: 1 }, seq: 1 }));
      },
    });
    cleanups.push(srv.close);
    const { client, logs } = clientFor(srv.url);
    const events: string[] = [];
    client.onEvent((e) => events.push(e.event));
    client.start();
    await waitFor(() => events.includes('tick'), 5000, 'the valid event after the bad ones');
    assert.equal(client.state.kind, 'connected');
    assert.equal(client.stats.droppedFrames, 4);
    assert.ok(logs.some((l) => l.includes('malformed JSON')));
    assert.ok(logs.some((l) => l.includes('unexpected frame (type mystery)')));
  });

  test('a seq gap is surfaced so state can be re-listed', async () => {
    const srv = await faultServer({
      afterHello: (ws) => {
        for (const seq of [1, 2, 5])
          ws.send(JSON.stringify({ type: 'event', event: 'presence', payload: {}, seq }));
      },
    });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url);
    const gaps: { expected: number; got: number }[] = [];
    client.onGap((g) => gaps.push(g));
    client.start();
    await waitFor(() => gaps.length > 0, 5000, 'a gap');
    assert.deepEqual(gaps, [{ expected: 3, got: 5 }]);
  });

  test('an oversized frame closes the socket and the client reconnects with a clear reason', async () => {
    const srv = await faultServer({ afterHello: (ws) => ws.send('x'.repeat(MAX_PAYLOAD + 1024)) });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url);
    const states: string[] = [];
    client.onState((s) => states.push(s.kind === 'reconnecting' ? `reconnecting:${s.lastError}` : s.kind));
    client.start();
    await waitFor(() => states.find((s) => s.startsWith('reconnecting:')), 10_000, 'reconnecting');
    assert.ok(states.includes('connected'));
    assert.match(states.find((s) => s.startsWith('reconnecting:')) ?? '', /too large/);
    await waitFor(() => srv.connections.length >= 2, 5000, 'a second connection');
  });

  test('an RPC that never answers times out with a clear error; the connection stays up', async () => {
    const srv = await faultServer({ onRequest: () => undefined });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url, { rpcTimeoutMs: 300 });
    client.start();
    await waitFor(() => client.state.kind === 'connected', 5000, 'connected');
    await assert.rejects(client.call('device.pair.list'), (e: unknown) => {
      assert.ok(e instanceof GatewayUnavailableError);
      assert.equal(e.code, 'TIMEOUT');
      assert.match(e.message, /device\.pair\.list: no answer from the gateway within 300 ms/);
      return true;
    });
    assert.equal(client.state.kind, 'connected');
  });

  test('out-of-order responses reach the right callers', async () => {
    const held: { ws: WebSocket; id: string; method: string }[] = [];
    const srv = await faultServer({
      onRequest: (ws, req) => {
        held.push({ ws, id: req.id, method: req.method });
        if (held.length === 2) {
          for (const h of [...held].reverse())
            h.ws.send(JSON.stringify({ type: 'res', id: h.id, ok: true, payload: { method: h.method } }));
        }
      },
    });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url);
    client.start();
    await waitFor(() => client.state.kind === 'connected', 5000, 'connected');
    const [a, b] = await Promise.all([
      client.call<{ method: string }>('first'),
      client.call<{ method: string }>('second'),
    ]);
    assert.equal(a.method, 'first');
    assert.equal(b.method, 'second');
  });

  test('a close in the middle of an RPC rejects it and the client reconnects', async () => {
    const srv = await faultServer({ onRequest: (ws) => ws.close(1011, 'boom') });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url);
    client.start();
    await waitFor(() => client.state.kind === 'connected', 5000, 'connected');
    await assert.rejects(client.call('device.pair.list'), (e: unknown) => {
      assert.ok(e instanceof GatewayUnavailableError);
      assert.equal(e.code, 'CONNECTION_LOST');
      return true;
    });
    await waitFor(() => srv.connections.length >= 2, 5000, 'a reconnect');
  });

  test('a challenge that never comes: the attempt times out and the state says so', async () => {
    const srv = await faultServer({ challenge: false });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url, { handshakeTimeoutMs: 300 });
    client.start();
    const s = await waitFor(
      () => (client.state.kind === 'reconnecting' ? client.state : undefined),
      5000,
      'reconnecting',
    );
    assert.match(s.lastError, /no challenge from the gateway/);
  });

  test('calls while not connected fail at once with NOT_CONNECTED', async () => {
    const { client } = clientFor('ws://127.0.0.1:9');
    await assert.rejects(
      client.call('device.pair.list'),
      (e: unknown) => e instanceof GatewayUnavailableError && e.code === 'NOT_CONNECTED',
    );
  });
});
