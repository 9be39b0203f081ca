// Confirmation dialogs with Electron's dialog replaced at the import boundary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageBoxOptions } from 'electron';
import { confirmationBox, confirmInDialog } from './dialogs.ts';

const question = {
  message: 'Remove “Kitchen iPad”?',
  detail: 'It loses access.',
  confirmLabel: 'Remove',
  cancelLabel: 'Cancel',
};

test('the dialog shows the core’s words, Cancel is the default and the Esc answer', () => {
  assert.deepEqual(confirmationBox(question), {
    type: 'warning',
    message: 'Remove “Kitchen iPad”?',
    detail: 'It loses access.',
    buttons: ['Remove', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
});

test('only the confirming button confirms', async () => {
  const asked: MessageBoxOptions[] = [];
  const answering = (response: number) => ({
    showMessageBox: (options: MessageBoxOptions) => {
      asked.push(options);
      return Promise.resolve({ response, checkboxChecked: false });
    },
  });
  assert.equal(await confirmInDialog(answering(0), question), true);
  assert.equal(await confirmInDialog(answering(1), question), false);
  assert.equal(await confirmInDialog(answering(-1), question), false);
  assert.equal(asked.length, 3);
});
