// The scanner must find what it is for, or the "no secret on disk" tests prove nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { scanForSecrets } from './secretScan.ts';

void test('finds secrets as UTF-8, UTF-16 and base64 at any alignment, in nested and binary files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-scan-'));
  const secrets = ['s3cr3t-token-AAAAbbbbCCCC', 'another-secret-value-1234', 'third-secret-never-written'];
  fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'a', 'b', 'plain.json'), `{"x":"${secrets[0]}"}`);
  fs.writeFileSync(path.join(dir, 'utf16.txt'), Buffer.from(`xx${secrets[1]}yy`, 'utf16le'));
  const bin = Buffer.concat([Buffer.from([0, 255, 1, 2]), Buffer.from(secrets[0]!), Buffer.from([0, 0])]);
  fs.writeFileSync(path.join(dir, 'blob.bin'), bin);
  for (const k of [0, 1, 2]) {
    const embedded = Buffer.concat([Buffer.alloc(k, 7), Buffer.from(secrets[1]!), Buffer.from('tail')]);
    fs.writeFileSync(path.join(dir, `b64-${k}.txt`), embedded.toString('base64'));
  }
  fs.writeFileSync(path.join(dir, 'clean.txt'), 'nothing to see');
  const hits = scanForSecrets([dir], secrets)
    .map((h) => `${path.relative(dir, h.file)}#${h.secretIndex}`)
    .sort();
  assert.deepEqual(hits, [
    'a/b/plain.json#0',
    'b64-0.txt#1',
    'b64-1.txt#1',
    'b64-2.txt#1',
    'blob.bin#0',
    'utf16.txt#1',
  ]);
  assert.deepEqual(scanForSecrets([path.join(dir, 'missing')], secrets), []);
  fs.rmSync(dir, { recursive: true });
});
