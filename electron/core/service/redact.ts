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

/**
 * Splits a stream into lines so a secret is never cut in two before redaction; a line longer than
 * `maxLine` is flushed as it is (redacted) so memory stays bounded.
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
    if (this.pending.length > this.maxLine) this.flush();
  }

  flush(): void {
    if (!this.pending) return;
    this.write(redactSecrets(this.pending, this.known()));
    this.pending = '';
  }
}
