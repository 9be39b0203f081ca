// A Vite build plugin: puts the panel's entry script and its style sheet inside index.html (the first
// frame then waits for no fetch) and records their SHA-256 hashes in INLINE_MANIFEST and in the meta
// CSP, so the policy allows exactly that code and nothing else inline (see electron/core/bridge/csp.ts).
import crypto from 'node:crypto';
import type { Plugin, Rolldown } from 'vite';
import { INLINE_MANIFEST } from '../electron/core/bridge/csp.ts';

const sha256 = (text: string) =>
  `sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}`;

type OutputAsset = Rolldown.OutputAsset;
type OutputChunk = Rolldown.OutputChunk;

function take<T extends OutputChunk | OutputAsset>(
  bundle: Rolldown.OutputBundle,
  file: string,
  type: T['type'],
): T {
  const item = bundle[file];
  if (!item || item.type !== type) throw new Error(`inline: ${file} is not a ${type} of this build`);
  delete bundle[file];
  return item as T;
}

/** Replaces `'self'` of one directive in the meta CSP with `'self'` plus the hashes; exactly once. */
function allowInMeta(html: string, directive: string, hashes: string[]): string {
  const from = `${directive} 'self'`;
  const count = html.split(from).length - 1;
  if (count !== 1) throw new Error(`inline: index.html's meta CSP must name "${from}" once (found ${count})`);
  return html.replace(from, () => `${from}${hashes.map((h) => ` '${h}'`).join('')}`);
}

export function inlinePanelAssets(): Plugin {
  return {
    name: 'clawbar-inline-panel-assets',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle['index.html'];
      if (!page || page.type !== 'asset') throw new Error('inline: the build has no index.html');
      const scripts: string[] = [];
      const styles: string[] = [];
      let html = String(page.source);
      html = html.replace(
        /<script type="module" crossorigin src="\.\/([^"]+\.js)"><\/script>/g,
        (_tag, file: string) => {
          const code = take<OutputChunk>(bundle, file, 'chunk').code;
          if (/<\/script/i.test(code)) throw new Error(`inline: ${file} contains "</script"`);
          scripts.push(sha256(code));
          return `<script type="module">${code}</script>`;
        },
      );
      html = html.replace(
        /<link rel="stylesheet" crossorigin href="\.\/([^"]+\.css)">/g,
        (_tag, file: string) => {
          const css = String(take<OutputAsset>(bundle, file, 'asset').source);
          if (/<\/style/i.test(css)) throw new Error(`inline: ${file} contains "</style"`);
          styles.push(sha256(css));
          return `<style>${css}</style>`;
        },
      );
      if (scripts.length !== 1)
        throw new Error(`inline: expected the one entry script, found ${scripts.length}`);
      html = allowInMeta(html, 'script-src', scripts);
      html = allowInMeta(html, 'style-src', styles);
      page.source = html;
      this.emitFile({
        type: 'asset',
        fileName: INLINE_MANIFEST,
        source: `${JSON.stringify({ scripts, styles }, null, 2)}\n`,
      });
    },
  };
}
