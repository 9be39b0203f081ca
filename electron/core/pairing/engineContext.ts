// What the engine's decisions need from it: the connection, the last list, the cards, and a way to
// re-list and to mark a card busy. The engine implements it; the decision modules use only this.
import type { AuditLog } from '../audit/auditLog.ts';
import type { HistoryEntry, PairingCard } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import type { GatewayClient } from '../gateway/client.ts';
import type { PairedDevice, PendingRequest } from '../gateway/wire.ts';

export interface EnginePrefs {
  mutedUntil(): Record<string, number>;
  ignored(): string[];
  setMuted(deviceId: string, until: number | null): Promise<void>;
  setIgnored(deviceId: string, ignored: boolean): Promise<void>;
}

export type EngineLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface ResetJob {
  deviceId: string;
  displayName: string;
  until: number;
}

export interface EngineContext {
  readonly client: GatewayClient;
  readonly prefs: EnginePrefs;
  readonly now: () => number;
  readonly log: EngineLog;
  readonly approveRetryWindowMs: number;
  readonly resetWaitMs: number;
  readonly stats: { lists: number; approves: number };
  /**
   * Devices whose approve went out but whose answer was lost with the connection (deviceId →
   * requestId): when the next lists show it approved, that was the user's approval, not another client's.
   */
  readonly approveInDoubt: Map<string, string>;
  readonly resets: Map<string, ResetJob>;
  refresh(): Promise<void>;
  card(deviceId: string): PairingCard | undefined;
  paired(deviceId: string): PairedDevice | undefined;
  /** The device's newest request that still waits for a decision. */
  livePending(deviceId: string): PendingRequest | undefined;
  /** Replaces one card's UI state (busy, notice, muted) and tells the listeners. */
  patchCard(deviceId: string, patch: Partial<PairingCard>, drop?: (keyof PairingCard)[]): void;
  audit(e: Omit<HistoryEntry, 'ts'> & { ts?: number }): void;
  armPendingTimer(): void;
}

/** Appends to the audit log without waiting; a failed write is logged, never thrown at the caller. */
export function auditWriter(audit: AuditLog, now: () => number, log: EngineLog): EngineContext['audit'] {
  return (e) =>
    void audit
      .append({ ts: now(), ...e })
      .catch((err: unknown) => log('error', `could not write the audit log: ${errorMessage(err)}`));
}
