// The generic bridge client: builds a `ClawbarBridge` from any transport by iterating the contract's
// name lists, so no request is wired by hand. Web-safe (used by the preload and the browser panel):
// no Node imports, no Electron imports.
import { EVENT_NAMES, REQUEST_NAMES, CHANNEL_PREFIX } from './contract.ts';
import type { ClawbarBridge, EventName, RequestName } from './contract.ts';
import { CodedError } from './errors.ts';

/** Why a request did not reach the core or the core could not answer it. */
export type BridgeErrorCode = 'unknown-request' | 'invalid-args' | 'forbidden' | 'failed' | 'disconnected';

/** What every transport carries back for a request: errors are values, never thrown across the boundary. */
export type BridgeReply =
  { ok: true; value: unknown } | { ok: false; code: BridgeErrorCode; message: string };

/** The two things a transport must do; everything else is generic. */
export interface BridgeTransport {
  request(name: RequestName, args: unknown[]): Promise<BridgeReply>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export class BridgeError extends CodedError<BridgeErrorCode> {}

/** IPC channel of a request (Electron). */
export function requestChannel(name: RequestName): string {
  return `${CHANNEL_PREFIX}${name}`;
}

/** IPC channel of an event (Electron). */
export function eventChannel(name: EventName): string {
  return `${CHANNEL_PREFIX}event:${name}`;
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && (REQUEST_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

export function createBridge(transport: BridgeTransport): ClawbarBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    bridge[name] = async (...args: unknown[]): Promise<unknown> => {
      const reply = await transport.request(name, args);
      if (reply.ok) return reply.value;
      throw new BridgeError(reply.code, reply.message);
    };
  }
  bridge.on = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventName(event)) throw new BridgeError('unknown-request', `unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new BridgeError('invalid-args', 'listener must be a function');
    return transport.subscribe(event, listener as (payload: unknown) => void);
  };
  return Object.freeze(bridge) as unknown as ClawbarBridge;
}
