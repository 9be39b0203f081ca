import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recordingCore } from '../../../test/support/recordingCore.ts';
import { BridgeError, createBridge } from '../contract/client.ts';
import type { BridgeTransport } from '../contract/client.ts';
import { REQUEST_NAMES } from '../contract/contract.ts';
import { dispatch } from './dispatch.ts';
import { REQUEST_ARGS } from './schemas.ts';

const intent = {
  deviceId: 'dev-1',
  publicKey: 'pk',
  role: 'operator',
  scopes: ['operator.read'],
  revision: 3,
};

describe('dispatch', () => {
  test('a valid request reaches the core with its arguments and answers its value', async () => {
    const core = recordingCore({ getHistory: () => [{ ts: 1 }] });
    assert.deepEqual(await dispatch(core, 'approve', [intent]), { ok: true, value: { ok: true } });
    assert.deepEqual(await dispatch(core, 'getHistory', [5]), { ok: true, value: [{ ts: 1 }] });
    assert.deepEqual(core.calls, [
      { name: 'approve', args: [intent] },
      { name: 'getHistory', args: [5] },
    ]);
  });

  test('a name outside the contract is refused before the core', async () => {
    const core = recordingCore();
    for (const name of ['dispose', 'start', 'constructor', '__proto__', 'toString', 42, null]) {
      const reply = await dispatch(core, name, []);
      assert.equal(reply.ok, false);
      assert.equal(!reply.ok && reply.code, 'unknown-request', String(name));
    }
    assert.equal(core.calls.length, 0);
  });

  test('bad payloads are refused with a clear error and never reach the core', async () => {
    const core = recordingCore();
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'approve',
        [{ ...intent, scopes: 'operator.admin' }],
        /approve: invalid arguments \(argument 0\.scopes: .*array/,
      ],
      ['approve', [{ ...intent, extra: 1 }], /argument 0: .*extra/i],
      ['approve', [], /approve: invalid arguments/],
      // An approve names the revision it was made on.
      ['approve', [{ ...intent, revision: undefined }], /argument 0\.revision/],
      ['mute', ['dev-1', -5], /argument 1: .*>=?\s*0/],
      ['mute', ['dev-1', 1.5], /argument 1: .*int/i],
      ['reject', ['dev-1'], /reject: invalid arguments/],
      ['setIgnored', ['dev-1', 'yes'], /argument 1: .*boolean/],
      ['updateSettings', [{ keepRunning: 'cron' }], /argument 0\.keepRunning/],
      ['getState', ['extra'], /getState: invalid arguments/],
      ['setToken', [''], /argument 0/],
      ['removeDevice', 'dev-1', /removeDevice: invalid arguments/],
    ];
    for (const [name, args, message] of cases) {
      const reply = await dispatch(core, name, args);
      assert.equal(reply.ok, false, name);
      assert.equal(!reply.ok && reply.code, 'invalid-args', name);
      assert.match(!reply.ok ? reply.message : '', message, name);
    }
    assert.equal(core.calls.length, 0);
  });

  test('a core failure is answered as a value with its message only', async () => {
    const core = recordingCore({
      reconnect: () => {
        throw new Error('gateway unreachable');
      },
    });
    assert.deepEqual(await dispatch(core, 'reconnect', []), {
      ok: false,
      code: 'failed',
      message: 'reconnect failed: gateway unreachable',
    });
  });

  test('every request in the contract has a schema accepting no unknown extra argument', () => {
    for (const name of REQUEST_NAMES) {
      assert.ok(REQUEST_ARGS[name], name);
      assert.equal(REQUEST_ARGS[name].safeParse([...Array(10).keys()]).success, false, name);
    }
  });
});

describe('createBridge', () => {
  test('builds every request from the contract over any transport, and unwraps errors', async () => {
    const sent: Array<[string, unknown[]]> = [];
    const core = recordingCore();
    const transport: BridgeTransport = {
      request: (name, args) => {
        sent.push([name, args]);
        return dispatch(core, name, args);
      },
      subscribe: () => () => undefined,
    };
    const bridge = createBridge(transport);
    for (const name of REQUEST_NAMES) assert.equal(typeof bridge[name], 'function', name);
    assert.deepEqual(await bridge.mute('dev-1', 30), { ok: true });
    assert.deepEqual(sent, [['mute', ['dev-1', 30]]]);
    await assert.rejects(
      () => bridge.mute('dev-1', -1),
      (err: unknown) => err instanceof BridgeError && err.code === 'invalid-args',
    );
    assert.throws(() => bridge.on('nope' as 'state', () => undefined), BridgeError);
  });
});
