// Metric 8: the panel's JavaScript size (gzip) and its first render in Debian's Chromium, served the way
// the app serves it (dist/renderer with the panel CSP headers, script and style inline) with a stand-in
// bridge.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import { REQUEST_NAMES } from '../electron/core/contract/contract.ts';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { builtPanelScripts, servePanel } from '../test/support/panelServer.ts';
import { baseState, history } from '../e2e/support/fixtures.ts';
import { repoRoot } from '../test/support/toolchain.ts';
import { describe, median, row, summarize, type Row } from './stats.ts';

const DIST = path.join(repoRoot, 'dist', 'renderer');

function gzipKb(texts: string[]): number {
  return texts.reduce((a, t) => a + zlib.gzipSync(t, { level: 9 }).length, 0) / 1024;
}

export function bundleSize(): Row[] {
  if (!fs.existsSync(path.join(DIST, 'index.html')))
    throw new Error(`${DIST} has no panel: build first (npm run build)`);
  const js = builtPanelScripts(DIST);
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const css = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const rawKb = js.reduce((a, s) => a + Buffer.byteLength(s.code), 0) / 1024;
  return [
    row({
      metric: 8,
      name: 'panel JS (gzip -9)',
      value: gzipKb(js.map((s) => s.code)),
      unit: 'KB',
      target: { op: '<', value: 150 },
      detail: `${js.map((s) => s.name).join(', ')}: ${rawKb.toFixed(0)} KB raw; CSS ${gzipKb(css).toFixed(1)} KB gzip`,
    }),
  ];
}

/**
 * Runs in the page before its scripts: a stand-in `window.clawbar` answering from fixtures (as
 * e2e/support/fakeBridge.ts does) and a MutationObserver noting when #root first gets content.
 */
function initScript(): string {
  const now = Date.now();
  const data = { state: baseState(now), history: history(now), names: REQUEST_NAMES };
  return `(() => {
  const data = ${JSON.stringify(data)};
  const bridge = { on: () => () => {} };
  for (const n of data.names) bridge[n] = () => Promise.resolve({ ok: true });
  bridge.getState = () => Promise.resolve(data.state);
  bridge.getHistory = (limit) => Promise.resolve(data.history.slice(0, limit));
  bridge.previewTokenImport = () => Promise.resolve({ found: false, message: 'No token found.' });
  bridge.runDoctor = () => Promise.resolve([]);
  window.clawbar = bridge;
  window.__bench = { doc: performance.now() };
  // #root's first child may be the "Loading…" placeholder; the app's content is there once its
  // header (role banner, "Gateway status") is, and painted by the next animation frame.
  new MutationObserver((_, obs) => {
    const root = document.getElementById('root');
    if (!root) return;
    if (root.childElementCount > 0 && window.__bench.mounted === undefined) window.__bench.mounted = performance.now();
    if (root.querySelector('header, [role="banner"]')) {
      window.__bench.content = performance.now();
      requestAnimationFrame(() => (window.__bench.frame = performance.now()));
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
})();`;
}

interface LoadTiming {
  /** The document exists (init scripts run): Chromium has committed the navigation. */
  doc: number;
  mounted: number;
  /** The app's header in the DOM, and the animation frame after it (its first paint). */
  content: number;
  frame: number;
  fcp: number;
  /** HTML response end, DOMContentLoaded end (the inline module evaluated, first commit done). */
  html: number;
  dcl: number;
}

export async function firstRender(loads: number): Promise<Row[]> {
  const server = await servePanel(DIST);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const timings: LoadTiming[] = [];
  const problems: string[] = [];
  try {
    for (let i = 0; i <= loads; i++) {
      const context = await browser.newContext({ viewport: { width: 440, height: 760 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      await page.addInitScript({ content: initScript() });
      await page.goto(url, { waitUntil: 'load' });
      // Paint timing is relative to navigation start, like performance.now().
      const t = await page.evaluate(`new Promise((resolve) => {
        const until = performance.now() + 5000;
        const check = () => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          if ((window.__bench.frame === undefined || !fcp) && performance.now() < until) return setTimeout(check, 20);
          const nav = performance.getEntriesByType('navigation')[0];
          resolve({
            doc: window.__bench.doc, mounted: window.__bench.mounted ?? NaN, content: window.__bench.content ?? NaN,
            frame: window.__bench.frame ?? NaN, fcp: fcp ? fcp.startTime : NaN,
            html: nav ? nav.responseEnd : NaN,
            dcl: nav ? nav.domContentLoadedEventEnd : NaN,
          });
        };
        check();
      })`);
      await context.close();
      if (i > 0) timings.push(t as LoadTiming); // the first load warms the browser process
    }
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
  // The target is the panel's own time: from its document (Chromium has committed the navigation and
  // runs the page's first script) to the first frame with its content. What comes before the document
  // is Chromium starting a renderer for a fresh context, which any page pays (tens of ms here), and which
  // the app pays once at launch: Electron loads the panel hidden and a tray click only shows it.
  const own = timings.map((t) => t.frame - t.doc);
  const frame = timings.map((t) => t.frame);
  const med = (k: keyof LoadTiming) => median(timings.map((t) => t[k] - t.doc)).toFixed(0);
  const problemNote = problems.length
    ? { note: `page problems: ${[...new Set(problems)].join(' | ').slice(0, 300)}` }
    : {};
  return [
    row({
      metric: 8,
      name: 'panel first render (median)',
      value: median(own),
      unit: 'ms',
      target: { op: '<=', value: 80 },
      detail: `${describe(summarize(own), 'ms', ['min', 'p50', 'max'])} from the panel's document to the first frame with its header (a fresh browser context each load); medians after the document: HTML received ${med('html')}, module run + first commit (DCL) ${med('dcl')}, header in DOM ${med('content')}, frame ${med('frame')}, FCP ${med('fcp')} ms`,
      ...problemNote,
      samples: own.map((x) => Math.round(x * 10) / 10),
    }),
    row({
      metric: 8,
      name: 'panel first frame from navigation start (median)',
      value: median(frame),
      unit: 'ms',
      target: { op: '<=', value: 150 },
      detail: `${describe(summarize(frame), 'ms', ['min', 'p50', 'max'])}; of which Chromium before the panel's document exists (renderer start, commit): median ${median(timings.map((t) => t.doc)).toFixed(0)} ms`,
      samples: frame.map((x) => Math.round(x * 10) / 10),
    }),
  ];
}
