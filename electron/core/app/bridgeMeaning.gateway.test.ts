// Issue #15, through the bridge's own dispatch (what Electron's IPC and the dev host call) on the whole
// core against a real gateway: a settings change that would send the token to another loopback address
// or make Clawbar run /bin/echo waits for the main process's native confirmation (the port the Electron
// shell gives), which the panel cannot answer; an approve that names more than the card, or a device the
// core never presented, approves nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreRig } from '../../../test/support/coreRig.ts';
import { cardOf, coreSuite, holdUpgrades, sleep } from '../../../test/support/coreSuite.ts';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway } from '../../../test/support/gateway.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { dispatch } from '../bridge/dispatch.ts';
import type { ActionResult } from '../contract/views.ts';
import { SETTLE_MS } from '../inbox/settle.ts';
import type { ConfirmRequest } from './types.ts';

const { keyring, rigOn } = coreSuite();

/** The core's answer to a bridge call (the call itself must pass the schema). */
async function call(core: Parameters<typeof dispatch>[0], name: string, args: unknown[]) {
  const reply = await dispatch(core, name, args);
  assert.ok(reply.ok, JSON.stringify(reply));
  return reply.value as ActionResult;
}

test('gatewayUrl to another loopback address or openclawPath /bin/echo: nothing until the main process confirms', async () => {
  const gw = await sharedGateway(GATEWAY_VERSIONS[0]!);
  const asked: ConfirmRequest[] = [];
  let answer: (ok: boolean) => void = () => undefined;
  const rig = await coreRig(
    gw,
    keyring(),
    {},
    {
      confirm: (req) => {
        asked.push(req);
        return new Promise<boolean>((r) => (answer = r));
      },
    },
  );
  try {
    const before = (await rig.core.getState()).settings;
    const unchanged = async (what: string) => {
      const s = await rig.core.getState();
      assert.equal(s.settings.gatewayUrl, before.gatewayUrl, `${what}: gatewayUrl`);
      assert.equal(s.settings.openclawPath, before.openclawPath, `${what}: openclawPath`);
      assert.ok(!('url' in s.connection) || s.connection.url === before.gatewayUrl, `${what}: connection`);
    };
    const other = before.gatewayUrl.replace('127.0.0.1', '127.0.0.2');
    for (const [patch, yes] of [
      [{ gatewayUrl: other }, false],
      [{ openclawPath: '/bin/echo' }, false],
      [{ gatewayUrl: other }, true],
    ] as const) {
      const pending = call(rig.core, 'updateSettings', [patch]);
      await waitFor(() => asked.length > 0, 5000, 'the main process asks');
      // The panel cannot answer a native question: it is never sent one, and any id is unknown to it.
      const byPanel = await call(rig.core, 'answerConfirm', ['any-question', true]);
      assert.equal(byPanel.ok, false);
      await sleep(300);
      await unchanged(`${JSON.stringify(patch)} while the dialog is open`);
      asked.length = 0;
      answer(yes);
      const r = await pending;
      if (!yes) {
        assert.ok(!r.ok && r.code === 'NOT_CONFIRMED', JSON.stringify(r));
        await unchanged(`${JSON.stringify(patch)} after Cancel`);
      } else {
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal((await rig.core.getState()).settings.gatewayUrl, other, 'applied once confirmed');
      }
    }
    assert.deepEqual(rig.confirms, [], 'no confirm event ever reached the panel');
  } finally {
    await rig.core.dispose();
  }
});

test('an approve naming more than the card, or a device never presented, approves nothing', async (t) => {
  const gw = await sharedGateway(GATEWAY_VERSIONS[0]!);
  const rig = await rigOn(gw);
  const device = new TestDevice({ displayName: 'Bridge meaning' });
  const idle = new TestDevice({ displayName: 'Bridge meaning, no request' });
  for (const d of [device, idle]) assert.ok((await d.connect(gw, { scopes: ['operator.read'] })).ok);
  await holdUpgrades(gw, t);
  const wanted = ['operator.read', 'operator.approvals'];
  assert.equal((await device.connect(gw, { scopes: wanted })).ok, false, 'asks for approvals');
  const item = await cardOf(rig, device.deviceId);
  await sleep(item.revisedAt + SETTLE_MS + 100 - Date.now());
  const c = item.card;
  const intent = { deviceId: c.deviceId, publicKey: c.publicKey, role: c.role, scopes: [...c.scopes] };
  const wider = await call(rig.core, 'approve', [
    { ...intent, scopes: [...c.scopes, 'operator.admin'], revision: item.revision },
  ]);
  assert.ok(!wider.ok && wider.code === 'NOT_AS_SHOWN', JSON.stringify(wider));
  const unseen = await call(rig.core, 'approve', [
    { ...intent, deviceId: idle.deviceId, publicKey: idle.identity.publicKey, revision: item.revision },
  ]);
  assert.ok(!unseen.ok && unseen.code === 'GONE', JSON.stringify(unseen));
  for (const d of [device, idle])
    assert.equal((await d.connect(gw, { scopes: wanted })).ok, false, 'nothing was granted');
  await rig.core.removeDevice(device.deviceId);
  await rig.core.removeDevice(idle.deviceId);
});
