// Redaction of the supervised gateway's output: tokens go, ordinary messages stay exactly as they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineRedactor, REDACTED, redactSecrets, safeCut } from './redact.ts';

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

test('a line with no end is written in pieces once it passes the cap, none longer than the cap', () => {
  const out: string[] = [];
  const r = new LineRedactor(
    (t) => out.push(t),
    () => [],
    100,
  );
  r.push('x'.repeat(150));
  assert.ok(out.length > 0, 'something is written before the line ends');
  r.push('y'.repeat(500));
  r.flush();
  assert.equal(out.join(''), 'x'.repeat(150) + 'y'.repeat(500));
  for (const piece of out) assert.ok(piece.length <= 100 + 500, `piece of ${piece.length}`);
});

/** Feeds `chunks` (as reads of the gateway's stdout arrive) and returns the pieces written. */
function feed(chunks: readonly string[], known: readonly string[]): string[] {
  const out: string[] = [];
  const r = new LineRedactor(
    (t) => out.push(t),
    () => known,
  );
  for (const c of chunks) r.push(c);
  r.flush();
  return out;
}

function chunked(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

const CAP = 64 * 1024;

test('a secret arriving across the read that takes a line past 64 KiB is still redacted', () => {
  const secrets: Array<[string, string]> = [
    [` ${GATEWAY_TOKEN} `, ` ${REDACTED} `],
    [` #token=${DEVICE_TOKEN}&x=1 `, ` #token=${REDACTED}&x=1 `],
    [` "deviceToken": "${DEVICE_TOKEN}" `, ` "deviceToken": "${REDACTED}" `],
    [` Authorization: Bearer ${DEVICE_TOKEN} `, ` Authorization: Bearer ${REDACTED} `],
  ];
  const filler = 'a '.repeat(CAP / 2 - 4); // the first read ends just past the cap, inside the secret
  const rest = `${'b '.repeat(40_000)}\n`;
  for (const [secret, want] of secrets) {
    for (let split = 1; split < secret.length; split += 1) {
      const out = feed([filler + secret.slice(0, split), secret.slice(split) + rest], [GATEWAY_TOKEN]);
      const joined = out.join('');
      assert.ok(!joined.includes(GATEWAY_TOKEN.slice(0, 12)), `gateway token leaked (split ${split})`);
      assert.ok(!joined.includes(DEVICE_TOKEN.slice(-8)), `device token leaked (split ${split})`);
      assert.equal(joined, filler + want + rest, `split ${split} of ${JSON.stringify(secret)}`);
    }
  }
});

test('secrets all along an over-long line are redacted whatever the read size', () => {
  const unit = `${'word '.repeat(300)}token=${DEVICE_TOKEN} ${'more '.repeat(200)}${GATEWAY_TOKEN} `;
  const text = `${unit.repeat(Math.ceil((5 * CAP) / unit.length))}\n`;
  const want = redactSecrets(text, [GATEWAY_TOKEN]);
  for (const size of [CAP, 16 * 1024, 4093, 997]) {
    const out = feed(chunked(text, size), [GATEWAY_TOKEN]);
    assert.ok(out.length > 3, 'the line was written in pieces as it came');
    assert.equal(out.join(''), want, `reads of ${size}`);
  }
});

test('an over-long line is never cut inside a secret or a surrogate pair', () => {
  const keep = 100;
  const head = 'x '.repeat(500);
  for (const [secret, start] of [
    [GATEWAY_TOKEN, 0],
    [`#token=${DEVICE_TOKEN}`, 1],
    [`"deviceToken": "${DEVICE_TOKEN}"`, 0],
    [`Bearer ${DEVICE_TOKEN}`, 0],
  ] as const) {
    for (let inside = 1; inside < secret.length; inside += 1) {
      // the plain cut (length - keep) would fall `inside` characters into the secret
      const text = `${head}${secret}${'y'.repeat(keep - (secret.length - inside))}`;
      assert.equal(text.length - keep, head.length + inside);
      assert.equal(safeCut(text, [GATEWAY_TOKEN], keep), head.length + start, `${secret} at ${inside}`);
    }
  }
  const emoji = `${'🦀'.repeat(600)}`;
  for (const extra of [0, 1]) {
    const text = emoji + 'z'.repeat(extra);
    const cut = safeCut(text, [], keep + 1);
    const code = text.charCodeAt(cut);
    assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `cut ${cut} splits a surrogate pair`);
  }
});

test('an over-long line with no secret comes out unchanged, in bounded pieces', () => {
  const words = 'gateway ready, ümlauts 日本語 🦀 token mismatch for device 9f8e; max_tokens=4096 ';
  const text = `${words.repeat(Math.ceil((5 * CAP) / words.length))}\nnext line\n`;
  const out = feed(chunked(text, 16 * 1024), [GATEWAY_TOKEN]);
  assert.equal(out.join(''), text);
  assert.ok(out.length > 3, 'written as it comes, not held to the end');
  for (const piece of out) {
    assert.ok(piece.length <= CAP + 16 * 1024, `piece of ${piece.length}`);
    assert.ok(!/[\ud800-\udbff]$/.test(piece), 'no piece ends inside a surrogate pair');
  }
});
