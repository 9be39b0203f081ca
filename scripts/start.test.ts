// `npm start` where the Electron binary cannot be had: a short explanation, no stack trace, exit 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasElectronBinary = fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));

test(
  'without the Electron binary, npm start explains and points at npm run preview',
  { skip: hasElectronBinary ? 'the Electron binary is installed here, so npm start would launch it' : false },
  () => {
    for (const env of [{ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, { ELECTRON_SKIP_BINARY_DOWNLOAD: '' }]) {
      const started = Date.now();
      const r = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...env, CLAWBAR_ELECTRON_DOWNLOAD_TIMEOUT_MS: '20000' },
        timeout: 60_000,
      });
      const output = `${r.stdout}${r.stderr}`;
      assert.equal(r.status, 1, output);
      assert.match(r.stderr, /Clawbar cannot start here: the Electron binary is not available\./);
      assert.match(r.stderr, /npm run preview/);
      assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
      assert.ok(Date.now() - started < 30_000, 'gives up quickly');
    }
  },
);
