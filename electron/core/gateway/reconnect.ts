// When the next connect attempt happens: the backoff step (never undercut by a delay the gateway chose,
// see backoff.ts), connections that die right after their handshake backing off in turn, and the cheap
// wake-up signals (wakeups.ts) that end a wait early without polling the gateway with connects.
import type { ConnectionState } from '../contract/views.ts';
import { backoffDelay, retryDelay, STABLE_CONNECTION_MS, type BackoffOptions } from './backoff.ts';
import type { NextStep } from './failure.ts';
import { isLoopbackUrl, pairingStoreDirs, watchPairingStore, watchReadiness } from './wakeups.ts';

export interface ReconnectHost {
  url(): string;
  state(): ConnectionState;
  /** Running and no socket open: an attempt may start. */
  idle(): boolean;
  open(): void;
  backoff: BackoffOptions;
  random: () => number;
  now: () => number;
  pairingStateDir: string | undefined;
}

type WakeKind = 'pairing' | 'readiness';

/**
 * The longest a pairing-store change waits before Clawbar tries again. 2026.7+ keeps pairing in one
 * SQLite file it writes for everything, so unrelated writes wake Clawbar too; an uncapped backoff would
 * let them push the noticing of Clawbar's own approval towards 30 s. A retry with the same request only
 * refreshes it (same requestId), so one attempt a second at most costs the gateway nothing.
 */
export const MAX_PAIRING_WAKE_DELAY_MS = 1000;

/** Delay before the `attempt`-th attempt woken by the pairing store: the backoff step, capped. */
export function pairingWakeDelay(attempt: number, backoff: BackoffOptions): number {
  return Math.min(
    MAX_PAIRING_WAKE_DELAY_MS,
    backoffDelay(attempt, backoff, () => 0.5),
  );
}

export class ReconnectScheduler {
  /** Attempts since the last hello-ok (1 = the first attempt). */
  attempt = 0;
  /**
   * Connections in a row that ended within STABLE_CONNECTION_MS of their hello-ok: each one waits one
   * backoff step longer, so a gateway that accepts and then drops Clawbar is not hit every 250 ms.
   */
  private quickDeaths = 0;
  private connectedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  /** Pairing-store changes before this time are Clawbar's own attempt refreshing its request. */
  private quietUntil = 0;
  private waitAttempts = 0;
  private stopWake: (() => void) | undefined;
  private wakeKind: WakeKind | undefined;
  private readonly host: ReconnectHost;

  constructor(host: ReconnectHost) {
    this.host = host;
  }

  /** An attempt starts now; returns its number. */
  begin(): number {
    this.clearTimer();
    this.clearStable();
    this.quietUntil = Number.MAX_SAFE_INTEGER;
    return ++this.attempt;
  }

  /** The socket ended (files the gateway writes in the next moments are its answer to us). */
  ended(): void {
    this.clearStable();
    if (this.connectedAt !== undefined) this.quickDeaths++;
    this.connectedAt = undefined;
    this.quietUntil = this.host.now() + 500;
  }

  /** Connected: attempts start over; the quick-death count once the connection has stayed up. */
  connected(): void {
    this.clearStable();
    this.attempt = 0;
    this.connectedAt = this.host.now();
    this.stableTimer = setTimeout(() => {
      this.stableTimer = undefined;
      this.connectedAt = undefined;
      this.quickDeaths = 0;
    }, STABLE_CONNECTION_MS);
    this.stableTimer.unref();
  }

  /** Fresh start (start(), stop()). */
  reset(): void {
    this.attempt = 0;
    this.quickDeaths = 0;
    this.connectedAt = undefined;
    this.clearTimer();
    this.clearStable();
    this.disarmWake();
  }

  get waiting(): boolean {
    return this.timer !== undefined;
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Arms the next attempt for a `retry` step; returns the state to show (with its next try time). */
  schedule(next: Extract<NextStep, { type: 'retry' }>, state: ConnectionState): ConnectionState {
    const step = Math.max(this.attempt, this.quickDeaths);
    const delay = retryDelay(next.delayMs, step, this.host.backoff, this.host.random);
    const nextTryAt = this.host.now() + delay;
    this.later(delay);
    const prev = this.host.state();
    if (state.kind === 'gateway-down') {
      const since = prev.kind === 'gateway-down' ? prev.since : state.since;
      return { ...state, since, nextTryAt };
    }
    return state.kind === 'reconnecting' ? { ...state, nextTryAt } : state;
  }

  /** One attempt after `delayMs` (if still idle then). */
  later(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.host.idle()) this.host.open();
    }, delayMs);
  }

  /** Arms the signal that may end the current wait (see wakeups.ts), and disarms the others. */
  updateWakeups(s: ConnectionState, running: boolean): void {
    const url = this.host.url();
    const want: WakeKind | undefined =
      !running || !isLoopbackUrl(url)
        ? undefined
        : s.kind === 'needs-pairing' && this.host.pairingStateDir
          ? 'pairing'
          : s.kind === 'gateway-down' || s.kind === 'reconnecting'
            ? 'readiness'
            : s.kind === 'connecting'
              ? this.wakeKind
              : undefined;
    if (s.kind === 'connected' || s.kind === 'stopped') this.waitAttempts = 0;
    if (want === this.wakeKind) return;
    this.disarmWake();
    this.wakeKind = want;
    if (want === 'readiness') {
      // After a lost connection the gateway may still answer /readyz: only a gateway seen not ready
      // first (it went down and came back) wakes an attempt; otherwise the backoff decides.
      this.stopWake = watchReadiness(
        url,
        () => {
          this.wakeKind = undefined;
          if (this.host.idle()) this.host.open();
        },
        { requireNotReadyFirst: s.kind === 'reconnecting' },
      );
    } else if (want === 'pairing' && this.host.pairingStateDir) {
      this.stopWake = watchPairingStore(
        pairingStoreDirs(this.host.pairingStateDir),
        () => this.wakeFromPairingStore(),
        () => this.quietUntil,
      );
    }
  }

  private disarmWake(): void {
    this.stopWake?.();
    this.stopWake = undefined;
    this.wakeKind = undefined;
  }

  /** One attempt per backoff step at most, however often the store changes. */
  private wakeFromPairingStore(): void {
    if (!this.host.idle() || this.host.state().kind !== 'needs-pairing' || this.timer) return;
    const earliest = this.quietUntil + pairingWakeDelay(this.waitAttempts + 1, this.host.backoff);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (!this.host.idle() || this.host.state().kind !== 'needs-pairing') return;
        this.waitAttempts++;
        this.host.open();
      },
      Math.max(0, earliest - this.host.now()),
    );
  }

  private clearStable(): void {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
  }
}
