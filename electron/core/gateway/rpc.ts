// The request/response table of one connection: every call waits for the response with its id, or
// for its timeout, or for the connection to end — whichever comes first.
import { randomUUID } from 'node:crypto';
import type { GatewayErrorShape, ResponseFrame } from './frames.ts';

/** The gateway answered the call with an error. */
export class GatewayRpcError extends Error {
  readonly code: string;
  readonly details: unknown;
  readonly retryable: boolean;
  constructor(method: string, err: GatewayErrorShape) {
    super(`${method}: ${err.message}`);
    this.name = 'GatewayRpcError';
    this.code = err.code;
    this.details = err.details;
    this.retryable = err.retryable === true;
  }
}

/** The call could not reach the gateway (not connected, connection lost, no answer in time). */
export class GatewayUnavailableError extends Error {
  readonly code: 'NOT_CONNECTED' | 'CONNECTION_LOST' | 'TIMEOUT';
  constructor(code: GatewayUnavailableError['code'], message: string) {
    super(message);
    this.name = 'GatewayUnavailableError';
    this.code = code;
  }
}

interface PendingCall {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class PendingCalls {
  private readonly calls = new Map<string, PendingCall>();

  get size(): number {
    return this.calls.size;
  }

  /**
   * Sends one request through `send` and resolves with the gateway's answer. `send` reports a write
   * error through its callback (the socket closed under the call).
   */
  request<T>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs: number,
    send: (text: string, done: (err?: Error) => void) => void,
  ): Promise<T> {
    const id = randomUUID();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(
          new GatewayUnavailableError(
            'TIMEOUT',
            `${method}: no answer from the gateway within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.calls.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      send(JSON.stringify({ type: 'req', id, method, params }), (err) => {
        if (!err) return;
        const p = this.take(id);
        if (p) reject(new GatewayUnavailableError('CONNECTION_LOST', `${method}: ${err.message}`));
      });
    });
  }

  /** Settles the call a response belongs to; false when no call waits for it. */
  settle(frame: ResponseFrame): boolean {
    const call = this.take(frame.id);
    if (!call) return false;
    if (frame.ok) call.resolve(frame.payload);
    else
      call.reject(
        new GatewayRpcError(call.method, frame.error ?? { code: 'UNKNOWN', message: 'request failed' }),
      );
    return true;
  }

  /** Rejects every waiting call (the connection ended). */
  failAll(message: string): void {
    for (const id of [...this.calls.keys()]) {
      const p = this.take(id);
      p?.reject(new GatewayUnavailableError('CONNECTION_LOST', `${p.method}: ${message}`));
    }
  }

  private take(id: string): PendingCall | undefined {
    const p = this.calls.get(id);
    if (!p) return undefined;
    this.calls.delete(id);
    clearTimeout(p.timer);
    return p;
  }
}
