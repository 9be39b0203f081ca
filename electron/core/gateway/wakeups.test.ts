// The readiness watch on a real loopback HTTP server standing in for a gateway's /readyz (only the
// status code matters here; the real gateways are in client.test.ts and test/app/loginOrder.test.ts).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { watchReadiness } from './wakeups.ts';

/** A /readyz that answers `status()` after `delayMs`; listening only once `listen()` is called. */
function fakeReadyz(o: { status: () => number; delayMs?: number }) {
  const server = http.createServer((req, res) => {
    setTimeout(() => res.writeHead(req.url === '/readyz' ? o.status() : 404).end('{}'), o.delayMs ?? 0);
  });
  return {
    server,
    async listen(port = 0): Promise<number> {
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      return (server.address() as AddressInfo).port;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

const readyWithin = (ms: number, arm: (done: () => void) => () => void) =>
  new Promise<boolean>((resolve) => {
    const stop = arm(() => {
      clearTimeout(t);
      resolve(true);
    });
    const t = setTimeout(() => {
      stop();
      resolve(false);
    }, ms);
  });

test('a gateway that starts after the fast window is still noticed (the watch slows down, never stops)', async () => {
  const gw = fakeReadyz({ status: () => 200 });
  // Reserve a port, free it, and start the "gateway" on it later.
  const port = await gw.listen();
  await gw.close();
  setTimeout(() => void gw.listen(port), 600);
  const url = `ws://127.0.0.1:${port}`;
  const noticed = await readyWithin(3000, (done) =>
    watchReadiness(url, done, { intervalMs: 50, fastForMs: 100, slowIntervalMs: 200 }),
  );
  await gw.close();
  assert.ok(noticed, 'ready noticed after the fast window had ended');
});

test('a slow /readyz on a busy machine still counts as ready', async () => {
  const gw = fakeReadyz({ status: () => 200, delayMs: 700 });
  const port = await gw.listen();
  const noticed = await readyWithin(4000, (done) =>
    watchReadiness(`ws://127.0.0.1:${port}`, done, { intervalMs: 50 }),
  );
  await gw.close();
  assert.ok(noticed, 'a 700 ms answer is not taken for "not ready"');
});

test('with requireNotReadyFirst, a gateway that never went away does not wake; one that comes back does', async () => {
  let status = 200;
  const gw = fakeReadyz({ status: () => status });
  const port = await gw.listen();
  const url = `ws://127.0.0.1:${port}`;
  const o = { intervalMs: 50, requireNotReadyFirst: true };
  assert.equal(await readyWithin(400, (done) => watchReadiness(url, done, o)), false);
  // A gateway seen ready is asked only every `slowIntervalMs` (1 s) until it goes away.
  setTimeout(() => (status = 503), 100);
  setTimeout(() => (status = 200), 1500);
  assert.equal(await readyWithin(4000, (done) => watchReadiness(url, done, o)), true);
  await gw.close();
});
