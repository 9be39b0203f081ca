#!/usr/bin/env node
// `npm run build`: bundles the Electron main process, the sandboxed preload, the dev host and the
// React panel into one folder (dist/ unless --out), and rasterises the icons from their SVG sources.
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRAY_STATES = ['connected', 'attention', 'disconnected', 'stopped', 'error'];
/** What a sandboxed preload may require besides 'electron' (Electron's sandbox docs). */
const SANDBOX_PRELOAD_MODULES = new Set([
  'electron',
  'events',
  'timers',
  'url',
  'node:events',
  'node:timers',
  'node:url',
]);

/** What every Node-side bundle shares: the main process and the browser host run the same core on Node 24. */
const NODE_BUNDLE = { bundle: true, platform: 'node', target: 'node24', logLevel: 'warning' };

function log(msg) {
  process.stdout.write(`[build] ${msg}\n`);
}

async function bundleMain(out) {
  await esbuild.build({
    entryPoints: [path.join(root, 'electron/main.ts')],
    outfile: path.join(out, 'main.cjs'),
    ...NODE_BUNDLE,
    format: 'cjs',
    external: ['electron', '@napi-rs/keyring'],
    // Core modules are ESM and may use import.meta.url (e.g. createRequire for the native keyring):
    // give the CJS bundle the real file URL.
    banner: { js: "const __clawbarMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__clawbarMetaUrl' },
    sourcemap: 'linked',
  });
}

async function bundlePreload(out) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'electron/preload.ts')],
    outfile: path.join(out, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    metafile: true,
    logLevel: 'warning',
  });
  // A sandboxed preload has no general `require`: fail the build if anything else slipped in.
  const required = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) required.add(imp.path);
  }
  const forbidden = [...required].filter((m) => !SANDBOX_PRELOAD_MODULES.has(m));
  if (forbidden.length)
    throw new Error(`the preload must stay sandbox-compatible, but requires: ${forbidden.join(', ')}`);
}

async function bundleBrowserHost(out) {
  await esbuild.build({
    entryPoints: [path.join(root, 'electron/browserHost/main.ts')],
    outfile: path.join(out, 'browserHost.mjs'),
    ...NODE_BUNDLE,
    format: 'esm',
    // Dependencies load from node_modules (native keyring, ws), like in the app.
    packages: 'external',
    external: [...builtinModules, 'electron'],
  });
}

async function buildRenderer(out) {
  const configFile = path.join(root, 'vite.config.ts');
  if (!fs.existsSync(configFile)) throw new Error('vite.config.ts is missing: the panel cannot be built');
  const vite = await import('vite');
  await vite.build({
    configFile,
    root: path.join(root, 'renderer'),
    logLevel: 'warn',
    build: { outDir: path.join(out, 'renderer'), emptyOutDir: true },
  });
}

/** Tray template icons (16 px @1x, 32 px @2x, black + alpha) and the 1024 px app icon. */
async function rasterizeIcons(out) {
  let Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch {
    log(
      'icons skipped: @resvg/resvg-js is not installed (npm i -D @resvg/resvg-js); the tray shows a text title',
    );
    return false;
  }
  const src = path.join(root, 'build/icons');
  const dest = path.join(out, 'icons');
  fs.mkdirSync(dest, { recursive: true });
  const render = (svgFile, width, outFile) => {
    const svg = fs.readFileSync(path.join(src, svgFile));
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng();
    fs.writeFileSync(path.join(dest, outFile), png);
  };
  for (const state of TRAY_STATES) {
    render(`tray-${state}.svg`, 16, `tray-${state}Template.png`);
    render(`tray-${state}.svg`, 32, `tray-${state}Template@2x.png`);
  }
  render('app.svg', 1024, 'app.png');
  return true;
}

export async function build({ out = path.join(root, 'dist'), renderer = true } = {}) {
  const started = Date.now();
  fs.mkdirSync(out, { recursive: true });
  await Promise.all([bundleMain(out), bundlePreload(out), bundleBrowserHost(out)]);
  log('main.cjs, preload.cjs, browserHost.mjs bundled');
  if (renderer) {
    await buildRenderer(out);
    log('renderer built');
  }
  if (await rasterizeIcons(out)) log('icons rasterised');
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(root, out) || '.'}`);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'no-renderer': { type: 'boolean', default: false } },
  });
  build({ out: values.out ? path.resolve(values.out) : undefined, renderer: !values['no-renderer'] }).catch(
    (err) => {
      process.stderr.write(`[build] failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
