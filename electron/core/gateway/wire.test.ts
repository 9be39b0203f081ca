import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePairList, PendingRequest } from './wire.ts';

const good = (n: number) => ({
  requestId: `00000000-0000-4000-8000-00000000000${n}`,
  deviceId: String(n).repeat(64),
  publicKey: 'pk',
  scopes: ['operator.read'],
  ts: 1000 + n,
});

function logged() {
  const lines: string[] = [];
  return { lines, log: (_level: 'warn', m: string) => lines.push(m) };
}

test('one malformed entry is logged and skipped; every other entry is returned', () => {
  const { lines, log } = logged();
  const list = parsePairList(
    {
      pending: [
        good(1),
        { requestId: 'evil\n2026-01-01 info forged line\u001b[31m\u202e', deviceId: null },
        good(2),
      ],
      paired: [{ deviceId: 'a'.repeat(64), publicKey: 'pk', scopes: ['operator.read'] }, 'not a device'],
    },
    log,
  );
  assert.deepEqual(
    list.pending.map((p) => p.requestId),
    [good(1).requestId, good(2).requestId],
  );
  assert.equal(list.paired.length, 1);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /skipped a malformed pending entry #1/);
  for (const l of lines)
    assert.ok(
      !l.includes('\n') && !l.includes('\u001b') && !l.includes('\u202e'),
      'no raw newline or escape in the log',
    );
  assert.ok(lines[0]!.includes('\\n'), 'the newline is shown escaped');
});

test('null where the gateway may send it: optional fields are absent, lists are empty', () => {
  const { lines, log } = logged();
  const list = parsePairList(
    {
      pending: [
        { ...good(3), displayName: null, remoteIp: null, roles: null, scopes: null, refreshedAtMs: null },
      ],
      paired: [
        {
          deviceId: 'b'.repeat(64),
          publicKey: 'pk',
          roles: null,
          scopes: null,
          tokens: null,
          displayName: null,
        },
      ],
    },
    log,
  );
  assert.deepEqual(lines, []);
  assert.equal(list.pending[0]?.displayName, undefined);
  assert.equal(list.pending[0]?.scopes, undefined);
  assert.deepEqual(list.paired[0]?.scopes, []);
  assert.deepEqual(list.paired[0]?.tokens, []);
  assert.deepEqual(parsePairList({ pending: null, paired: null }, log), { pending: [], paired: [] });
  // Events carry the same shapes.
  assert.equal(PendingRequest.parse({ ...good(4), platform: null }).platform, undefined);
});

test('a huge malformed entry is logged capped; a result that is not an object throws', () => {
  const { lines, log } = logged();
  parsePairList({ pending: [{ requestId: 'x'.repeat(100_000) }] }, log);
  assert.equal(lines.length, 1);
  assert.ok(lines[0]!.length < 400, `capped (${lines[0]!.length})`);
  assert.throws(() => parsePairList(null, log));
  assert.throws(() => parsePairList([good(1)], log));
});
