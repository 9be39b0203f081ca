// The one rule for whether a decision on an inbox item counts: it must name the item's current revision,
// and that revision must have been on screen, on the path the decision came from, long enough to read.
// Pure: the caller says when each path first showed the revision and what time it is.

/** Where a decision came from: each path shows a revision at its own moment. */
export type DecisionPath = 'panel' | 'tray' | 'notification';

/** How long a revision must have been visible before a decision on it counts. */
export const SETTLE_MS = 1500;

export interface SettleInput {
  /** The item as it is now; undefined when it is gone. */
  current: { revision: number; revisedAt: number } | undefined;
  /** The revision the decision was made on. */
  revision: number;
  path: DecisionPath;
  /**
   * When this path first showed the current revision (the notification op, the tray menu build); the
   * panel receives the state within milliseconds, so its moment is the revision's own.
   */
  pathShownAt: number | undefined;
  now: number;
  /** How the item is named in the message (already escaped for display). */
  name: string;
}

export type SettleVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: 'gone' | 'changed' | 'settling' | 'not-shown';
      /** One plain sentence for the person. */
      message: string;
      /** Until when the current revision is still settling on this path (ms since epoch). */
      settlesAt?: number;
    };

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

export function shownAt(input: Pick<SettleInput, 'current' | 'path' | 'pathShownAt'>): number | undefined {
  if (!input.current) return undefined;
  const onPath = input.path === 'panel' ? input.current.revisedAt : input.pathShownAt;
  return onPath === undefined ? undefined : Math.max(onPath, input.current.revisedAt);
}

export function settleVerdict(input: SettleInput): SettleVerdict {
  const { current, name, now } = input;
  if (!current) {
    return { ok: false, reason: 'gone', message: `${name} is no longer waiting; nothing was approved.` };
  }
  const since = shownAt(input);
  if (input.revision !== current.revision) {
    return {
      ok: false,
      reason: 'changed',
      message: `${name} changed what it asks ${seconds(now - current.revisedAt)} ago — look again; nothing was approved.`,
      settlesAt: (since ?? now) + SETTLE_MS,
    };
  }
  if (since === undefined) {
    return {
      ok: false,
      reason: 'not-shown',
      message: `${name}'s current request was not shown there yet — look again; nothing was approved.`,
    };
  }
  if (now - since < SETTLE_MS) {
    const what = current.revision > 1 ? 'changed what it asks' : 'asked';
    return {
      ok: false,
      reason: 'settling',
      message: `${name} ${what} ${seconds(now - since)} ago — look again; Approve unlocks in a moment.`,
      settlesAt: since + SETTLE_MS,
    };
  }
  return { ok: true };
}
