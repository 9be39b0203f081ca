import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CoreLog, logLine, MAX_MESSAGE_CHARS } from './coreLog.ts';

test('a message with newlines, ANSI and bidi characters stays one escaped line', () => {
  const forged = 'close 1008 bye\n2026-01-01T00:00:00.000Z info approved everything\u001b[2J\u202Egnp.exe';
  const line = logLine(forged);
  for (const c of ['\n', '\r', '\u001b', '\u202e']) assert.ok(!line.includes(c), JSON.stringify(c));
  assert.ok(line.includes('\\n') && line.includes('\\u202E'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-corelog-'));
  const log = new CoreLog(path.join(dir, 'clawbar.log'));
  log.write('info', forged);
  log.close();
  const text = fs.readFileSync(path.join(dir, 'clawbar.log'), 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 1, 'exactly one line written');
});

test('a long message is capped; secrets are still masked; ordinary text is unchanged', () => {
  const line = logLine(`dropped a frame: ${'x'.repeat(50_000)}`);
  assert.ok([...line].length <= MAX_MESSAGE_CHARS);
  assert.ok(line.endsWith('…'));
  assert.equal(logLine('token: abc123 sent'), 'token: [redacted] sent');
  assert.equal(logLine('password=hunter2'), 'password=[redacted]');
  assert.equal(logLine('bad token 3q2-7vXn0aB4cD5eF6gH7iJ sent'), 'bad token [redacted] sent');
  // Prose stays readable: a plain word after "token" or "secret" is not a secret.
  assert.equal(
    logLine('gateway token missing; no Secret Service such as gnome-keyring'),
    'gateway token missing; no Secret Service such as gnome-keyring',
  );
  assert.equal(
    logLine('gateway connection: connected (2026.9.6)'),
    'gateway connection: connected (2026.9.6)',
  );
});
