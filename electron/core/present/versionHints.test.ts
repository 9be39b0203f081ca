import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capture, list } from '../../../test/fixtures/pairing/load.ts';
import type { ConnectionState, PairingCard } from '../contract/views.ts';
import { Inbox } from '../inbox/inbox.ts';
import { deviceItem } from '../pairing/inboxItem.ts';
import { emptyModel, reconcile } from '../pairing/reconcile.ts';
import { gatewayFacts, versionHint, withVersionHints } from './versionHints.ts';

// A real scope upgrade (read → more), captured from the real 2026.4.12 gateway on loopback.
const v = '2026.4.12';
const up = list(v, 'listScopeUpgrade');
const { model } = reconcile(emptyModel(), up.list, {
  now: up.at,
  protocol: 3,
  selfDeviceId: capture(v).watcherDeviceId,
  mutedUntil: {},
  ignored: [],
  resolved: [],
});
const upgrade = model.cards.find((c) => c.kind === 'scope-upgrade');
const local = { localGateway: true };

function connected(serverVersion: string, url = 'ws://127.0.0.1:18789'): ConnectionState {
  return { kind: 'connected', url, serverVersion, protocol: 3, scopes: [], connectedSince: 1, methods: [] };
}

test('the fixture is a local operator scope upgrade', () => {
  assert.ok(upgrade, 'a scope-upgrade card');
  assert.equal(upgrade.role, 'operator');
});

test('an older connected gateway: the hint names its version and the one that approves alone', () => {
  const hint = versionHint(upgrade!, { ...local, serverVersion: '2026.4.12' });
  assert.ok(hint);
  assert.match(hint, /This gateway runs OpenClaw 2026\.4\.12\./);
  assert.match(hint, /OpenClaw 2026\.8\.1 and newer approve a scope upgrade like this on their own/);
  assert.match(hint, /token or password/);
  assert.match(hint, /autoApproveLocal/);
  assert.ok(versionHint(upgrade!, { ...local, serverVersion: '2026.7.2-beta.1' }));
});

test('2026.8.1 and newer: no hint (such a card means the gateway was told to ask)', () => {
  for (const sv of ['2026.8.1', '2026.8.2', '2026.9.6', '2026.10.1', '2027.1.0'])
    assert.equal(versionHint(upgrade!, { ...local, serverVersion: sv }), undefined, sv);
});

test('no hint without a release version of the connected gateway', () => {
  assert.equal(versionHint(upgrade!, local), undefined);
  assert.equal(versionHint(upgrade!, { ...local, serverVersion: 'dev' }), undefined);
  assert.equal(versionHint(upgrade!, { ...local, serverVersion: '' }), undefined);
});

test('no hint for what the rule does not cover', () => {
  const old = { ...local, serverVersion: '2026.4.12' };
  const other = (patch: Partial<PairingCard>): PairingCard => ({ ...upgrade!, ...patch });
  assert.equal(versionHint(other({ kind: 'new-device' }), old), undefined, 'a first pairing');
  assert.equal(versionHint(other({ kind: 'role-upgrade' }), old), undefined, 'a role upgrade');
  assert.equal(versionHint(other({ role: 'node' }), old), undefined, 'a node');
  const remote = other({ requester: { ...upgrade!.requester, remoteIp: '192.168.1.20' } });
  assert.equal(versionHint(remote, old), undefined, 'from another machine');
  assert.equal(
    versionHint(upgrade!, { localGateway: false, serverVersion: '2026.4.12' }),
    undefined,
    'remote gateway',
  );
  const loop = other({ requester: { ...upgrade!.requester, remoteIp: '::ffff:127.0.0.1' } });
  assert.ok(versionHint(loop, old), 'IPv4-mapped loopback is this machine');
});

test('the state view: device cards get the hint from the connected gateway only', () => {
  const inbox = new Inbox();
  inbox.attach({ items: () => [upgrade!].map(deviceItem), onChange: () => () => undefined });
  const items = inbox.items();
  const hinted = withVersionHints(items, connected('2026.4.12'));
  const first = hinted[0];
  assert.ok(first?.kind === 'device');
  assert.match(first.card.versionHint ?? '', /2026\.8\.1 and newer/);
  assert.equal(
    items[0]?.kind === 'device' && items[0].card.versionHint,
    undefined,
    'the inbox is not changed',
  );

  const newer = withVersionHints(items, connected('2026.9.6'))[0];
  assert.ok(newer?.kind === 'device' && newer.card.versionHint === undefined);
  const down: ConnectionState = { kind: 'gateway-down', url: 'ws://127.0.0.1:1', since: 0, lastError: 'x' };
  const offline = withVersionHints(items, down)[0];
  assert.ok(
    offline?.kind === 'device' && offline.card.versionHint === undefined,
    'no version when not connected',
  );
  assert.deepEqual(gatewayFacts(connected('2026.4.12', 'ws://10.0.0.2:18789')), {
    serverVersion: '2026.4.12',
    localGateway: false,
  });
});
