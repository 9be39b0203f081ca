// What the engine's decisions need from it: the connection, the last list, the cards, and a way to
// re-list and to mark a card busy. The decision modules use only this slice of the engine.
import type { AuditLog } from '../audit/auditLog.ts';
import type { HistoryEntry } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import type { PairingEngine } from './engine.ts';

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

/**
 * The part of the engine its decision modules (approve, decisions, reset) may use. Declared once, on
 * the engine itself; this names the slice.
 */
export type EngineContext = Pick<
  PairingEngine,
  | 'client'
  | 'prefs'
  | 'now'
  | 'log'
  | 'approveRetryWindowMs'
  | 'resetWaitMs'
  | 'stats'
  | 'approveInDoubt'
  | 'resets'
  | 'refresh'
  | 'card'
  | 'paired'
  | 'livePending'
  | 'patchCard'
  | 'audit'
  | 'armPendingTimer'
>;

/** Appends to the audit log without waiting; a failed write is logged, never thrown at the caller. */
export function auditWriter(
  audit: AuditLog,
  now: () => number,
  log: EngineLog,
): (e: Omit<HistoryEntry, 'ts'> & { ts?: number }) => void {
  return (e) =>
    void audit
      .append({ ts: now(), ...e })
      .catch((err: unknown) => log('error', `could not write the audit log: ${errorMessage(err)}`));
}
