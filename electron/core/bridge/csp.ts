// The panel's Content Security Policy, shared by the Electron protocol handler, the dev host and the
// meta tag in renderer/index.html. Only the app's own code runs; nothing remote loads. The build
// inlines the panel's one script and one style sheet into index.html (a fetch less before the first
// frame) and records their SHA-256 hashes; the policy allows exactly those, never 'unsafe-inline'.

/** `sha256-<base64>` sources of the build's inline script and style (INLINE_MANIFEST). */
export interface InlineHashes {
  scripts: readonly string[];
  styles: readonly string[];
}

/** Written by the build next to index.html. */
export const INLINE_MANIFEST = 'inline-hashes.json';

const HASH_SOURCE = /^sha256-[A-Za-z0-9+/]{43}=$/;

export function panelCsp(inline: InlineHashes = { scripts: [], styles: [] }): string {
  const sources = (hashes: readonly string[]) => hashes.map((h) => ` '${h}'`).join('');
  return [
    "default-src 'none'",
    `script-src 'self'${sources(inline.scripts)}`,
    `style-src 'self'${sources(inline.styles)}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The policy with no inline code at all (a build without a manifest). */
export const PANEL_CSP = panelCsp();

/** Reads INLINE_MANIFEST; anything but a list of well-formed SHA-256 sources is refused. */
export function parseInlineManifest(json: string): InlineHashes {
  const data: unknown = JSON.parse(json);
  const list = (v: unknown, what: string): string[] => {
    if (!Array.isArray(v) || !v.every((h): h is string => typeof h === 'string' && HASH_SOURCE.test(h)))
      throw new Error(`${what} must be a list of sha256-<base64> sources`);
    return v;
  };
  const o = (data ?? {}) as { scripts?: unknown; styles?: unknown };
  return { scripts: list(o.scripts, 'scripts'), styles: list(o.styles, 'styles') };
}

/** Headers every panel file is served with (Electron's app:// handler and the dev host alike). */
export function panelHeaders(contentType: string, csp: string = PANEL_CSP): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
