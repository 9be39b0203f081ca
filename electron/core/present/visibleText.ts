// Text from the other side of the gateway (commands, titles, device names) shown so that nothing in it
// can hide or disguise itself: control characters, ANSI escapes, bidi overrides, zero-width and other
// invisible characters and line breaks become visible escapes, and long values are capped with a marker.
// Pure and web-safe: the panel, notifications and the tray all show the same escaped text.

export interface VisibleTextOptions {
  /** Longest result in code points, the marker included; the full value is kept elsewhere. */
  max?: number;
}

/** Ends a value that was cut. */
export const TRUNCATION_MARKER = '…';

const NAMED: Readonly<Record<number, string>> = {
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  // ESC starts every ANSI sequence: `␛[31m` reads as what it is without acting on the terminal or panel.
  0x1b: '␛',
};

/** Characters that change how the text around them is ordered or drawn, or draw nothing at all. */
function isHidden(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad || // soft hyphen
    cp === 0x034f || // combining grapheme joiner
    cp === 0x061c || // Arabic letter mark
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (cp >= 0x2028 && cp <= 0x202e) || // line/paragraph separators, bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, invisible operators, bidi isolates, deprecated formats
    cp === 0x3164 ||
    cp === 0xfeff || // zero-width no-break space (BOM)
    cp === 0xffa0 ||
    (cp >= 0xfff9 && cp <= 0xfffb) || // interlinear annotation
    (cp >= 0xd800 && cp <= 0xdfff) || // a lone surrogate
    (cp >= 0x1d173 && cp <= 0x1d17a) || // musical formatting
    (cp >= 0xe0000 && cp <= 0xe007f) // tag characters
  );
}

function escapeOf(cp: number): string {
  const named = NAMED[cp];
  if (named !== undefined) return named;
  const hex = cp.toString(16).toUpperCase();
  return cp > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** Each code point of `s` as shown: itself, or its visible escape. */
function* visibleTokens(s: string): Generator<string> {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    yield isHidden(cp) ? escapeOf(cp) : ch;
  }
}

/** True when `s` holds anything visibleText would escape (worth a warning on its own). */
export function hasHiddenCharacters(s: string): boolean {
  for (const ch of s) if (isHidden(ch.codePointAt(0)!)) return true;
  return false;
}

/**
 * `s` with every control and invisible character visibly escaped (`\n`, `␛[31m`, `\u202E`), capped
 * at `max` code points with a trailing marker. An escape is never cut in half.
 */
export function visibleText(s: string, o: VisibleTextOptions = {}): string {
  const max = o.max ?? Number.POSITIVE_INFINITY;
  const out: string[] = [];
  let length = 0;
  for (const token of visibleTokens(s)) {
    const n = [...token].length;
    if (length + n > max) {
      while (out.length > 0 && length + 1 > max) length -= [...out.pop()!].length;
      out.push(TRUNCATION_MARKER);
      return out.join('');
    }
    out.push(token);
    length += n;
  }
  return out.join('');
}
