// Finds secrets in files: every file under the given dirs (recursively, symlinks not followed) is
// read as bytes and searched for each secret as UTF-8, UTF-16LE and base64/base64url, so a
// secret leaking into a binary or re-encoded file is found too.
import fs from 'node:fs';
import path from 'node:path';

export interface SecretHit {
  file: string;
  secretIndex: number;
}

function needles(secret: string): Buffer[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const out = [utf8, Buffer.from(secret, 'utf16le')];
  // Base64 of a secret embedded at byte offset k (mod 3): the groups made only of secret bytes
  // are the same whatever surrounds it, so search those for k = 0, 1, 2.
  for (let k = 0; k < 3; k++) {
    const padded = Buffer.concat([Buffer.alloc(k), utf8]);
    const fullGroups = Math.floor(padded.length / 3);
    const from = k === 0 ? 0 : 4;
    if (fullGroups * 4 - from < 8) continue;
    for (const enc of ['base64', 'base64url'] as const) {
      out.push(Buffer.from(padded.toString(enc).slice(from, fullGroups * 4), 'latin1'));
    }
  }
  return out;
}

function* files(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

export function scanForSecrets(dirs: string[], secrets: string[]): SecretHit[] {
  const wanted = secrets.map((s, i) => ({ i, needles: s ? needles(s) : [] }));
  const hits: SecretHit[] = [];
  for (const dir of dirs) {
    const list = fs.statSync(dir, { throwIfNoEntry: false })?.isFile() ? [dir] : [...files(dir)];
    for (const file of list) {
      const bytes = fs.readFileSync(file);
      for (const w of wanted) {
        if (w.needles.some((n) => n.length > 0 && bytes.includes(n))) hits.push({ file, secretIndex: w.i });
      }
    }
  }
  return hits;
}
