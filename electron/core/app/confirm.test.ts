// The core's confirmer: the platform's port when given, otherwise a question to the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfirmPrompt } from '../contract/contract.ts';
import { createConfirmer } from './confirm.ts';
import type { ConfirmRequest } from './types.ts';

const req: ConfirmRequest = {
  purpose: 'settings-change',
  title: 'Connect to another gateway?',
  message: 'Clawbar will send your gateway token to 127.0.0.2.',
  confirmLabel: 'Connect',
};

test('the platform port answers when the shell gives one; a failing port is a no', async () => {
  assert.equal(
    await createConfirmer(
      () => Promise.resolve(true),
      () => assert.fail('no panel'),
    ).ask(req),
    true,
  );
  assert.equal(
    await createConfirmer(
      () => Promise.reject(new Error('x')),
      () => undefined,
    ).ask(req),
    false,
  );
});

test('without a port the panel is asked; only its answer to that id counts', async () => {
  const prompts: ConfirmPrompt[] = [];
  const c = createConfirmer(undefined, (p) => prompts.push(p));
  const yes = c.ask(req);
  const no = c.ask(req);
  assert.equal(prompts.length, 2);
  assert.deepEqual(
    { ...prompts[0], id: '' },
    { id: '', title: req.title, message: req.message, confirmLabel: 'Connect' },
  );
  assert.equal(c.answer('not-a-question', true).ok, false);
  assert.equal(c.answer(prompts[0]!.id, true).ok, true);
  assert.equal(c.answer(prompts[0]!.id, true).ok, false, 'answered once');
  c.cancelAll();
  assert.equal(await yes, true);
  assert.equal(await no, false);
});

test('an unanswered question is a no', async () => {
  const c = createConfirmer(undefined, () => undefined, 20);
  assert.equal(await c.ask(req), false);
});
