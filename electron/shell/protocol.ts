// The panel is served from app://clawbar/… (a privileged standard+secure scheme) instead of file://,
// with the strict CSP header on every response.
import type { CustomScheme } from 'electron';
import { panelHeaders } from '../core/bridge/csp.ts';
import { loadStaticFile, panelCspFor } from '../core/bridge/staticFiles.ts';
import { errorMessage } from '../core/contract/errors.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'clawbar';
export const PANEL_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Privileges of app:// — standard (real origin, relative URLs) and secure; no CSP bypass. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // codeCache: V8 keeps the panel's compiled script between launches (Electron enables it for http(s)
  // only unless a standard scheme asks).
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Must run before the app is ready. */
export function registerAppScheme(protocol: {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
}): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** True for URLs of our own panel (the frame check of the IPC sender relies on it). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export async function appProtocolResponse(rootDir: string, request: Request): Promise<Response> {
  if (!isAppUrl(request.url)) return new Response('not found', { status: 404 });
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return new Response('method not allowed', { status: 405 });
  const file = await loadStaticFile(rootDir, new URL(request.url).pathname);
  if (file.status !== 200) return new Response(file.message, { status: file.status });
  let csp: string;
  try {
    csp = await panelCspFor(rootDir);
  } catch (err) {
    return new Response(errorMessage(err), { status: 500 });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: panelHeaders(file.contentType, csp),
  });
}

/** Must run after the app is ready. */
export function serveAppProtocol(
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void },
  rootDir: string,
): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rootDir, request));
}
