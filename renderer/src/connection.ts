// What each connection state means for the user: a headline, a detail line and what to do next.
import type { ConnectionState } from '../../electron/core/contract/contract.ts';
import { refusalHeadline } from '../../electron/core/contract/refusal.ts';
import { dateTime, relativeAge, seconds } from './format.ts';

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

export interface ConnectionSummary {
  tone: Tone;
  title: string;
  detail?: string;
  /** A command the user can run by hand (with a Copy button). */
  command?: string;
  nextStep?: string;
  /** Whether a "Reconnect" button makes sense. */
  canReconnect: boolean;
  /** Protocol codes for the details line (never in the title or detail). */
  codes?: string[];
}

export function describeConnection(c: ConnectionState, now: number): ConnectionSummary {
  switch (c.kind) {
    case 'stopped':
      return {
        tone: 'idle',
        title: 'Not connected',
        detail: 'Clawbar is not connecting to a gateway.',
        canReconnect: true,
      };
    case 'connecting':
      return {
        tone: 'busy',
        title: 'Connecting…',
        detail: `Reaching ${c.url}${c.attempt > 1 ? ` (attempt ${c.attempt})` : ''}.`,
        canReconnect: false,
      };
    case 'connected':
      return {
        tone: 'ok',
        title: 'Connected',
        detail: `Gateway ${c.serverVersion} at ${c.url}, connected ${relativeAge(c.connectedSince, now)}.`,
        canReconnect: false,
      };
    case 'reconnecting':
      return {
        tone: 'warn',
        title: 'Connection lost – reconnecting',
        detail: `Last error: ${c.lastError}. Next try in ${seconds(c.nextTryAt - now)} (attempt ${c.attempt}).`,
        canReconnect: true,
      };
    case 'needs-pairing':
      return {
        tone: 'warn',
        title: 'Clawbar is waiting for approval',
        detail: c.message || `The gateway wants to approve Clawbar (${c.reason}).`,
        command: c.command,
        nextStep: 'Run this command in a terminal on this Mac, then press Reconnect.',
        canReconnect: true,
      };
    case 'auth-failed':
      return {
        tone: 'error',
        title: refusalHeadline(c),
        detail: c.message,
        nextStep: c.nextStep ?? 'Check the gateway token in Settings, then press Reconnect.',
        canReconnect: true,
        codes: [c.code],
      };
    case 'gateway-down':
      return {
        tone: 'error',
        title: 'The gateway is not running',
        detail:
          `Nothing answers at ${c.url} since ${dateTime(c.since)}: ${c.lastError}.` +
          (c.nextTryAt !== undefined ? ` Next try in ${seconds(c.nextTryAt - now)}.` : ''),
        nextStep:
          'Start it from Settings › Keep the gateway running, or run `openclaw gateway` in a terminal.',
        canReconnect: true,
      };
    case 'protocol-mismatch':
      return {
        tone: 'error',
        title: 'This gateway speaks a protocol Clawbar does not know',
        detail: c.message,
        nextStep: 'Update Clawbar or the gateway so both speak the same protocol.',
        canReconnect: true,
      };
  }
}
