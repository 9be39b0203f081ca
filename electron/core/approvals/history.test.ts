import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HistoryEntrySchema } from '../audit/auditLog.ts';
import { TRUNCATION_MARKER } from '../present/visibleText.ts';
import { AUDIT_COMMAND_MAX, approvalHistoryEntry } from './history.ts';
import { pendingExec, pendingPlugin } from './records.ts';

const exec = (command: string) =>
  pendingExec({ id: 'e1', createdAtMs: 1000, expiresAtMs: 9000, request: { command, agentId: 'main' } });

test('a Clawbar decision: id, escaped command, decision, who and latency; the audit schema accepts it', () => {
  const e = approvalHistoryEntry({
    approval: exec('ls\n-la'),
    by: 'clawbar',
    decision: 'allow-once',
    at: 1250,
  });
  assert.equal(e.approvalId, 'e1');
  assert.equal(e.approvalKind, 'exec');
  assert.equal(e.command, 'ls\\n-la');
  assert.equal(e.decision, 'allow-once');
  assert.equal(e.by, 'user');
  assert.equal(e.action, 'approve');
  assert.equal(e.latencyMs, 250);
  assert.equal(e.detail, 'Decided by you in Clawbar · agent main');
  HistoryEntrySchema.parse(e);
});

test('a long command is truncated with the marker', () => {
  const e = approvalHistoryEntry({
    approval: exec('x'.repeat(5000)),
    by: 'other',
    decision: 'deny',
    at: 2000,
  });
  assert.equal([...e.command!].length, AUDIT_COMMAND_MAX);
  assert.ok(e.command!.endsWith(TRUNCATION_MARKER));
  assert.equal(e.by, 'other-client');
  assert.equal(e.action, 'reject');
  assert.equal(e.detail, 'Decided by another client · agent main');
  HistoryEntrySchema.parse(e);
});

test('an expiry and a plugin approval', () => {
  const p = pendingPlugin({
    id: 'plugin:p',
    createdAtMs: 0,
    expiresAtMs: 10,
    request: { title: 'Send', description: 'd' },
  });
  const e = approvalHistoryEntry({ approval: p, by: 'expiry', decision: null, at: 10 });
  assert.equal(e.decision, 'expired');
  assert.equal(e.by, 'gateway');
  assert.equal(e.action, 'observed');
  assert.equal(e.command, 'Send');
  assert.equal(e.detail, 'Nobody decided before it expired');
  HistoryEntrySchema.parse(e);
});
