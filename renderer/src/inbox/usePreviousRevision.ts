// Keeps the card of the revision the panel showed before, to mark what the current revision changed.
import { useRef } from 'react';
import type { PairingCard } from '../../../electron/core/contract/contract.ts';
import { cardChange, type CardChange } from './revisionDiff.ts';

export function useRevisionChange(revision: number, card: PairingCard): CardChange | null {
  const seen = useRef<{ revision: number; card: PairingCard; change: CardChange | null } | null>(null);
  const last = seen.current;
  if (!last) seen.current = { revision, card, change: null };
  else if (last.revision !== revision)
    // The mark stays until the next revision: what changed is what the person must re-read.
    seen.current = { revision, card, change: cardChange(last.card, card) };
  else if (last.card !== card) seen.current = { ...last, card };
  return seen.current?.change ?? null;
}
