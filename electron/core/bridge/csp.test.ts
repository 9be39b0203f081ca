// The meta tag in renderer/index.html and the header the app:// handler and the dev host send must say
// the same thing (the header may add directives a meta tag cannot carry).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { PANEL_CSP, panelCsp, parseInlineManifest } from './csp.ts';

const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

test('the panel CSP allows only its own scripts and no inline code', () => {
  const csp = directives(PANEL_CSP);
  assert.equal(csp.get('default-src'), "'none'");
  assert.equal(csp.get('script-src'), "'self'");
  assert.equal(csp.get('object-src'), "'none'");
  assert.doesNotMatch(PANEL_CSP, /unsafe-inline|unsafe-eval|\*|https?:/);
});

test('renderer/index.html carries the same policy in its meta tag', () => {
  const html = fs.readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  assert.ok(meta, 'index.html has a CSP meta tag');
  const fromMeta = directives(meta[1]!);
  const fromHeader = directives(PANEL_CSP);
  for (const [name, value] of fromHeader) {
    if (HEADER_ONLY.has(name) || (name === 'object-src' && !fromMeta.has(name))) continue;
    assert.equal(fromMeta.get(name), value, `meta ${name}`);
  }
  for (const [name, value] of fromMeta) assert.equal(fromHeader.get(name), value, `header ${name}`);
});

test("the build's inline hashes are the only inline code the policy allows", () => {
  const hash = `sha256-${'x'.repeat(43)}=`;
  const csp = directives(panelCsp({ scripts: [hash], styles: [] }));
  assert.equal(csp.get('script-src'), `'self' '${hash}'`);
  assert.equal(csp.get('style-src'), "'self'");
  for (const [name, value] of directives(PANEL_CSP))
    if (name !== 'script-src') assert.equal(csp.get(name), value, name);
});

test('a manifest with anything but sha256 sources is refused', () => {
  const ok = `sha256-${'a'.repeat(43)}=`;
  assert.deepEqual(parseInlineManifest(JSON.stringify({ scripts: [ok], styles: [] })), {
    scripts: [ok],
    styles: [],
  });
  for (const bad of [
    { scripts: ["'unsafe-inline'"], styles: [] },
    { scripts: [`${ok}' 'unsafe-eval`], styles: [] },
    { scripts: ['sha256-short='], styles: [] },
    { scripts: [ok] },
    { scripts: 'sha256', styles: [] },
    null,
  ])
    assert.throws(() => parseInlineManifest(JSON.stringify(bad)), /sources/, JSON.stringify(bad));
});
