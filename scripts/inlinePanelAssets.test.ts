// The built panel (npm run build, which npm test runs first): its one script and style are inline,
// their hashes are in the manifest, and the meta CSP allows exactly those.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { INLINE_MANIFEST, panelCsp, parseInlineManifest } from '../electron/core/bridge/csp.ts';

const dist = path.resolve(import.meta.dirname, '..', 'dist', 'renderer');
const built = fs.existsSync(path.join(dist, INLINE_MANIFEST));
if (!built) console.log(`[inline] skipped: no panel build in ${dist} (run npm run build)`);

const sha256 = (text: string) =>
  `sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}`;

test(
  'the built index.html inlines the script and style the manifest hashes, and nothing else',
  { skip: !built && 'no panel build' },
  () => {
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const hashes = parseInlineManifest(fs.readFileSync(path.join(dist, INLINE_MANIFEST), 'utf8'));
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)];
    assert.equal(scripts.length, 1, 'one script element');
    assert.match(scripts[0]![0], /^<script type="module">/);
    assert.deepEqual(
      scripts.map((m) => sha256(m[1]!)),
      hashes.scripts,
    );
    assert.deepEqual(
      styles.map((m) => sha256(m[1]!)),
      hashes.styles,
    );
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet/, 'no external script or style left');
    assert.ok(
      !fs.existsSync(path.join(dist, 'assets')) ||
        fs.readdirSync(path.join(dist, 'assets')).every((f) => !/\.(js|css)$/.test(f)),
    );

    // The meta tag says what the header says (minus what only a header can carry).
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!;
    const header = panelCsp(hashes)
      .split('; ')
      .filter((d) => !/^(frame-ancestors|object-src) /.test(d))
      .join('; ');
    assert.equal(meta, header);
    assert.doesNotMatch(meta, /unsafe-inline|unsafe-eval/);
  },
);
