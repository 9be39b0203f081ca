// Reconnect delays: exponential with jitter, starting at 250 ms and capped at 30 s; and the clamps
// that keep numbers chosen by the gateway (retry-after, expected restart, heartbeat) in a sane range,
// so a gateway that says 0, -1 or 1e12 can neither make Clawbar spin nor sleep for ever.
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

/** Longest wait the gateway may ask for before the next attempt. */
export const MAX_SERVER_DELAY_MS = 5 * 60_000;
export const DEFAULT_TICK_INTERVAL_MS = 30_000;
export const MIN_TICK_INTERVAL_MS = 1_000;
export const MAX_TICK_INTERVAL_MS = 5 * 60_000;
/**
 * A connection that ends sooner than this after its hello-ok died "right after its handshake": the
 * next one waits a backoff step longer than the last (see reconnect.ts) instead of 250 ms every time.
 */
export const STABLE_CONNECTION_MS = 10_000;

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

/** A delay the gateway chose, within [0, MAX_SERVER_DELAY_MS]; undefined when it is not a number. */
export function clampServerDelay(ms: number | undefined): number | undefined {
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return Math.min(MAX_SERVER_DELAY_MS, Math.max(0, Math.round(ms)));
}

/** The gateway's heartbeat interval within [1 s, 5 min] (30 s when absent). */
export function clampTickInterval(ms: number | undefined): number {
  if (ms === undefined || !Number.isFinite(ms)) return DEFAULT_TICK_INTERVAL_MS;
  return Math.min(MAX_TICK_INTERVAL_MS, Math.max(MIN_TICK_INTERVAL_MS, Math.round(ms)));
}

/**
 * The wait before the next attempt. `requested` is a delay the gateway (or a decision) asked for; it is
 * honoured within the clamp, but from the second attempt in a row on it never undercuts the normal
 * backoff step, so repeated zeros still back off exponentially.
 */
export function retryDelay(
  requested: number | null,
  attempt: number,
  o: BackoffOptions = DEFAULT_RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const step = backoffDelay(attempt, o, random);
  if (requested === null) return step;
  const asked = clampServerDelay(requested) ?? step;
  return attempt >= 2 ? Math.max(asked, step) : asked;
}
