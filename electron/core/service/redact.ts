// Secrets out of the supervised gateway's captured output: the gateway token and device tokens
// (known values, and anything in a token-shaped field), so a log shared for support leaks nothing.
// Pure; ordinary lines pass unchanged.

export const REDACTED = '[redacted]';

/** Fields whose value is a secret, as the gateway and its clients spell them. */
const SECRET_KEYS = String.raw`(?:token|deviceToken|gatewayToken|bootstrapToken|authToken|accessToken|refreshToken|password|secret)`;
/** A value long enough to be a credential: short words like `none` or `missing` stay readable. */
const SECRET_VALUE = String.raw`[A-Za-z0-9._~+/=-]{12,}`;

const PATTERNS: RegExp[] = [
  // "token":"…"  or  token: '…' (JSON, JSON5, util.inspect)
  new RegExp(String.raw`(["']?\b${SECRET_KEYS}["']?\s*:\s*["'])(${SECRET_VALUE})(["'])`, 'g'),
  // token=…  (query strings, URL fragments `#token=…`, key=value logs)
  new RegExp(String.raw`(\b${SECRET_KEYS}=)(${SECRET_VALUE})()`, 'g'),
  // Authorization: Bearer …
  new RegExp(String.raw`(\bBearer\s+)(${SECRET_VALUE})()`, 'g'),
];

/** Known values shorter than this are not searched for (they would match ordinary words). */
const MIN_KNOWN = 8;

export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length >= MIN_KNOWN && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const re of PATTERNS) {
    out = out.replace(re, (_m, pre: string, value: string, post: string) =>
      value === REDACTED ? `${pre}${value}${post}` : `${pre}${REDACTED}${post}`,
    );
  }
  return out;
}

/** Where each secret (a known value or a token-shaped field) lies in `text`, as [start, end). */
function secretSpans(text: string, known: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const secret of known) {
    if (secret.length < MIN_KNOWN) continue;
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1))
      spans.push([at, at + secret.length]);
  }
  for (const re of PATTERNS)
    for (const m of text.matchAll(new RegExp(re.source, re.flags)))
      spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** How much of an unfinished line is held back when a piece of it is written: room for a field name
 * and a value still being written (a known secret, whole). */
const HELD_TAIL = 1024;

/**
 * Where to cut an over-long line so that both pieces can be redacted on their own: no secret found in
 * `text` is cut in two, and the last `keep` characters (where a secret may still be arriving) are held
 * back. 0 when nothing can be written yet.
 */
export function safeCut(text: string, known: readonly string[], keep: number): number {
  let cut = text.length - keep;
  if (cut <= 0) return 0;
  const spans = secretSpans(text, known);
  for (let moved = true; moved && cut > 0;) {
    moved = false;
    for (const [start, end] of spans) {
      if (start < cut && cut < end) {
        cut = start;
        moved = true;
      }
    }
  }
  // Never between the two halves of a surrogate pair (an emoji would become two U+FFFD).
  const code = text.charCodeAt(cut);
  if (cut > 0 && code >= 0xdc00 && code <= 0xdfff) cut -= 1;
  return Math.max(cut, 0);
}

/**
 * Splits a stream into lines so a secret is never cut in two before redaction. A line longer than
 * `maxLine` is written in pieces so memory stays bounded, each cut where no secret is split and with
 * the tail held back in case a secret is still arriving (see `safeCut`); only a single secret-shaped
 * value longer than 4 × `maxLine` is ever flushed mid-value.
 */
export class LineRedactor {
  private pending = '';
  private readonly write: (text: string) => void;
  private readonly known: () => readonly string[];
  private readonly maxLine: number;

  constructor(write: (text: string) => void, known: () => readonly string[], maxLine = 64 * 1024) {
    this.write = write;
    this.known = known;
    this.maxLine = maxLine;
  }

  push(chunk: string): void {
    this.pending += chunk;
    const cut = this.pending.lastIndexOf('\n');
    if (cut >= 0) {
      this.write(redactSecrets(this.pending.slice(0, cut + 1), this.known()));
      this.pending = this.pending.slice(cut + 1);
    }
    if (this.pending.length > this.maxLine) this.writePiece();
  }

  flush(): void {
    if (!this.pending) return;
    this.write(redactSecrets(this.pending, this.known()));
    this.pending = '';
  }

  private writePiece(): void {
    const known = this.known();
    const longest = Math.max(0, ...known.map((k) => k.length));
    const keep = Math.min(HELD_TAIL + longest, Math.floor(this.maxLine / 2));
    const cut = safeCut(this.pending, known, keep);
    if (cut === 0) {
      if (this.pending.length > 4 * this.maxLine) this.flush();
      return;
    }
    this.write(redactSecrets(this.pending.slice(0, cut), known));
    this.pending = this.pending.slice(cut);
  }
}
