// Restart pacing for the supervised gateway: exponential, capped, forgiven after a healthy period.

export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  /** Time the gateway must stay ready before the attempt count goes back to zero. */
  resetAfterMs: number;
  /** Failed starts in a row (never ready in between) that count as a crash loop. */
  crashLoopAfter: number;
}

export const DEFAULT_RESTART_POLICY: BackoffPolicy = {
  initialMs: 1000,
  maxMs: 60_000,
  resetAfterMs: 60_000,
  crashLoopAfter: 4,
};

/** Delay before restart number `attempt` (1-based): initial, 2×, 4×, … up to the cap. */
export function restartDelay(policy: BackoffPolicy, attempt: number): number {
  const n = Math.max(1, attempt);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(n - 1, 30));
}
