// The confirmation port with Electron's dialog and systemPreferences replaced at the import boundary by
// stand-ins typed against the same Picks of Electron's own types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { ConfirmRequest } from '../core/app/types.ts';
import { confirmBox, createConfirmPort, type MessageBoxLike, type TouchIdLike } from './confirm.ts';

const adminGrant: ConfirmRequest = {
  purpose: 'critical-grant',
  title: 'Give “Build box” full control?',
  message: 'Approve “Build box” for full control of the gateway (operator.admin).',
  confirmLabel: 'Approve full control',
  systemAuth: true,
};

function dialogAnswering(response: number, asked: MessageBoxOptions[]) {
  return {
    showMessageBox: (...args: unknown[]): Promise<MessageBoxReturnValue> => {
      asked.push(args.at(-1) as MessageBoxOptions);
      return Promise.resolve({ response, checkboxChecked: false });
    },
  } satisfies MessageBoxLike;
}

function touchId(available: boolean, outcome: 'pass' | 'fail', reasons: string[]) {
  return {
    canPromptTouchID: () => available,
    promptTouchID: (reason: string) => {
      reasons.push(reason);
      return outcome === 'pass' ? Promise.resolve() : Promise.reject(new Error('Touch ID cancelled'));
    },
  } satisfies TouchIdLike;
}

test('the dialog shows the core’s words with Cancel as the default and the Esc answer', () => {
  assert.deepEqual(confirmBox(adminGrant), {
    type: 'warning',
    message: adminGrant.title,
    detail: adminGrant.message,
    buttons: ['Approve full control', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
});

test('a critical grant asks Touch ID where available: resolving is yes, rejecting is no', async () => {
  const asked: MessageBoxOptions[] = [];
  const reasons: string[] = [];
  assert.equal(
    await createConfirmPort(dialogAnswering(0, asked), touchId(true, 'pass', reasons))(adminGrant),
    true,
  );
  assert.equal(
    await createConfirmPort(dialogAnswering(0, asked), touchId(true, 'fail', reasons))(adminGrant),
    false,
  );
  assert.equal(asked.length, 0, 'no dialog when Touch ID asked');
  assert.deepEqual(reasons, [
    'approve “Build box” for full control of the gateway (operator.admin)',
    'approve “Build box” for full control of the gateway (operator.admin)',
  ]);
});

test('without Touch ID, or when system authentication is not asked for, the dialog decides', async () => {
  const asked: MessageBoxOptions[] = [];
  const reasons: string[] = [];
  const noSensor = touchId(false, 'pass', reasons);
  assert.equal(await createConfirmPort(dialogAnswering(0, asked), noSensor)(adminGrant), true);
  assert.equal(await createConfirmPort(dialogAnswering(1, asked), noSensor)(adminGrant), false);
  assert.equal(await createConfirmPort(dialogAnswering(-1, asked))(adminGrant), false);
  const setting = { ...adminGrant, purpose: 'settings-change' as const, systemAuth: false };
  assert.equal(
    await createConfirmPort(dialogAnswering(1, asked), touchId(true, 'pass', reasons))(setting),
    false,
  );
  assert.equal(asked.length, 4);
  assert.equal(asked[3]?.type, 'question');
  assert.deepEqual(reasons, [], 'Touch ID never asked without a sensor or for a setting');
});
