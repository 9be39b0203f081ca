import { useEffect } from 'react';
import type { PairingCard } from '../../../electron/core/contract/contract.ts';
import { ResultLines, useResults } from '../results.tsx';
import { PairingCardView } from './PairingCardView.tsx';

export interface FocusRequest {
  deviceId: string;
  seq: number;
}

export function PendingView({
  cards,
  now,
  focus,
  onFocused,
}: {
  cards: PairingCard[];
  now: number;
  focus: FocusRequest | null;
  onFocused: () => void;
}) {
  const { entries, dismiss } = useResults();
  // Results of cards that are gone (approved, rejected, expired) stay visible here.
  const present = new Set(cards.map((c) => `card:${c.deviceId}`));
  const orphaned = entries.filter((e) => e.key.startsWith('card:') && !present.has(e.key));

  useEffect(() => {
    if (!focus) return;
    const el = document.querySelector<HTMLElement>(`[data-device-id="${CSS.escape(focus.deviceId)}"]`);
    if (!el) return; // the card may arrive with the next state; try again then
    el.scrollIntoView({ block: 'nearest' });
    el.focus();
    onFocused();
  }, [focus, cards, onFocused]);

  return (
    <section aria-label="Pending requests">
      <ResultLines entries={orphaned} onDismiss={dismiss} />
      {cards.length === 0 ? (
        <p className="empty">No device is waiting for approval.</p>
      ) : (
        <div className="cards">
          {cards.map((c) => (
            <PairingCardView key={c.deviceId} card={c} now={now} />
          ))}
        </div>
      )}
    </section>
  );
}
