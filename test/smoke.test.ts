// The foundation's proof: each pinned real gateway accepts a signed device identity with the shared
// token and answers hello-ok with the protocol it speaks.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { TestDevice } from './support/device.ts';
import { sharedGateway, stopOwnedGateways } from './support/gateway.ts';
import { GATEWAY_VERSIONS, PROTOCOL_OF } from './support/toolchain.ts';

after(stopOwnedGateways);

for (const version of GATEWAY_VERSIONS) {
  describe(`smoke: real gateway ${version}`, () => {
    test(`signed handshake with the shared token gives hello-ok protocol ${PROTOCOL_OF[version]}`, async () => {
      const gw = await sharedGateway(version);
      const device = new TestDevice({ displayName: `smoke ${version}` });
      const res = await device.connect(gw, { scopes: ['operator.read'] });
      assert.ok(res.ok, `connect failed: ${JSON.stringify(res)}`);
      assert.equal(res.hello.type, 'hello-ok');
      assert.equal(res.hello.protocol, PROTOCOL_OF[version]);
      const server = res.hello.server as { version: string };
      assert.equal(server.version, version);
    });

    test('a wrong token is refused', async () => {
      const gw = await sharedGateway(version);
      const res = await new TestDevice().connect(gw, { scopes: ['operator.read'], token: 'not-the-token' });
      assert.equal(res.ok, false);
      assert.ok(!res.ok && res.error, 'the gateway explains the refusal');
    });
  });
}
