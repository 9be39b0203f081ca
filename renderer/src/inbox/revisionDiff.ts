// What changed between the revision of a card the panel showed before and the one it shows now.
import type { PairingCard } from '../../../electron/core/contract/contract.ts';

export interface CardChange {
  /** Scopes the card asks for now and did not before. */
  added: string[];
  /** Scopes it asked for before and no longer does. */
  removed: string[];
  role?: { from: string; to: string };
  /** The request is signed with another key than before. */
  keyChanged: boolean;
  /** The scopes above in words, for the change line. */
  words: Record<string, string>;
}

/** A scope in words when either revision names it, else its id. */
export function scopeWords(s: string, cards: PairingCard[]): string {
  for (const c of cards) {
    const line = [...c.alreadyAllowed, ...c.adds].find((l) => l.scope === s);
    if (line) return line.label;
  }
  return s;
}

export function cardChange(before: PairingCard, after: PairingCard): CardChange | null {
  const was = new Set(before.scopes);
  const now = new Set(after.scopes);
  const change: CardChange = {
    added: after.scopes.filter((s) => !was.has(s)),
    removed: before.scopes.filter((s) => !now.has(s)),
    keyChanged: before.publicKey !== after.publicKey,
    words: {},
    ...(before.role !== after.role ? { role: { from: before.role, to: after.role } } : {}),
  };
  for (const sc of [...change.added, ...change.removed]) change.words[sc] = scopeWords(sc, [after, before]);
  const any = change.added.length + change.removed.length > 0 || change.role || change.keyChanged;
  return any ? change : null;
}

/** One sentence for the change banner. */
export function describeChange(c: CardChange): string {
  const bits: string[] = [];
  const say = (list: string[]) => list.map((s) => c.words[s] ?? s).join(', ');
  if (c.added.length) bits.push(`now also asks for ${say(c.added)}`);
  if (c.removed.length) bits.push(`no longer asks for ${say(c.removed)}`);
  if (c.role) bits.push(`asks for role ${c.role.to} instead of ${c.role.from}`);
  if (c.keyChanged) bits.push('signs with a different key');
  return `Changed: it ${bits.join('; ')}.`;
}
