// `npm run build` for real, into a scratch folder: the bundles exist, main and preload are CJS, the
// preload requires nothing a sandboxed preload cannot, and the panel is built with its CSP meta tag.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-build-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));

test('build bundles main, preload, dev host and panel into one folder', { timeout: 300_000 }, () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--out', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 280_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);

  const main = fs.readFileSync(path.join(out, 'main.cjs'), 'utf8');
  assert.match(main, /require\("electron"\)/, 'electron stays external');
  assert.doesNotMatch(main, /^\s*(import|export)\s/m, 'CommonJS, not ESM');

  const preload = fs.readFileSync(path.join(out, 'preload.cjs'), 'utf8');
  const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['electron'], 'the sandboxed preload requires only electron');
  assert.match(preload, /exposeInMainWorld\("clawbar"/);
  for (const name of ['getState', 'approve', 'sendTestNotification'])
    assert.ok(preload.includes(`"${name}"`), name);

  assert.ok(fs.existsSync(path.join(out, 'browserHost.mjs')));
  const html = fs.readFileSync(path.join(out, 'renderer', 'index.html'), 'utf8');
  assert.match(html, /Content-Security-Policy/);
  // The panel's one script and style are inline (no fetch before the first frame), each allowed by
  // the hash the build recorded; nothing else is inline (scripts/inlinePanelAssets.test.ts checks the hashes).
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!.trim());
  assert.deepEqual(scripts, ['type="module"'], 'one inline module script, no external one');
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'renderer', 'inline-hashes.json'), 'utf8')) as {
    scripts: string[];
  };
  assert.equal(manifest.scripts.length, 1);
  assert.ok(html.includes(`script-src 'self' '${manifest.scripts[0]}'`), 'the meta CSP allows that script');
});
