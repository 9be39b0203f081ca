import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PendingRequest } from '../gateway/wire.ts';
import { INTERNAL_CLIENT_HINT, classifyRequest, isLoopback, requester } from './classify.ts';
import { capture, list } from '../../../test/fixtures/pairing/load.ts';

function pendingAndPaired(version: '2026.4.12' | '2026.9.6', name: string) {
  const { deviceId } = capture(version);
  const l = list(version, name).list;
  const pending = l.pending.find((p) => p.deviceId === deviceId);
  assert.ok(pending, `${name} holds the device's request`);
  return { pending, paired: l.paired.find((d) => d.deviceId === deviceId) };
}

describe('classifyRequest on real list results', () => {
  for (const version of ['2026.4.12', '2026.9.6'] as const) {
    test(`${version}: read → approvals is a scope upgrade adding a high-risk scope`, () => {
      const { pending, paired } = pendingAndPaired(version, 'listScopeUpgrade');
      const c = classifyRequest(pending, paired);
      assert.equal(c.kind, 'scope-upgrade');
      assert.equal(c.risk, 'high');
      assert.equal(c.summary, 'already allowed: read · adds: manage approvals');
    });

    test(`${version}: the widened request adds approvals and write`, () => {
      const { pending, paired } = pendingAndPaired(version, 'listWidened');
      const c = classifyRequest(pending, paired);
      assert.equal(c.kind, 'scope-upgrade');
      assert.deepEqual(c.adds.map((l) => l.scope).sort(), ['operator.approvals', 'operator.write']);
    });

    test(`${version}: a changed platform with the same scopes is a metadata change`, () => {
      const { pending, paired } = pendingAndPaired(version, 'listMetadata');
      assert.equal(pending.platform, 'ios');
      assert.equal(paired?.platform, 'darwin');
      const c = classifyRequest(pending, paired);
      assert.equal(c.kind, 'metadata-change');
      assert.deepEqual(c.adds, []);
      assert.equal(c.risk, 'low');
    });
  }

  test('9.6: an unpaired device is a new device', () => {
    const { pending, paired } = pendingAndPaired('2026.9.6', 'listNewDevice');
    assert.equal(paired, undefined);
    const c = classifyRequest(pending, paired);
    assert.equal(c.kind, 'new-device');
    assert.equal(c.summary, 'asks for: read');
  });

  test('asking for a role the device lacks is a role upgrade, rated at least high', () => {
    const { paired } = pendingAndPaired('2026.4.12', 'listScopeUpgrade');
    const { pending } = pendingAndPaired('2026.4.12', 'listScopeUpgrade');
    const asNode: PendingRequest = {
      ...pending,
      role: 'node',
      roles: ['operator', 'node'],
      scopes: ['operator.read'],
    };
    const c = classifyRequest(asNode, paired);
    assert.equal(c.kind, 'role-upgrade');
    assert.deepEqual(c.addsRoles, ['node']);
    assert.equal(c.risk, 'high');
    assert.match(c.summary, /new role: node/);
  });
});

describe('requester', () => {
  const { pending } = pendingAndPaired('2026.4.12', 'listScopeUpgrade');

  test('a loopback request (no address on a local gateway) is "this Mac"; gateway-client gets the hint, as a claim', () => {
    assert.equal(pending.remoteIp, undefined, 'the real gateway omits remoteIp on loopback');
    const r = requester(pending, { localGateway: true });
    assert.equal(r.displayName, 'MacBook Pro');
    assert.equal(r.clientId, 'gateway-client');
    assert.equal(r.clientMode, 'ui');
    assert.equal(r.platform, 'darwin');
    assert.equal(r.location, 'this Mac (loopback)');
    assert.equal(r.internalHint, INTERNAL_CLIENT_HINT);
    assert.match(r.internalHint ?? '', /^says it is OpenClaw's internal client/);
  });

  test('loopback addresses in every spelling; a LAN address is shown as is', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      assert.ok(isLoopback(ip), ip);
      assert.equal(
        requester({ ...pending, remoteIp: ip }, { localGateway: true }).location,
        `this Mac (${ip})`,
        ip,
      );
      // Loopback of a remote gateway is that gateway's machine, not this Mac; and no internal-client hint.
      const far = requester({ ...pending, remoteIp: ip }, { localGateway: false });
      assert.equal(far.location, ip, ip);
      assert.equal(far.internalHint, undefined, ip);
    }
    for (const ip of ['192.168.1.20', '10.0.0.1', '::ffff:192.168.1.20', 'fe80::1', '128.0.0.1'])
      assert.equal(isLoopback(ip), false, ip);
    const lan = requester({ ...pending, remoteIp: '192.168.1.20' }, { localGateway: true });
    assert.equal(lan.location, '192.168.1.20');
    assert.equal(lan.remoteIp, '192.168.1.20');
    assert.equal(
      lan.internalHint,
      undefined,
      'the internal-client claim is shown only for loopback requests',
    );
  });

  test('no address on a remote gateway is not claimed to be local', () => {
    assert.equal(requester(pending, { localGateway: false }).location, 'unknown address');
  });

  test('display name falls back to the client id, then a short device id; other clients get no hint', () => {
    const noName: PendingRequest = { ...pending, displayName: '  ', clientId: 'openclaw-macos' };
    const r = requester(noName, { localGateway: true });
    assert.equal(r.displayName, 'openclaw-macos');
    assert.equal(r.internalHint, undefined);
    const bare: PendingRequest = { requestId: 'r', deviceId: 'abcdef0123456789', publicKey: 'k', ts: 1 };
    assert.equal(requester(bare, { localGateway: true }).displayName, 'device abcdef01');
  });

  test('a name with a bidi override, a newline and 300 characters is escaped and capped; the full value is kept', () => {
    const name = `evil\u202Egnp.exe\n${'x'.repeat(300)}`;
    const r = requester({ ...pending, displayName: name }, { localGateway: true });
    assert.equal([...r.displayName].length, 64);
    assert.ok(r.displayName.startsWith('evil\\u202Egnp.exe\\n'), r.displayName);
    assert.ok(r.displayName.endsWith('…'));
    assert.ok(r.fullName?.endsWith('x'.repeat(300)));
    assert.doesNotMatch(r.displayName + (r.fullName ?? ''), /[\u202E\n]/);
  });
});
