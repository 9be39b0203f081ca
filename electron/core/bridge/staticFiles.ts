// Reads the panel's built files for the app:// protocol handler and the dev host: only files inside
// the root (after resolving symlinks), only for plain paths, with a content type from a short list.
import fs from 'node:fs/promises';
import path from 'node:path';
import { INLINE_MANIFEST, PANEL_CSP, panelCsp, parseInlineManifest } from './csp.ts';
import { errorMessage } from '../contract/errors.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export type StaticResult =
  { status: 200; body: Buffer; contentType: string } | { status: 400 | 403 | 404; message: string };

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `urlPath` is the URL's pathname (still percent-encoded); `/` serves index.html. */
export async function loadStaticFile(root: string, urlPath: string): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, message: 'bad path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, message: 'bad path' };
  const rootReal = await fs.realpath(root).catch(() => null);
  if (!rootReal) return { status: 404, message: 'panel not built' };
  let target = path.resolve(rootReal, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (!inside(rootReal, target)) return { status: 403, message: 'outside the app' };
  try {
    if ((await fs.stat(target)).isDirectory()) target = path.join(target, 'index.html');
    const real = await fs.realpath(target);
    if (!inside(rootReal, real)) return { status: 403, message: 'outside the app' };
    const contentType = CONTENT_TYPES[path.extname(real).toLowerCase()];
    if (!contentType) return { status: 404, message: 'not found' };
    return { status: 200, body: await fs.readFile(real), contentType };
  } catch {
    return { status: 404, message: 'not found' };
  }
}

const cspByRoot = new Map<string, Promise<string>>();

/**
 * The CSP for the panel build in `root` (read once per root): the strict policy plus the hashes the
 * build recorded for its inline script and style; the strict policy alone when there is no manifest.
 * A manifest that cannot be read fails every load with a clear message rather than loosening anything.
 */
export function panelCspFor(root: string): Promise<string> {
  let csp = cspByRoot.get(root);
  if (!csp) {
    csp = fs.readFile(path.join(root, INLINE_MANIFEST), 'utf8').then(
      (json) => {
        try {
          return panelCsp(parseInlineManifest(json));
        } catch (err) {
          throw new Error(
            `the panel build's ${INLINE_MANIFEST} is damaged (${errorMessage(err)}): rebuild with npm run build`,
            { cause: err },
          );
        }
      },
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return PANEL_CSP;
        throw err;
      },
    );
    cspByRoot.set(root, csp);
  }
  return csp;
}
