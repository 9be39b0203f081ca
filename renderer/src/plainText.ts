// Messages in plain words: protocol codes and identifiers (WIDER_THAN_SHOWN, retry_with_device_token,
// `device.pair.list:`, ECONNREFUSED) leave the main text for a details line; backticks go (the text they
// marked stays, shown as code); a URL said twice is said once.

export interface PlainMessage {
  /** The sentence for the person, split into text and code runs (a command to copy, a path). */
  parts: { text: string; code: boolean }[];
  /** Codes and identifiers taken out of the main text, for a small details line. */
  details: string[];
}

const METHOD_PREFIX = /\b[a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z]*)+:\s*/g; // "device.pair.list: "
const CONSTANT_CODE = /\(?\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b\)?/g; // "WIDER_THAN_SHOWN", "(AUTH_TOKEN_MISMATCH)"
const ERRNO_CODE = /\(?\bE[A-Z]{4,}\b\)?/g; // "ECONNREFUSED"
const SNAKE_ID = /\(?\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b\)?/g; // "retry_with_device_token"
const URL = /\b(?:wss?|https?):\/\/[^\s,;)'"]+/g;

function takeOut(text: string, pattern: RegExp, details: string[], keep = false): string {
  return text.replace(pattern, (found) => {
    const code = found.replace(/^\(|\)$/g, '').replace(/:\s*$/, '');
    if (!details.includes(code)) details.push(code);
    return keep ? found : '';
  });
}

/** Says a URL once: later mentions of the same address become "it". */
function urlOnce(text: string): string {
  const seen = new Set<string>();
  return text.replace(URL, (url) => {
    // Sentence punctuation right after an address is not part of it ("at ws://host:1:", "…:1.").
    const end = /[.:]$/.exec(url)?.[0] ?? '';
    const bare = url.slice(0, url.length - end.length);
    if (!seen.has(bare)) {
      seen.add(bare);
      return url;
    }
    return `it${end}`;
  });
}

function tidy(text: string, first: boolean): string {
  const t = text
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/([:;,])(?=[.,;:])/g, '')
    .replace(/\s{2,}/g, ' ');
  // Punctuation left at the start of the sentence belonged to a code taken out; after a code run
  // (`npm install -g openclaw`, or …) it is the sentence's own.
  return (first ? t.replace(/^[\s:;,.–-]+/, '') : t).trim();
}

export function plainMessage(raw: string, extraDetails: string[] = []): PlainMessage {
  const details = [...extraDetails];
  // Backticked runs are kept as code (they are commands and paths the person may need), never as codes.
  const runs = raw.split('`');
  const parts: PlainMessage['parts'] = [];
  runs.forEach((run, i) => {
    const code = i % 2 === 1;
    if (code) {
      if (run) parts.push({ text: run, code: true });
      return;
    }
    let text = takeOut(run, METHOD_PREFIX, details);
    text = takeOut(text, CONSTANT_CODE, details);
    text = takeOut(text, ERRNO_CODE, details);
    text = takeOut(text, SNAKE_ID, details);
    if (text) parts.push({ text, code: false });
  });
  // Tidy the text runs as one sentence; code runs stay exactly as given.
  const joined: PlainMessage['parts'] = [];
  for (const p of parts) {
    const text = p.code ? p.text : tidyRun(p.text, joined.length === 0);
    if (text) joined.push({ text, code: p.code });
  }
  return { parts: dedupeUrls(joined), details: details.filter((d) => d.length > 0) };
}

function tidyRun(text: string, first: boolean): string {
  const t = tidy(` ${text} `, first);
  if (!t) return '';
  // Keep the spaces that separate a text run from a code run beside it.
  const lead = !first && /^\s/.test(text) ? ' ' : '';
  const trail = /\s$/.test(text) ? ' ' : '';
  return `${lead}${t}${trail}`;
}

function dedupeUrls(parts: PlainMessage['parts']): PlainMessage['parts'] {
  const whole = parts.map((p) => p.text).join('\u0000');
  const once = urlOnce(whole).split('\u0000');
  return parts.map((p, i) => ({ ...p, text: once[i] ?? p.text }));
}

/** The main text only, as one string (labels, accessible names). */
export function plainText(raw: string): string {
  return plainMessage(raw)
    .parts.map((p) => p.text)
    .join('');
}
