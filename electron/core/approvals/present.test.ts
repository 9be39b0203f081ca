import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approvalActions, approvalItem, scopeSummary, TITLE_MAX } from './present.ts';
import { pendingExec, pendingPlugin } from './records.ts';
import { ExecApprovalRecord, parseEntries, PluginApprovalRecord } from './wire.ts';

const T0 = 1_700_000_000_000;

function exec(request: Record<string, unknown>, id = 'a1b2') {
  return pendingExec(ExecApprovalRecord.parse({ id, request, createdAtMs: T0, expiresAtMs: T0 + 120_000 }));
}

function plugin(request: Record<string, unknown>, id = 'plugin:9f') {
  return pendingPlugin(
    PluginApprovalRecord.parse({ id, request, createdAtMs: T0, expiresAtMs: T0 + 120_000 }),
  );
}

test('an exec approval: title is the command, summary the agent and where, buttons once · always · deny', () => {
  const item = approvalItem(
    exec({
      command: 'npm test',
      cwd: '/work/app',
      host: 'gateway',
      agentId: 'main',
      sessionKey: 'agent:main:main',
      resolvedPath: '/usr/bin/npm',
      allowedDecisions: ['deny', 'allow-always', 'allow-once'],
      nodeId: null,
      security: null,
    }),
  );
  assert.equal(item.kind, 'exec');
  assert.equal(item.key, 'exec:a1b2');
  assert.equal(item.title, 'npm test');
  assert.equal(item.summary, 'Agent main wants to run this on the gateway in /work/app');
  assert.deepEqual(
    item.actions.map((a) => a.label),
    ['Allow once', 'Always allow', 'Deny'],
  );
  assert.equal(item.risk, 'high');
  assert.ok(item.kind === 'exec');
  assert.equal(item.card.resolvedPath, '/usr/bin/npm');
  assert.equal(item.card.session, 'agent:main:main');
  assert.equal(item.card.hiddenCharacters, false);
});

test('a command with ANSI, U+202E and a newline is escaped in title, summary and card alike', () => {
  const command = 'echo \u001b[31mok\u001b[0m\ncat \u202Egnp.sh';
  const item = approvalItem(exec({ command, cwd: '/tmp/\u200Bx', agentId: 'ma\u202Ein' }));
  assert.ok(item.kind === 'exec');
  const escaped = 'echo ␛[31mok␛[0m\\ncat \\u202Egnp.sh';
  assert.equal(item.card.command, escaped);
  assert.equal(item.title, escaped);
  assert.equal(item.card.cwd, '/tmp/\\u200Bx');
  assert.match(item.summary, /Agent ma\\u202Ein/);
  for (const hidden of ['\u001b', '\u202e', '\n', '\u200b']) {
    assert.ok(!(item.title + item.summary).includes(hidden), `no raw ${JSON.stringify(hidden)}`);
  }
  assert.equal(item.card.hiddenCharacters, true);
  assert.equal(item.risk, 'critical');
});

test('a command the 9.6 gateway already escaped (\\u{1B}) still counts as hiding characters', () => {
  const item = approvalItem(exec({ command: 'echo \\u{1B}[31mred \\u{202E}txt.sh' }));
  assert.ok(item.kind === 'exec');
  assert.equal(item.card.command, 'echo \\u{1B}[31mred \\u{202E}txt.sh');
  assert.equal(item.card.hiddenCharacters, true);
  assert.equal(item.risk, 'critical');
  const plain = approvalItem(exec({ command: 'echo plain \\n text' }));
  assert.ok(plain.kind === 'exec');
  assert.equal(plain.card.hiddenCharacters, false);
});

test('a long command: the title is capped, the card keeps it whole', () => {
  const command = `bash -c "${'x'.repeat(1000)}"`;
  const item = approvalItem(exec({ command }));
  assert.ok(item.kind === 'exec');
  assert.equal([...item.title].length, TITLE_MAX);
  assert.ok(item.title.endsWith('…'));
  assert.equal(item.card.command, command);
});

test('ask "always" without an explicit list offers no "Always allow"; unavailableDecisions removes it too', () => {
  assert.deepEqual(exec({ command: 'ls', ask: 'always' }).allowedDecisions, ['allow-once', 'deny']);
  assert.deepEqual(exec({ command: 'ls', unavailableDecisions: ['allow-always'] }).allowedDecisions, [
    'allow-once',
    'deny',
  ]);
  assert.deepEqual(exec({ command: 'ls' }).allowedDecisions, ['allow-once', 'allow-always', 'deny']);
});

test('warning text, the gateway analysis and a declared scope reach the card', () => {
  const item = approvalItem(
    exec({
      command: 'python -c "print(1)"',
      warningText: 'Runs inline code',
      commandAnalysis: { warningLines: ['Contains inline-eval: python -c', 'Runs inline code'] },
      scope: {
        kind: 'message-send',
        target: 'email',
        recipientCount: 3,
        recipients: ['a@x.com', 'b@y.com'],
        audience: 'external',
      },
    }),
  );
  assert.ok(item.kind === 'exec');
  assert.deepEqual(item.card.warnings, ['Runs inline code', 'Contains inline-eval: python -c']);
  assert.equal(item.card.scope?.text, 'Send to 3 recipients via email (external): a@x.com, b@y.com, +1 more');
  assert.equal(item.risk, 'critical');
});

test('scope summaries for payment, external post and standing grants', () => {
  assert.equal(
    scopeSummary({ kind: 'payment', amount: '12.50', currency: 'EUR', target: 'Stripe' })?.text,
    'Pay 12.50 EUR to Stripe',
  );
  assert.equal(
    scopeSummary({ kind: 'external-post', target: 'x.com', visibility: 'public' })?.text,
    'Post publicly to x.com',
  );
  assert.match(
    scopeSummary({ kind: 'standing-grant', automation: 'nightly', command: 'make backup' })?.text ?? '',
    /nightly.*make backup.*until revoked/,
  );
});

test('a node run says which node; the plan fills in cwd and agent', () => {
  const item = approvalItem(
    exec({
      command: 'uname -a',
      host: 'node',
      nodeId: 'mac-mini',
      systemRunPlan: {
        argv: ['uname', '-a'],
        cwd: '/srv',
        commandText: 'uname -a',
        agentId: 'ops',
        sessionKey: null,
      },
    }),
  );
  assert.equal(item.summary, 'Agent ops wants to run this on node mac-mini in /srv');
});

test('a plugin approval: title, description, severity, tool; allowedDecisions without allow-always', () => {
  const item = approvalItem(
    plugin({
      pluginId: 'mailer',
      title: 'Send weekly report',
      description: 'Sends the report to 40 people',
      severity: 'critical',
      toolName: 'mail.send',
      mcpTool: { server: 'mail', tool: 'send' },
      agentId: 'main',
      allowedDecisions: ['allow-once', 'deny'],
      detail: 'To: team@x.com',
    }),
  );
  assert.equal(item.kind, 'plugin');
  assert.equal(item.key, 'plugin:9f');
  assert.equal(item.title, 'Send weekly report');
  assert.equal(item.risk, 'critical');
  assert.deepEqual(
    item.actions.map((a) => a.id),
    ['allow-once', 'deny'],
  );
  assert.ok(item.kind === 'plugin');
  assert.equal(item.card.mcpTool, 'mail · send');
  assert.equal(item.card.detail, 'To: team@x.com');
  assert.match(item.summary, /^Plugin mailer asks for agent main \(MCP mail · send\): Sends the report/);
});

test('a 4.12 plugin approval (no allowedDecisions, nulls) offers all three; deny is always kept', () => {
  const p = plugin({
    pluginId: null,
    title: 'Do it',
    description: 'Something',
    severity: null,
    toolName: null,
    toolCallId: null,
    agentId: null,
    sessionKey: null,
  });
  assert.deepEqual(p.allowedDecisions, ['allow-once', 'allow-always', 'deny']);
  assert.deepEqual(
    plugin({ title: 't', description: 'd', allowedDecisions: ['allow-once'] }).allowedDecisions,
    ['allow-once', 'deny'],
  );
  const item = approvalItem(p);
  assert.ok(item.kind === 'plugin');
  assert.equal(item.card.severity, 'warning');
  assert.equal(item.summary, 'A plugin asks: Something');
});

test('approvalActions keeps the fixed order and drops unknown decisions', () => {
  assert.deepEqual(
    approvalActions(['deny', 'allow-once']).map((a) => a.label),
    ['Allow once', 'Deny'],
  );
});

test('the fingerprint changes when the command, cwd, plan or agent changes, not with the timestamps', () => {
  const base = { command: 'ls', cwd: '/a', agentId: 'main' };
  const f = exec(base).fingerprint;
  assert.equal(exec(base, 'other-id').fingerprint, f);
  assert.notEqual(exec({ ...base, command: 'ls -la' }).fingerprint, f);
  assert.notEqual(exec({ ...base, cwd: '/b' }).fingerprint, f);
  assert.notEqual(exec({ ...base, agentId: 'ops' }).fingerprint, f);
  assert.notEqual(
    exec({
      ...base,
      systemRunPlan: { argv: ['ls'], cwd: '/a', commandText: 'ls', agentId: null, sessionKey: null },
    }).fingerprint,
    f,
  );
});

test('a list is parsed entry by entry: a malformed entry is skipped and logged, the rest kept', () => {
  const logged: string[] = [];
  const list = [
    { id: 'ok1', request: { command: 'ls' }, createdAtMs: T0, expiresAtMs: T0 + 1 },
    { id: 'bad', request: { command: 42 }, createdAtMs: T0, expiresAtMs: T0 + 1 },
    null,
    {
      id: 'ok2',
      request: { command: 'pwd', cwd: null, agentId: null },
      createdAtMs: T0,
      expiresAtMs: T0 + 1,
    },
  ];
  const parsed = parseEntries(list, ExecApprovalRecord, 'exec.approval.list', (m) => logged.push(m));
  assert.deepEqual(
    parsed.map((r) => r.id),
    ['ok1', 'ok2'],
  );
  assert.equal(logged.length, 2);
  assert.match(logged[0]!, /skipped entry 1/);
  assert.deepEqual(
    parseEntries({ not: 'a list' }, ExecApprovalRecord, 'x', (m) => logged.push(m)),
    [],
  );
  assert.equal(logged.length, 3);
});
