import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlChangeMessage } from './tokenBinding.ts';

const A = 'ws://127.0.0.1:18789';
const B = 'ws://localhost:18789';

test('leaving a gateway whose token was imported: the user is told it is not sent to the new one', () => {
  const m = urlChangeMessage(A, B, { present: true, source: 'config' }, { present: false });
  assert.equal(
    m,
    `No gateway token is saved for ${B}, so Clawbar sends none there. The token imported from the OpenClaw config for ${A} is only ever sent to ${A}. If the gateway at ${B} needs a token, type or import one for it.`,
  );
  assert.match(
    urlChangeMessage(A, B, { present: true, source: 'typed' }, { present: false }) ?? '',
    /token you typed for/,
  );
  assert.match(urlChangeMessage(A, B, { present: true }, { present: false }) ?? '', /The token saved for/);
});

test('nothing to say when the new gateway has its own token, the old had none, or nothing changed', () => {
  assert.equal(
    urlChangeMessage(A, B, { present: true, source: 'config' }, { present: true, source: 'typed' }),
    undefined,
  );
  assert.equal(urlChangeMessage(A, B, { present: false }, { present: false }), undefined);
  assert.equal(urlChangeMessage(A, A, { present: true, source: 'config' }, { present: false }), undefined);
});
