// Builds the panel (renderer/) into dist/renderer/ with relative asset paths, so the same files load from
// Electron's app:// protocol and from the dev host's static server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { inlinePanelAssets } from './scripts/inlinePanelAssets.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react(), inlinePanelAssets()],
  // The panel is written against React's API and types; it runs on Preact's implementation of that
  // API (preact/compat): about a fifth of react-dom's code for Chromium to compile before the first
  // frame, which is what keeps the first render under 100 ms (see bench/panel.ts).
  resolve: {
    alias: [
      { find: /^react$/, replacement: 'preact/compat' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
    ],
  },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Electron 45 ships Chromium 140; nothing older loads the panel.
    target: 'chrome140',
    // Chromium has modulepreload; the polyfill would only add work before the first frame.
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
});
