import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { HistoryEntry } from '../contract/views.ts';
import { AuditLog } from './auditLog.ts';

const root = fs.mkdtempSync(path.join(process.env.CLAWBAR_TEST_TMP ?? os.tmpdir(), 'clawbar-audit-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${n++}`);

const entry = (i: number, o: Partial<HistoryEntry> = {}): HistoryEntry => ({
  ts: 1_800_000_000_000 + i,
  action: 'approve',
  outcome: 'approved',
  by: 'user',
  deviceId: `dev-${i}`,
  displayName: 'MacBook Pro',
  requestId: `req-${i}`,
  scopesBefore: ['operator.read'],
  scopesAfter: ['operator.read', 'operator.approvals'],
  latencyMs: 7,
  ...o,
});

describe('AuditLog', () => {
  test('an over-long record is kept, its long fields cut with a marker', async () => {
    const log = new AuditLog(freshDir());
    const name = `\u202E${'n'.repeat(300)}`;
    await log.append(entry(1, { displayName: name, detail: 'd'.repeat(5000), command: 'c'.repeat(5000) }));
    const [kept] = await log.read(1);
    assert.ok(kept, 'the record was written, not refused');
    assert.equal(kept.displayName?.length, 200);
    assert.ok(kept.displayName?.startsWith('\u202Ennn'));
    assert.ok(kept.displayName?.endsWith('… [cut]'));
    assert.equal(kept.detail?.length, 1000);
    assert.ok(kept.command?.endsWith('… [cut]'));
  });

  test('appends JSON lines and reads newest first', async () => {
    const log = new AuditLog(freshDir());
    for (let i = 0; i < 5; i++) await log.append(entry(i));
    const lines = fs.readFileSync(log.fileOf(0), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.deepEqual(JSON.parse(lines[0]!), entry(0));
    assert.deepEqual(
      (await log.read(3)).map((e) => e.deviceId),
      ['dev-4', 'dev-3', 'dev-2'],
    );
    assert.equal((await new AuditLog(log.dir).read(100)).length, 5, 'a new instance reads what was synced');
  });

  test('concurrent appends are all kept, in call order', async () => {
    const log = new AuditLog(freshDir(), { maxBytes: 2000, keep: 10 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(entry(i))));
    const all = await log.read(1000);
    assert.deepEqual(
      all.map((e) => e.deviceId),
      Array.from({ length: 40 }, (_, i) => `dev-${39 - i}`),
    );
  });

  test('rejects unknown fields and malformed values without echoing them (long text is cut, see above)', async () => {
    const log = new AuditLog(freshDir());
    const withToken = { ...entry(1), token: 'tok-SECRET-123' } as HistoryEntry;
    await assert.rejects(
      log.append(withToken),
      (e: Error) => /token/.test(e.message) && !e.message.includes('tok-SECRET-123'),
    );
    await assert.rejects(log.append({ ...entry(2), by: 'someone' } as unknown as HistoryEntry), /by/);
    assert.equal(fs.existsSync(log.fileOf(0)), false, 'nothing was written');
  });

  test('rotates at the size limit, keeps a few generations, reads across them', async () => {
    const log = new AuditLog(freshDir(), { maxBytes: 1000, keep: 2 });
    const size = Buffer.byteLength(`${JSON.stringify(entry(10))}\n`);
    const perFile = Math.floor(1000 / size);
    const total = perFile * 4 + 1;
    for (let i = 0; i < total; i++) await log.append(entry(10 + i));
    for (const g of [0, 1, 2]) {
      assert.ok(fs.existsSync(log.fileOf(g)), `generation ${g}`);
      assert.ok(fs.statSync(log.fileOf(g)).size <= 1000, `generation ${g} within the limit`);
    }
    assert.equal(fs.existsSync(log.fileOf(3)), false, 'older generations are dropped');
    assert.equal(path.basename(log.fileOf(1)), 'audit.1.jsonl');
    const all = await log.read(10_000);
    assert.equal(all.length, 1 + 2 * perFile);
    assert.equal(all[0]!.deviceId, `dev-${10 + total - 1}`);
    assert.ok(
      all.every((e, i) => i === 0 || e.ts < all[i - 1]!.ts),
      'newest first across generations',
    );
  });

  test('a torn last line (crash mid-write) is skipped, and the next record stays whole', async () => {
    const log = new AuditLog(freshDir());
    await log.append(entry(1));
    await log.append(entry(2));
    const full = `${JSON.stringify(entry(3))}\n`;
    fs.appendFileSync(log.fileOf(0), full.slice(0, 40));
    assert.deepEqual(
      (await log.read(10)).map((e) => e.deviceId),
      ['dev-2', 'dev-1'],
    );
    await log.append(entry(4));
    assert.deepEqual(
      (await log.read(10)).map((e) => e.deviceId),
      ['dev-4', 'dev-2', 'dev-1'],
    );
  });

  test('a missing log reads as empty; the file is private to the user', async () => {
    const log = new AuditLog(freshDir());
    assert.deepEqual(await log.read(10), []);
    await log.append(entry(1, { action: 'observed', by: 'gateway', outcome: 'approved silently' }));
    assert.equal(fs.statSync(log.fileOf(0)).mode & 0o077, 0);
  });
});
