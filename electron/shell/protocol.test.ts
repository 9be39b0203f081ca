// The app:// handler is plain Request -> Response: tested without Electron.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CustomScheme } from 'electron';
import { INLINE_MANIFEST, PANEL_CSP, panelCsp } from '../core/bridge/csp.ts';
import { loadStaticFile } from '../core/bridge/staticFiles.ts';
import {
  APP_SCHEME_PRIVILEGES,
  appProtocolResponse,
  isAppUrl,
  PANEL_URL,
  registerAppScheme,
} from './protocol.ts';

let base: string;
let root: string;

before(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'assets', 'a.css'), 'body{}');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
after(() => fs.rmSync(base, { recursive: true, force: true }));

describe('app:// protocol', () => {
  test('registered privileged as standard + secure, without a CSP bypass', () => {
    let registered: CustomScheme[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (s) => (registered = s) });
    assert.deepEqual(registered, [APP_SCHEME_PRIVILEGES]);
    assert.equal(registered[0]!.scheme, 'app');
    assert.equal(registered[0]!.privileges?.standard, true);
    assert.equal(registered[0]!.privileges?.secure, true);
    assert.notEqual(registered[0]!.privileges?.bypassCSP, true);
    assert.equal(registered[0]!.privileges?.codeCache, true);
  });

  test('serves the panel with the CSP header', async () => {
    const res = await appProtocolResponse(root, new Request(PANEL_URL));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), PANEL_CSP);
    assert.equal(await res.text(), '<!doctype html>');
    const css = await appProtocolResponse(root, new Request('app://clawbar/assets/a.css'));
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  });

  test("a build's inline hashes are added to the policy; a damaged manifest serves nothing", async () => {
    const hashes = { scripts: [`sha256-${'A'.repeat(43)}=`], styles: [`sha256-${'B'.repeat(43)}=`] };
    const built = path.join(base, 'built');
    fs.mkdirSync(built);
    fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(built, INLINE_MANIFEST), JSON.stringify(hashes));
    const res = await appProtocolResponse(built, new Request(PANEL_URL));
    assert.equal(res.headers.get('content-security-policy'), panelCsp(hashes));
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      /script-src 'self' 'sha256-A{43}='; style-src 'self' 'sha256-B{43}='/,
    );

    const damaged = path.join(base, 'damaged');
    fs.mkdirSync(damaged);
    fs.writeFileSync(path.join(damaged, 'index.html'), '<!doctype html>');
    fs.writeFileSync(
      path.join(damaged, INLINE_MANIFEST),
      JSON.stringify({ scripts: ["'unsafe-inline'"], styles: [] }),
    );
    const bad = await appProtocolResponse(damaged, new Request(PANEL_URL));
    assert.equal(bad.status, 500);
    assert.match(await bad.text(), /inline-hashes\.json is damaged .*npm run build/);
  });

  test('refuses other hosts, other methods, traversal and symlinks leaving the folder', async () => {
    assert.equal((await appProtocolResponse(root, new Request('app://other/index.html'))).status, 404);
    assert.equal((await appProtocolResponse(root, new Request(PANEL_URL, { method: 'POST' }))).status, 405);
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/link.txt',
      '/a%00b',
    ]) {
      const r = await loadStaticFile(root, p);
      assert.notEqual(r.status, 200, p);
    }
    assert.equal((await loadStaticFile(root, '/..%2fsecret.txt')).status, 403);
    assert.equal((await loadStaticFile(root, '/assets/link.txt')).status, 403);
  });

  test('isAppUrl accepts only app://clawbar', () => {
    assert.ok(isAppUrl('app://clawbar/index.html'));
    for (const u of [
      'app://evil/index.html',
      'file:///index.html',
      'http://clawbar/',
      'not a url',
      'app://clawbar.evil/',
    ]) {
      assert.equal(isAppUrl(u), false, u);
    }
  });
});
