// Settled cards only: a card's Approve waits until what it asks has been on screen, unchanged, for
// SETTLE_MS. The clock starts at the latest of: the revision began (core time), this revision reached the
// panel, and the card became visible (scrolled into view, panel shown).
export const SETTLE_MS = 1500;

export interface SettleState {
  settled: boolean;
  /** Until Approve is possible (0 once settled). */
  remainingMs: number;
  /** Why Approve waits, in words; null once settled. */
  reason: string | null;
  /** The card is in view (the countdown runs); false while it waits to be seen at all. */
  inView: boolean;
}

export interface SettleClock {
  /** When the item's current revision began (core clock, ms since epoch). */
  revisedAt: number;
  /** When the panel first rendered this revision. */
  receivedAt: number;
  /** Since when the card has been visible without a break; null while it is not. */
  visibleSince: number | null;
  /** Whether this revision replaced an earlier one the panel showed (the reason then says "changed"). */
  changed: boolean;
}

export function settleState(c: SettleClock, now: number): SettleState {
  if (c.visibleSince === null)
    return {
      settled: false,
      remainingMs: SETTLE_MS,
      reason: 'Approve waits until the card is in view.',
      inView: false,
    };
  const from = Math.max(c.revisedAt, c.receivedAt, c.visibleSince);
  const remainingMs = Math.max(0, from + SETTLE_MS - now);
  if (remainingMs === 0) return { settled: true, remainingMs: 0, reason: null, inView: true };
  return {
    settled: false,
    inView: true,
    remainingMs,
    reason: c.changed
      ? 'This request just changed: read it again before approving.'
      : 'Take a moment to read the request.',
  };
}

/** "1.2 s": the countdown on a settling Approve button. */
export function countdown(ms: number): string {
  return `${(Math.ceil(ms / 100) / 10).toFixed(1)} s`;
}
