// The dev host over real HTTP and WebSocket on loopback, with a test double of the core behind it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { recordingCore } from '../../test/support/recordingCore.ts';
import type { RecordingCore } from '../../test/support/recordingCore.ts';
import { createBridge } from '../core/contract/client.ts';
import type { BridgeReply, BridgeTransport } from '../core/contract/client.ts';
import type { ClawbarEvents } from '../core/contract/contract.ts';
import { PANEL_CSP } from '../core/bridge/csp.ts';
import { DEVHOST_WS_PATH } from '../core/contract/wsMessages.ts';
import type { WsServerMessage } from '../core/contract/wsMessages.ts';
import type { NotificationOp } from '../core/present/types.ts';
import { createMemoryLoginItems } from './loginItems.ts';
import { DEVHOST_API, startDevHost } from './server.ts';
import type { DevHost } from './server.ts';

let root: string;
let core: RecordingCore;
let host: DevHost;
const loginItems = createMemoryLoginItems();
const sockets: WebSocket[] = [];

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-devhost-test-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Clawbar</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("panel")');
  fs.writeFileSync(path.join(os.tmpdir(), 'clawbar-devhost-secret.txt'), 'outside');
  core = recordingCore({
    getState: () => ({ firstRun: true, inbox: [{ key: 'device:dev-3', revision: 2 }] }),
  });
  host = await startDevHost({ core, rootDir: root, loginItems });
});

after(async () => {
  for (const ws of sockets) ws.terminate();
  await host.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function open(opts: { key?: string | null; origin?: string | null; path?: string } = {}): Promise<WebSocket> {
  const key = opts.key === undefined ? host.key : opts.key;
  const url = `ws://127.0.0.1:${host.port}${opts.path ?? DEVHOST_WS_PATH}${key === null ? '' : `?key=${encodeURIComponent(key)}`}`;
  const origin = opts.origin === undefined ? host.origin : opts.origin;
  const ws = new WebSocket(url, origin === null ? {} : { origin });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A BridgeTransport over a Node WebSocket, speaking the same messages as the browser transport. */
function nodeTransport(ws: WebSocket): BridgeTransport {
  let nextId = 1;
  const pending = new Map<number, (r: BridgeReply) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString('utf8')) as WsServerMessage;
    if (msg.type === 'reply') pending.get(msg.id)?.(msg.reply);
    else for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
  });
  return {
    request(name, args) {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'request', id, name, args }));
      return new Promise((resolve) => pending.set(id, resolve));
    },
    subscribe(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  };
}

describe('dev host', () => {
  test('listens on loopback only, on a random port, and prints the key in the URL fragment', () => {
    assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/#key=[\w-]{20,}$/);
    assert.notEqual(host.port, 0);
    assert.ok(host.url.endsWith(`#key=${host.key}`));
  });

  test('serves the built panel with the strict CSP header', async () => {
    const res = await fetch(`${host.origin}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), PANEL_CSP);
    assert.match(PANEL_CSP, /script-src 'self'/);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await res.text(), /<title>Clawbar<\/title>/);
    const js = await fetch(`${host.origin}/assets/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.equal(js.headers.get('content-security-policy'), PANEL_CSP);
  });

  test('serves nothing outside the panel folder and 404s unknown files', async () => {
    assert.equal((await fetch(`${host.origin}/nope.js`)).status, 404);
    assert.notEqual((await fetch(`${host.origin}/%2e%2e/clawbar-devhost-secret.txt`)).status, 200);
    assert.notEqual((await fetch(`${host.origin}/..%2fclawbar-devhost-secret.txt`)).status, 200);
  });

  test('refuses a request for another Host name (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    assert.equal(status, 421);
  });

  test('the WebSocket handshake needs the key', async () => {
    await assert.rejects(open({ key: null }), /HTTP 401/);
    await assert.rejects(open({ key: 'wrong-key' }), /HTTP 401/);
    await assert.rejects(open({ key: `${host.key}x` }), /HTTP 401/);
  });

  test("the WebSocket handshake needs the host's own Origin", async () => {
    await assert.rejects(open({ origin: 'http://evil.example' }), /HTTP 403/);
    await assert.rejects(open({ origin: `http://localhost:${host.port}` }), /HTTP 403/);
    await assert.rejects(open({ origin: null }), /HTTP 403/);
    await assert.rejects(open({ path: '/other' }), /HTTP 404/);
  });

  test('requests round-trip through the contract and bad payloads come back as errors', async () => {
    const bridge = createBridge(nodeTransport(await open()));
    assert.deepEqual(await bridge.getState(), {
      firstRun: true,
      inbox: [{ key: 'device:dev-3', revision: 2 }],
    });
    assert.deepEqual(await bridge.reject('dev-9', 'req-1'), { ok: true });
    assert.deepEqual(core.calls.slice(-2), [
      { name: 'getState', args: [] },
      { name: 'reject', args: ['dev-9', 'req-1'] },
    ]);
    await assert.rejects(() => bridge.mute('dev-9', -1), /mute: invalid arguments/);
    const raw = nodeTransport(await open());
    const reply = await raw.request('dispose' as 'getState', []);
    assert.equal(reply.ok, false);
    assert.equal(!reply.ok && reply.code, 'unknown-request');
  });

  test('core events reach every connected panel', async () => {
    const a = createBridge(nodeTransport(await open()));
    const b = createBridge(nodeTransport(await open()));
    const seen: Array<[string, ClawbarEvents['focus']]> = [];
    a.on('focus', (p) => seen.push(['a', p]));
    b.on('focus', (p) => seen.push(['b', p]));
    await a.getState(); // both sockets are open and registered
    await b.getState();
    core.emit('focus', { view: 'pending', key: 'device:dev-7' });
    const deadline = Date.now() + 2000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen.sort(), [
      ['a', { view: 'pending', key: 'device:dev-7' }],
      ['b', { view: 'pending', key: 'device:dev-7' }],
    ]);
  });

  test('a malformed message closes that socket', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    assert.equal(await closed, 1003);
  });

  test('the notification log is served only with the key', async () => {
    const op: NotificationOp = { type: 'close', key: 'device:dev-3', revision: 1 };
    core.notify(op);
    const url = `${host.origin}${DEVHOST_API.notifications}`;
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${host.key}` } });
    assert.equal(res.status, 200);
    const log = (await res.json()) as Array<{ at: number; op: NotificationOp }>;
    assert.deepEqual(log.at(-1)?.op, op);
  });

  test('a notification action can be simulated (with the key) and reaches the core', async () => {
    const url = `${host.origin}${DEVHOST_API.notificationAction}`;
    const body = JSON.stringify({ key: 'device:dev-3', revision: 2, action: 'approve' });
    assert.equal((await fetch(url, { method: 'POST', body })).status, 401);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.key}` },
      body: JSON.stringify({ key: 'device:dev-3', revision: 2, action: 'hack' }),
    });
    assert.equal(bad.status, 400);
    const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${host.key}` }, body });
    assert.equal(ok.status, 200);
    assert.deepEqual(core.notificationActions.at(-1), {
      key: 'device:dev-3',
      revision: 2,
      action: 'approve',
    });
  });

  test('an action that changes nothing says so: unknown item, or an approve of an old revision', async () => {
    const url = `${host.origin}${DEVHOST_API.notificationAction}`;
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${host.key}` },
        body: JSON.stringify(body),
      });
    const unknown = await post({ key: 'device:nobody', revision: 1, action: 'approve' });
    assert.equal(unknown.status, 409);
    assert.deepEqual(await unknown.json(), {
      ok: false,
      noop: true,
      error: 'No pending item device:nobody: nothing was done.',
    });
    const stale = await post({ key: 'device:dev-3', revision: 1, action: 'approve' });
    assert.equal(stale.status, 409);
    assert.match(((await stale.json()) as { error: string }).error, /changed since revision 1 \(now 2\)/);
    // The core still heard both (it refreshes or closes the stale notification).
    assert.deepEqual(core.notificationActions.at(-1), {
      key: 'device:dev-3',
      revision: 1,
      action: 'approve',
    });
  });

  test('a 70 KB body gets 413; a 70 KB WebSocket frame closes the socket with 1009', async () => {
    const url = `${host.origin}${DEVHOST_API.notificationAction}`;
    const big = JSON.stringify({
      key: 'device:dev-3',
      revision: 2,
      action: 'approve',
      pad: 'x'.repeat(70 * 1024),
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.key}` },
      body: big,
    });
    assert.equal(res.status, 413);
    // Without a Content-Length (chunked) the cap holds as well.
    const chunked = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.key}` },
      body: new Blob([big]).stream(),
      duplex: 'half',
    });
    assert.equal(chunked.status, 413);
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'request', id: 1, name: 'getState', args: ['x'.repeat(70 * 1024)] }));
    assert.equal(await closed, 1009);
  });

  test('login items live in memory and are logged', async () => {
    loginItems.set(true);
    const res = await fetch(`${host.origin}${DEVHOST_API.loginItems}`, {
      headers: { authorization: `Bearer ${host.key}` },
    });
    const body = (await res.json()) as {
      openAtLogin: boolean;
      calls: Array<{ call: string; value?: boolean }>;
    };
    assert.equal(body.openAtLogin, true);
    assert.deepEqual(
      body.calls.map(({ call, value }) => ({ call, value })),
      [{ call: 'set', value: true }],
    );
  });

  test('closing the host unsubscribes from the core', async () => {
    const other = await startDevHost({ core, rootDir: root });
    const before = core.listenerCount('state');
    await other.close();
    assert.equal(core.listenerCount('state'), before - 1);
  });
});
