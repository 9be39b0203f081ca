// Issue #15: one connection at a time, counted on the gateway's side. The whole core (createCore) with a
// real Secret Service runs against the run's real 2026.4.12 gateway behind loopback proxies (one per
// "gateway address"), and the test counts the ESTABLISHED sockets each proxy accepted from Clawbar in
// /proc/net/tcp: overlapping Reconnects, a URL change and "forget identity" in one burst, a Reconnect
// while the keychain read is slow (a keychain prompt left open), and dispose().
import { testCore } from '../support/testCore.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import type { AppState } from '../../electron/core/contract/views.ts';
import { osKeyring, type KeyringBackend } from '../../electron/core/secrets/keyringBackend.ts';
import { SecretStore } from '../../electron/core/secrets/secretStore.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../support/keyring.ts';
import { gatewayProxy, type GatewayProxy } from './gatewayProxy.ts';

const cleanups: (() => Promise<void>)[] = [];
let kr: KeyringFixture;
let gw: TestGateway;
before(async () => {
  kr = await startKeyring();
  gw = await sharedGateway('2026.4.12');
});
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await kr?.stop();
  await stopOwnedGateways();
});

/** Sockets in ESTABLISHED state whose local port is `port` (the accepting side: one per client). */
function establishedOn(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4) continue;
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '01') n++;
    }
  }
  return n;
}

function portOf(p: GatewayProxy): number {
  return Number(new URL(p.url).port);
}

async function proxy(): Promise<GatewayProxy> {
  const p = await gatewayProxy(gw);
  cleanups.push(() => p.close());
  return p;
}

/** A keychain whose reads can be made slow, as when macOS shows its "allow access" prompt. */
function slowableKeyring(): { backend: KeyringBackend; slowMs: number } {
  const real = osKeyring();
  const k = {
    slowMs: 0,
    backend: {
      ...real,
      get: async (service: string, account: string) => {
        if (k.slowMs > 0) await new Promise((r) => setTimeout(r, k.slowMs));
        return real.get(service, account);
      },
    } satisfies KeyringBackend,
  };
  return k;
}

interface Rig {
  core: ClawbarCore;
  service: string;
}

function coreOn(url: string, keyring?: KeyringBackend): Rig {
  // Every proxy is a gateway address of its own: its token is stored before the core starts.
  const { core, keychainService: service } = testCore(gw, kr, {
    name: 'one-connection',
    settings: { gatewayUrl: url },
    ...(keyring ? { core: { keyring } } : {}),
  });
  // Loopback address changes are not asked about; anything else would be answered yes here.
  core.on('confirm', (p) => void core.answerConfirm(p.id, true));
  cleanups.push(() => core.dispose());
  return { core, service };
}

async function storeToken(service: string, url: string): Promise<void> {
  await new SecretStore({ service }).setToken(url, gw.token);
}

async function stateWhere(
  core: ClawbarCore,
  pred: (s: AppState) => boolean,
  what: string,
): Promise<AppState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await core.getState();
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.connection)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const connectedTo = (url: string) => (s: AppState) =>
  s.connection.kind === 'connected' && s.connection.url === url;

/** Waits for `want` sockets on each proxy, then checks they stay so (a late extra socket fails). */
async function socketsSettle(want: [GatewayProxy, number][], what: string): Promise<void> {
  const read = () => want.map(([p]) => establishedOn(portOf(p)));
  const deadline = Date.now() + 30_000;
  while (read().some((n, i) => n !== want[i]![1])) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 2000));
  assert.deepEqual(
    read(),
    want.map(([, n]) => n),
    `${what}: open sockets per gateway address`,
  );
}

describe('issue #15: one connection, counted on the gateway side', () => {
  test('two overlapping Reconnects leave one socket; dispose() leaves none', async () => {
    const a = await proxy();
    const rig = coreOn(a.url);
    await storeToken(rig.service, a.url);
    await rig.core.start();
    await stateWhere(rig.core, connectedTo(a.url), 'connected');
    await socketsSettle([[a, 1]], 'connected');

    const results = await Promise.all([rig.core.reconnect(), rig.core.reconnect(), rig.core.reconnect()]);
    for (const r of results) assert.ok(r.ok, JSON.stringify(r));
    await stateWhere(rig.core, connectedTo(a.url), 'still connected');
    await socketsSettle([[a, 1]], 'after three overlapping Reconnects');
    assert.equal(a.connections, 1, 'no Reconnect opened a second socket while connected');

    await rig.core.dispose();
    await socketsSettle([[a, 0]], 'after dispose()');
  });

  test('Reconnect + URL change + forget identity at once: one socket, to the new address only', async () => {
    const a = await proxy();
    const b = await proxy();
    const rig = coreOn(a.url);
    await storeToken(rig.service, a.url);
    await storeToken(rig.service, b.url);
    await rig.core.start();
    const first = await stateWhere(rig.core, connectedTo(a.url), 'connected to A');
    await socketsSettle([[a, 1]], 'connected to A');

    const results = await Promise.all([
      rig.core.reconnect(),
      rig.core.updateSettings({ gatewayUrl: b.url }),
      rig.core.forgetIdentity(),
      rig.core.reconnect(),
    ]);
    for (const r of results) assert.ok(r.ok, JSON.stringify(r));
    const now = await stateWhere(rig.core, connectedTo(b.url), 'connected to B with a new identity');
    assert.notEqual(now.secrets.identity?.deviceId, first.secrets.identity?.deviceId, 'a new identity');
    await socketsSettle(
      [
        [a, 0],
        [b, 1],
      ],
      'after the burst',
    );

    await rig.core.dispose();
    await socketsSettle(
      [
        [a, 0],
        [b, 0],
      ],
      'after dispose()',
    );
  });

  test('Reconnects and a URL change while the keychain read is slow: one socket, nothing on the old address', async () => {
    const a = await proxy();
    const b = await proxy();
    const slow = slowableKeyring();
    const rig = coreOn(a.url, slow.backend);
    await storeToken(rig.service, a.url);
    await storeToken(rig.service, b.url);
    slow.slowMs = 1000;
    await rig.core.start();
    // The first attempt is now waiting for the keychain (its token read takes a second).
    const burst = [rig.core.reconnect(), rig.core.reconnect()];
    await new Promise((r) => setTimeout(r, 300));
    burst.push(rig.core.reconnect(), rig.core.updateSettings({ gatewayUrl: b.url }), rig.core.reconnect());
    for (const r of await Promise.all(burst)) assert.ok(r.ok, JSON.stringify(r));
    await stateWhere(rig.core, connectedTo(b.url), 'connected to B through the slow keychain');
    await socketsSettle(
      [
        [a, 0],
        [b, 1],
      ],
      'after Reconnects during a slow keychain read',
    );

    // Reconnect while connected and the keychain is slow: still the one socket.
    for (const r of await Promise.all([rig.core.reconnect(), rig.core.reconnect()])) assert.ok(r.ok);
    await socketsSettle(
      [
        [a, 0],
        [b, 1],
      ],
      'after Reconnects while connected',
    );
    slow.slowMs = 0;

    await rig.core.dispose();
    await socketsSettle(
      [
        [a, 0],
        [b, 0],
      ],
      'after dispose()',
    );
  });
});
