// Issue #8, scenarios 6 and 7, from a scripted server (the real gateway never sends garbage and drops
// events only under load it cannot be made to produce on demand): 10,000 random and malformed frames
// at a connected client, and a 20,000-event burst to a slow consumer with a dropped stretch of seq.
// And one bad record in a real gateway's pairing list (injected by a loopback proxy in front of it):
// the good request still shows and can be approved.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { WebSocket } from 'ws';
import { AuditLog } from '../../electron/core/audit/auditLog.ts';
import { GatewayClient } from '../../electron/core/gateway/client.ts';
import { generateIdentity } from '../../electron/core/gateway/identity.ts';
import type { PendingRequest } from '../../electron/core/gateway/wire.ts';
import { PairingEngine } from '../../electron/core/pairing/engine.ts';
import { approveIntentOf } from '../../electron/core/pairing/reconcile.ts';
import { TestDevice } from '../support/device.ts';
import { sharedGateway, stopOwnedGateways, tempDir, type TestGateway } from '../support/gateway.ts';
import { memoryCredentials } from '../support/memoryCredentials.ts';
import { memoryPrefs, pairingRig } from '../support/pairingRig.ts';
import { GATEWAY_VERSIONS } from '../support/toolchain.ts';
import { waitFor } from '../support/waitFor.ts';
import { faultServer, reply } from './faultServer.ts';
import { gatewayProxy } from './gatewayProxy.ts';

// A real collection before each heap reading, so the bound measures what is retained, not garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await stopOwnedGateways();
});

/** Deterministic PRNG (mulberry32): a failing run can be replayed from the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One frame the client must drop (never a valid event or response), as [data, binary]. Covers
 * garbage text, truncated frames, non-object JSON, wrong field types, fractional / string seq,
 * unknown frame types, responses to requests never sent, binary frames and an unclosed deep nest.
 */
function badFrame(rnd: () => number, i: number): [string | Buffer, boolean] {
  const pick = Math.floor(rnd() * 12);
  const text = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(33 + Math.floor(rnd() * 94))).join('');
  switch (pick) {
    case 0:
      return [`x${text(1 + Math.floor(rnd() * 200))}`, false];
    case 1: {
      const full = JSON.stringify({ type: 'event', event: 'presence', payload: { i }, seq: i });
      return [full.slice(0, Math.floor(rnd() * (full.length - 1))), false];
    }
    case 2:
      return [JSON.stringify([null, 1, 'two', { three: 3 }][Math.floor(rnd() * 4)]), false];
    case 3:
      return [JSON.stringify({ type: 'event', event: Math.floor(rnd() * 1e6) }), false];
    case 4:
      return [JSON.stringify({ type: 'event', event: 'presence', seq: i + 0.5 }), false];
    case 5:
      return [JSON.stringify({ type: 'event', event: 'presence', seq: String(i) }), false];
    case 6:
      return [JSON.stringify({ type: 'res', id: 42, ok: 'yes' }), false];
    case 7:
      return [JSON.stringify({ type: text(6), id: text(8), payload: { nested: [text(20)] } }), false];
    case 8:
      return [JSON.stringify({ type: 'res', id: `never-sent-${i}`, ok: true, payload: {} }), false];
    case 9:
      return [randomBytes(1 + Math.floor(rnd() * 512)), true];
    case 10:
      // Unclosed and deep: a parser that recursed per level would blow its stack here.
      return ['['.repeat(5000 + Math.floor(rnd() * 5000)), false];
    default:
      // Occasionally large (64 KiB – 256 KiB) garbage.
      return [`{"type":"event","event":${'9'.repeat(64 * 1024 + Math.floor(rnd() * 192 * 1024))}`, false];
  }
}

describe('fault: 10,000 random and malformed frames at a connected client', () => {
  test('no crash, stays connected, every bad frame counted in droppedFrames, heap growth bounded', async () => {
    const seed = Number(process.env.CLAWBAR_FAULT_SEED ?? Date.now() % 2 ** 31);
    console.log(`[frames] seed ${seed} (replay with CLAWBAR_FAULT_SEED=${seed})`);
    const rnd = prng(seed);
    const FRAMES = 10_000;
    const VALID_EVERY = 100;
    let server: WebSocket | undefined;
    const srv = await faultServer({
      afterHello: (ws) => (server = ws),
      onRequest: (ws, req) => reply(ws, req.id, { pong: req.method }),
    });
    cleanups.push(srv.close);
    let logged = 0;
    const client = new GatewayClient({
      url: srv.url,
      identity: generateIdentity(),
      credentials: memoryCredentials('t0k'),
      log: () => logged++,
    });
    cleanups.push(() => client.stop());
    const states: string[] = [];
    client.onState((s) => states.push(s.kind));
    const seqs: number[] = [];
    const gaps: unknown[] = [];
    client.onEvent((e) => e.seq !== undefined && seqs.push(e.seq));
    client.onGap((g) => gaps.push(g));
    client.start();
    await waitFor(() => client.state.kind === 'connected' && server, 5000, 'connected');
    // Warm up (zod, JSON, ws buffers) before the baseline reading.
    await client.call('warm-up');
    const heapBefore = heapAfterGc();

    let bad = 0;
    let seq = 0;
    for (let i = 1; i <= FRAMES; i++) {
      if (i % VALID_EVERY === 0) {
        server!.send(JSON.stringify({ type: 'event', event: 'presence', payload: { i }, seq: ++seq }));
        continue;
      }
      const [data, binary] = badFrame(rnd, i);
      server!.send(data, { binary });
      bad++;
    }
    server!.send(JSON.stringify({ type: 'event', event: 'done', payload: {}, seq: ++seq }));
    await waitFor(() => seqs.includes(seq), 60_000, 'the last valid event after the flood', 50);

    assert.equal(client.stats.droppedFrames, bad, 'every malformed frame is counted, and only those');
    assert.equal(logged, bad, 'each drop is logged once');
    assert.deepEqual(
      seqs,
      Array.from({ length: seq }, (_, k) => k + 1),
      'every valid event in between arrived, in order',
    );
    assert.deepEqual(gaps, [], 'dropped garbage never looks like a seq gap');
    assert.deepEqual(states, ['connecting', 'connected'], 'the connection never dropped');
    assert.equal(client.stats.connects, 1);
    assert.deepEqual(await client.call('still-alive'), { pong: 'still-alive' }, 'RPCs still work');

    const growth = heapAfterGc() - heapBefore;
    console.log(`[frames] ${bad} dropped, heap growth after GC ${(growth / 1024 / 1024).toFixed(1)} MB`);
    assert.ok(growth < 20 * 1024 * 1024, `retained heap grew by ${growth} bytes`);
  });

  test('an invalid UTF-8 text frame closes the socket (1007) and the client reconnects', async () => {
    const srv = await faultServer({
      afterHello: (ws) => {
        // Only the first connection gets the bad frame; the reconnect must then stay up.
        if (srv.connections.length === 1) ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      },
    });
    cleanups.push(srv.close);
    const client = new GatewayClient({
      url: srv.url,
      identity: generateIdentity(),
      credentials: memoryCredentials('t0k'),
      backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0 },
    });
    cleanups.push(() => client.stop());
    const states: string[] = [];
    client.onState((s) => states.push(s.kind === 'reconnecting' ? `reconnecting: ${s.lastError}` : s.kind));
    client.start();
    await waitFor(
      () => client.stats.connects >= 2 && client.state.kind === 'connected',
      10_000,
      'reconnected',
    );
    const why = states.find((s) => s.startsWith('reconnecting'));
    assert.match(why ?? '', /UTF-8|1007/i, `a clear reason: ${JSON.stringify(states)}`);
    assert.equal(srv.connections.length, 2, 'one reconnect, no loop');
  });
});

function pending(deviceId: string, n: number): PendingRequest {
  return {
    requestId: `req-${deviceId}-${n}`,
    deviceId,
    publicKey: Buffer.alloc(32, n % 256).toString('base64url'),
    displayName: `Burst device ${n}`,
    clientId: 'gateway-client',
    clientMode: 'ui',
    platform: 'linux',
    role: 'operator',
    roles: ['operator'],
    scopes: ['operator.read'],
    ts: Date.now(),
  };
}

describe('fault: a slow consumer under a 20,000-event burst with a dropped stretch of seq', () => {
  test('the client keeps up, surfaces the gap once, and the engine re-lists to learn what was dropped', async () => {
    const EVENTS = 20_000;
    const DROP_FROM = 10_001;
    const DROP_TO = 10_050;
    // The gateway's state: the dropped stretch held the request of this device.
    const list: { pending: PendingRequest[]; paired: unknown[] } = { pending: [], paired: [] };
    const hidden = pending('d'.repeat(64), 1);
    let server: WebSocket | undefined;
    const srv = await faultServer({
      methods: ['device.pair.list', 'device.pair.approve'],
      afterHello: (ws) => (server = ws),
      onRequest: (ws, req) => {
        if (req.method === 'device.pair.list') reply(ws, req.id, structuredClone(list));
      },
    });
    cleanups.push(srv.close);
    const client = new GatewayClient({
      url: srv.url,
      identity: generateIdentity(),
      credentials: memoryCredentials('t0k'),
    });
    const dataDir = tempDir('clawbar-faults-burst-');
    const engine = new PairingEngine({
      client,
      audit: new AuditLog(path.join(dataDir, 'audit')),
      prefs: memoryPrefs(),
    });
    cleanups.push(async () => {
      engine.stop();
      await client.stop();
    });
    const states: string[] = [];
    client.onState((s) => states.push(s.kind));
    let received = 0;
    let spin = 0;
    client.onEvent(() => {
      received++;
      // A slow consumer: ~40 µs of work per event, so the burst arrives faster than it is handled.
      const until = process.hrtime.bigint() + 40_000n;
      while (process.hrtime.bigint() < until) spin++;
    });
    const gaps: { expected: number; got: number }[] = [];
    client.onGap((g) => gaps.push(g));
    engine.start();
    client.start();
    await waitFor(() => server && engine.stats.lists >= 1, 5000, 'connected and listed once');
    await new Promise((r) => setTimeout(r, 100));
    const listsBefore = engine.stats.lists;
    assert.equal(engine.cards.length, 0);

    // The request is created inside the dropped stretch: only a re-list can reveal it.
    const started = Date.now();
    for (let seq = 1; seq <= EVENTS; seq++) {
      if (seq === DROP_FROM) list.pending.push(hidden);
      if (seq >= DROP_FROM && seq <= DROP_TO) continue;
      server!.send(JSON.stringify({ type: 'event', event: 'health', payload: { seq }, seq }));
    }
    await waitFor(() => received === EVENTS - (DROP_TO - DROP_FROM + 1), 60_000, 'the whole burst', 50);
    const card = await waitFor(
      () => engine.cards.find((c) => c.deviceId === hidden.deviceId),
      5000,
      'the card of the request the dropped events announced',
    );
    console.log(
      `[burst] ${received} events handled in ${Date.now() - started} ms (${spin} spins), ${engine.stats.lists - listsBefore} re-list(s)`,
    );
    assert.deepEqual(gaps, [{ expected: DROP_FROM, got: DROP_TO + 1 }], 'the gap is surfaced once');
    const lists = engine.stats.lists - listsBefore;
    assert.ok(lists >= 1 && lists <= 3, `the gap caused a re-list, not one per event (${lists})`);
    assert.equal(card.requestId, hidden.requestId);
    assert.deepEqual(states, ['connecting', 'connected'], 'never disconnected');
    assert.equal(client.stats.droppedFrames, 0);

    // A burst of pairing events folds into a few lists, not one per event.
    const listsMid = engine.stats.lists;
    for (let n = 2; n <= 2001; n++) {
      const p = pending(n.toString(16).padStart(64, '0'), n);
      list.pending.push(p);
      server!.send(
        JSON.stringify({ type: 'event', event: 'device.pair.requested', payload: p, seq: EVENTS + n }),
      );
    }
    await waitFor(() => engine.cards.length === 2001, 20_000, 'all 2001 cards', 50);
    const burstLists = engine.stats.lists - listsMid;
    assert.ok(burstLists <= 20, `2000 requested events folded into ${burstLists} lists`);
    assert.equal(client.state.kind, 'connected');
  });
});

/** A `device.pair.list` answer with one malformed record in front and `null` in absent optional fields. */
function poisonPairList(text: string): string {
  const frame = JSON.parse(text) as { type?: string; payload?: { pending?: unknown; paired?: unknown } };
  const payload = frame.payload;
  if (frame.type !== 'res' || !payload || !Array.isArray(payload.pending) || !Array.isArray(payload.paired))
    return text;
  for (const p of payload.pending as Record<string, unknown>[])
    for (const k of ['displayName', 'deviceFamily', 'remoteIp', 'refreshedAtMs'])
      if (p[k] === undefined) p[k] = null;
  payload.pending.unshift({
    requestId: 'evil\n2026-01-01T00:00:00.000Z info approved everything\u202e',
    deviceId: null,
    scopes: 'operator.admin',
    ts: 'yesterday',
  });
  return JSON.stringify(frame);
}

for (const version of GATEWAY_VERSIONS) {
  describe(`fault: one malformed record in a real ${version} pairing list`, () => {
    test('the record is logged (escaped) and skipped; the good request shows and is approved', async (t) => {
      const gw = await sharedGateway(version);
      let poisoned = 0;
      const proxy = await gatewayProxy(gw, {
        fromGateway: (text) => {
          const out = poisonPairList(text);
          if (out !== text) poisoned++;
          return out;
        },
      });
      cleanups.push(proxy.close);
      const logs: string[] = [];
      const via = Object.assign(Object.create(gw) as TestGateway, { url: proxy.url });
      const rig = await pairingRig(via, { log: (_level, m) => logs.push(m) });
      cleanups.push(() => rig.stop());

      const device = new TestDevice({ displayName: `Next to a bad record (${version})` });
      const first = await device.connect(gw, { scopes: ['operator.read'] });
      assert.ok(first.ok, `paired at operator.read: ${JSON.stringify(first)}`);
      // 9.6 approves local scope upgrades by itself unless told not to: hold this one for the user.
      if (version !== '2026.4.12') {
        await gw.setAutoApproveLocal(false);
        t.after(() => gw.setAutoApproveLocal(true));
      }
      const loop = device.retry(gw, { scopes: ['operator.read', 'operator.approvals'], intervalMs: 1000 });
      cleanups.push(() => loop.stop());
      const card = await waitFor(
        () => rig.engine.cards.find((c) => c.deviceId === device.deviceId),
        15_000,
        'the card of the good request',
      );
      assert.ok(poisoned > 0, 'the lists went through the proxy');
      const skipped = logs.filter((l) => /skipped a malformed pending entry/.test(l));
      assert.ok(skipped.length > 0, `the bad record is logged: ${JSON.stringify(logs)}`);
      for (const l of skipped) assert.doesNotMatch(l, /[\n\u202e]/, 'logged escaped');

      const r = await rig.engine.approve(approveIntentOf(card));
      assert.ok(r.ok, JSON.stringify(r));
      const ok = await loop.untilConnected(15_000);
      assert.ok(ok.ok);
      const granted = (ok.hello.auth as { scopes?: string[] } | undefined)?.scopes ?? [];
      assert.ok(granted.includes('operator.approvals'), `granted: ${granted.join(', ')}`);
    });
  });
}
