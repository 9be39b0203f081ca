// Faults the real gateway cannot produce, from a scripted WebSocket server: malformed and unknown
// frames, an oversized frame, an RPC that never answers, a close in the middle of an RPC, a challenge
// that never comes, absurd server-chosen delays, a connection that dies right after its handshake, a
// port held by another user, a plain ws:// remote. The client must not crash, must never loop and
// must always show a clear state.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
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

function clientFor(
  url: string,
  o: { rpcTimeoutMs?: number; handshakeTimeoutMs?: number; allowInsecureRemote?: boolean } = {},
) {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connect attempts a client makes against `srv` in `ms`, with the times between them. */
async function attemptsOver(url: string, ms: number): Promise<{ count: number; gaps: number[] }> {
  const { client } = clientFor(url);
  const at: number[] = [];
  client.onAttempt((a) => at.push(a.at));
  client.start();
  await sleep(ms);
  await client.stop();
  return { count: at.length, gaps: at.slice(1).map((t, i) => t - at[i]!) };
}

describe('gateway client: what it declares at connect', () => {
  test('connect declares the approvals capability (exec/plugin approvals reach only clients that do)', async () => {
    const frames: string[] = [];
    const srv = await faultServer({ onFrame: (t) => frames.push(t) });
    cleanups.push(srv.close);
    const { client } = clientFor(srv.url);
    client.start();
    await waitFor(() => client.state.kind === 'connected', 5000, 'connected');
    const connect = frames.map((f) => JSON.parse(f) as { method?: string; params?: { caps?: unknown } });
    assert.deepEqual(connect.find((f) => f.method === 'connect')?.params?.caps, ['approvals']);
  });
});

describe('gateway client: server-chosen numbers cannot make it spin', () => {
  test('retryAfterMs / restartExpectedMs of 0, negative and 1e12, and a 0 ms tick: no tight loop over 10 s', async () => {
    const unavailable = (retryAfterMs: number) =>
      faultServer({ connectError: { code: 'UNAVAILABLE', message: 'busy', retryable: true, retryAfterMs } });
    const restarting = (restartExpectedMs: number) =>
      faultServer({
        afterHello: (ws) => {
          ws.send(
            JSON.stringify({
              type: 'event',
              event: 'shutdown',
              payload: { reason: 'restart', restartExpectedMs },
            }),
          );
          ws.close(1012, 'service restart');
        },
      });
    const cases = {
      'retryAfterMs 0': await unavailable(0),
      'retryAfterMs -1000': await unavailable(-1000),
      'retryAfterMs 1e12': await unavailable(1e12),
      'restartExpectedMs 0': await restarting(0),
      'restartExpectedMs -1': await restarting(-1),
      'restartExpectedMs 1e12': await restarting(1e12),
      'tickIntervalMs 0': await faultServer({ tickIntervalMs: 0 }),
    };
    for (const srv of Object.values(cases)) cleanups.push(srv.close);
    const counts = await Promise.all(Object.values(cases).map((srv) => attemptsOver(srv.url, 10_000)));
    const seen = Object.fromEntries(Object.keys(cases).map((k, i) => [k, counts[i]!.count]));
    console.log(`[delays] connect attempts in 10 s: ${JSON.stringify(seen)}`);
    // Exponential from 250 ms: 0 + 500 + 1000 + 2000 + 4000 ms fit in 10 s (jitter ±20 %).
    for (const k of ['retryAfterMs 0', 'retryAfterMs -1000', 'restartExpectedMs 0', 'restartExpectedMs -1'])
      assert.ok(seen[k]! >= 2 && seen[k]! <= 8, `${k}: ${seen[k]} attempts in 10 s`);
    // Clamped to 5 minutes: one attempt, then a long wait (never a wrapped-around 1 ms timer).
    for (const k of ['retryAfterMs 1e12', 'restartExpectedMs 1e12'])
      assert.equal(seen[k], 1, `${k}: ${seen[k]} attempts in 10 s`);
    // A 0 ms heartbeat is read as 1 s: the watchdog does not kill a healthy connection in a loop.
    assert.ok(seen['tickIntervalMs 0']! <= 8, `tick 0: ${seen['tickIntervalMs 0']} attempts`);
  });

  test('a connection that dies right after hello backs off exponentially instead of every 250 ms', async () => {
    const srv = await faultServer({ afterHello: (ws) => ws.close(1011, 'internal error') });
    cleanups.push(srv.close);
    const { count, gaps } = await attemptsOver(srv.url, 6000);
    console.log(`[hello-then-die] ${count} attempts in 6 s, gaps ${gaps.join(', ')} ms`);
    assert.ok(count >= 3 && count <= 6, `${count} attempts in 6 s`);
    for (let i = 1; i < gaps.length; i++)
      assert.ok(gaps[i]! > gaps[i - 1]! * 1.3, `each wait longer than the last: ${gaps.join(', ')}`);
  });
});

describe('gateway client: secrets go only to a gateway of this user', () => {
  test('a fake gateway on a port owned by another uid never receives a frame with auth; the state says why', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root to run the fake gateway as uid 65534');
    const script = path.join(import.meta.dirname, 'faultServer.ts');
    const child = spawn(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, script],
      { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    });
    const frames: string[] = [];
    let url: string | undefined;
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { url?: string; frame?: string };
      if (m.url) url = m.url;
      if (m.frame !== undefined) frames.push(m.frame);
    });
    await waitFor(() => url, 10_000, 'the fake gateway running as uid 65534');
    const port = new URL(url!).port;
    const { client } = clientFor(url!);
    const attempts: number[] = [];
    client.onAttempt((a) => attempts.push(a.at));
    client.start();
    const s = await waitFor(
      () => (client.state.kind === 'reconnecting' ? client.state : undefined),
      10_000,
      'a refusal in the state',
    );
    assert.match(s.lastError, new RegExp(`[Pp]ort ${port}`), 'names the port');
    assert.match(s.lastError, /65534/, 'names the owner');
    assert.match(s.lastError, /another user/);
    await sleep(3000);
    await client.stop();
    assert.deepEqual(
      frames.filter((f) => f.includes('"auth"') || f.includes('t0k')),
      [],
      'no frame with auth or the token',
    );
    assert.deepEqual(frames, [], 'no connect frame at all');
    assert.ok(attempts.length >= 2 && attempts.length <= 6, `retried on the backoff (${attempts.length})`);
  });

  test('a plain ws:// gateway on another machine is refused before any byte, unless the user opted in', async (t) => {
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!lan) return t.skip('no non-loopback address on this machine');
    const srv = await faultServer({ host: lan });
    cleanups.push(srv.close);
    const refused = clientFor(srv.url).client;
    refused.start();
    const s = await waitFor(
      () => (refused.state.kind === 'auth-failed' ? refused.state : undefined),
      5000,
      'refused',
    );
    assert.equal(s.code, 'INSECURE_URL');
    assert.match(s.message, /unencrypted/);
    assert.match(s.nextStep ?? '', /wss:\/\//);
    await sleep(500);
    assert.equal(srv.connections.length, 0, 'no connection was even opened');

    const allowed = clientFor(srv.url, { allowInsecureRemote: true }).client;
    allowed.start();
    await waitFor(() => allowed.state.kind === 'connected', 5000, 'connected with the opt-in');
  });
});
