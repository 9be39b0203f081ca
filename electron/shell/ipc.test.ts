// The Electron side of the bridge with ipcMain replaced at the import boundary: the sender check and
// the generic dispatch behind one handler per contract request.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recordingCore } from '../../test/support/recordingCore.ts';
import type { BridgeReply } from '../core/contract/client.ts';
import { REQUEST_NAMES } from '../core/contract/contract.ts';
import { forwardEvents, isPanelSender, registerBridgeIpc } from './ipc.ts';
import type { SenderInfo } from './ipc.ts';

const PANEL_ID = 7;
const panelEvent = (over: Partial<SenderInfo> = {}): SenderInfo => ({
  sender: { id: PANEL_ID },
  senderFrame: { url: 'app://clawbar/index.html', parent: null },
  ...over,
});

function fakeIpcMain() {
  const handlers = new Map<string, (event: SenderInfo, ...args: unknown[]) => Promise<BridgeReply>>();
  return {
    handlers,
    handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => Promise<BridgeReply>) {
      assert.ok(!handlers.has(channel), `one handler per channel: ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
}

describe('IPC', () => {
  test('one handler per contract request, all removed again', () => {
    const ipc = fakeIpcMain();
    const off = registerBridgeIpc(ipc, recordingCore(), () => PANEL_ID);
    assert.deepEqual([...ipc.handlers.keys()].sort(), REQUEST_NAMES.map((n) => `clawbar:${n}`).sort());
    off();
    assert.equal(ipc.handlers.size, 0);
  });

  test('the panel frame is served; payloads are validated', async () => {
    const ipc = fakeIpcMain();
    const core = recordingCore();
    registerBridgeIpc(ipc, core, () => PANEL_ID);
    assert.deepEqual(await ipc.handlers.get('clawbar:notNow')!(panelEvent(), ['dev-1']), {
      ok: true,
      value: { ok: true },
    });
    const bad = await ipc.handlers.get('clawbar:notNow')!(panelEvent(), [42]);
    assert.equal(!bad.ok && bad.code, 'invalid-args');
    assert.deepEqual(core.calls, [{ name: 'notNow', args: ['dev-1'] }]);
  });

  test('a foreign frame, a subframe, another webContents or no panel is refused before the core', async () => {
    const ipc = fakeIpcMain();
    const core = recordingCore();
    let panelId: number | null = PANEL_ID;
    registerBridgeIpc(ipc, core, () => panelId);
    const foreign: SenderInfo[] = [
      panelEvent({ senderFrame: { url: 'https://evil.example/', parent: null } }),
      panelEvent({ senderFrame: { url: 'file:///Users/x/index.html', parent: null } }),
      panelEvent({ senderFrame: { url: 'app://clawbar/index.html', parent: {} } }),
      panelEvent({ senderFrame: null }),
      panelEvent({ sender: { id: 99 } }),
    ];
    for (const event of foreign) {
      const reply = await ipc.handlers.get('clawbar:approve')!(event, [
        { deviceId: 'd', publicKey: 'p', role: 'operator', scopes: [] },
      ]);
      assert.deepEqual(reply, {
        ok: false,
        code: 'forbidden',
        message: 'approve: sender is not the Clawbar panel',
      });
    }
    panelId = null;
    assert.equal(isPanelSender(panelEvent(), null), false);
    assert.equal(core.calls.length, 0);
  });

  test('core events are forwarded on their event channels', () => {
    const core = recordingCore();
    const sent: Array<[string, unknown]> = [];
    const off = forwardEvents(core, (channel, payload) => sent.push([channel, payload]));
    core.emit('focus', { view: 'devices', deviceId: 'dev-2' });
    off();
    core.emit('focus', { view: 'pending', key: 'device:dev-3' });
    assert.deepEqual(sent, [['clawbar:event:focus', { view: 'devices', deviceId: 'dev-2' }]]);
  });
});
