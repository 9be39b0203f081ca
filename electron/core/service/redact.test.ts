// Redaction of the supervised gateway's output: tokens go, ordinary messages stay exactly as they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineRedactor, REDACTED, redactSecrets } from './redact.ts';

const GATEWAY_TOKEN = 'gw_3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
const DEVICE_TOKEN = 'dt-QmFzZTY0U2VjcmV0VmFsdWUxMjM0NTY3';

test('known tokens and token-shaped fields are redacted', () => {
  const cases: Array<[string, string]> = [
    [
      `Control UI: http://127.0.0.1:18789/#token=${GATEWAY_TOKEN}`,
      `Control UI: http://127.0.0.1:18789/#token=${REDACTED}`,
    ],
    [
      `{"type":"res","payload":{"deviceToken":"${DEVICE_TOKEN}"}}`,
      `{"type":"res","payload":{"deviceToken":"${REDACTED}"}}`,
    ],
    [`auth { token: '${DEVICE_TOKEN}' }`, `auth { token: '${REDACTED}' }`],
    [`Authorization: Bearer ${DEVICE_TOKEN}`, `Authorization: Bearer ${REDACTED}`],
    [`using ${GATEWAY_TOKEN} as secret`, `using ${REDACTED} as secret`],
    [`?token=abcdefghijklmnop&x=1`, `?token=${REDACTED}&x=1`],
  ];
  for (const [line, want] of cases) assert.equal(redactSecrets(line, [GATEWAY_TOKEN]), want);
});

test('ordinary messages are not mangled', () => {
  const lines = [
    '[gateway] listening on ws://127.0.0.1:18789 (PID 4242)',
    'token mismatch for device 9f8e7d6c5b4a; ask the user to re-pair',
    'auth mode: token',
    'gateway.auth.token is missing',
    'rotated device token for d1 (role operator)',
    'max_tokens=4096 tokens=12 tokenCount=3',
    'token=none',
    '{"token":"short"}',
    'secret rotation scheduled in 10 minutes',
    'Bearer of bad news',
    'ümlauts, 日本語 and emoji 🦀 stay',
    '',
  ];
  for (const line of lines) assert.equal(redactSecrets(line, [GATEWAY_TOKEN, 'short']), line);
});

test('a token split across chunks is still redacted: lines are redacted whole', () => {
  let out = '';
  const r = new LineRedactor(
    (t) => (out += t),
    () => [GATEWAY_TOKEN],
  );
  const text = `first line\nthe token is ${GATEWAY_TOKEN}\nlast`;
  for (let i = 0; i < text.length; i += 7) r.push(text.slice(i, i + 7));
  r.flush();
  assert.equal(out, `first line\nthe token is ${REDACTED}\nlast`);
});

test('a line with no end is flushed once it passes the cap', () => {
  const out: string[] = [];
  const r = new LineRedactor(
    (t) => out.push(t),
    () => [],
    100,
  );
  r.push('x'.repeat(150));
  assert.deepEqual(out, ['x'.repeat(150)]);
});
