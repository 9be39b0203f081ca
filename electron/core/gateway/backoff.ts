// Reconnect delays: exponential with jitter, starting at 250 ms and capped at 30 s.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** ± fraction of the delay, so many clients restarting together don't reconnect in lockstep. */
  jitter: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = {
  initialMs: 250,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
};

/** Delay before attempt number `attempt` (1 = the first retry). */
export function backoffDelay(
  attempt: number,
  o: BackoffOptions = DEFAULT_RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const base = Math.min(o.maxMs, o.initialMs * o.factor ** Math.max(0, attempt - 1));
  const spread = base * o.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(o.maxMs, Math.round(base + spread)));
}
