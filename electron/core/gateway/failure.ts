// What a failed or lost connection means, and what to do next: pure decisions, tested on their own.
import type { ConnectionState } from '../contract/views.ts';
import { clampServerDelay } from './backoff.ts';
import { AuthFailureDetails, PairingRequiredDetails, type GatewayErrorShape } from './frames.ts';

/** Everything that can end a connection attempt or a live connection. */
export type Failure =
  | { kind: 'refused'; message: string } // nothing listens (ECONNREFUSED …)
  | { kind: 'closed'; code: number; reason: string; restartExpectedMs?: number }
  | { kind: 'connect-error'; error: GatewayErrorShape } // the connect request was answered with an error
  | { kind: 'timeout'; what: 'challenge' | 'hello' | 'tick' }
  | { kind: 'socket-error'; message: string }
  | { kind: 'bad-frame'; message: string }
  // the loopback port is held by another user's program: no secret was sent
  | { kind: 'untrusted-listener'; message: string }
  // a plain ws:// URL to another machine: nothing was sent, the user must change the URL or opt in
  | { kind: 'insecure-url'; message: string };

/**
 * - `retry`: try again after `delayMs` (null: the normal backoff step);
 * - `wait`: do not retry until the user acts or a credential changes (pairing/auth failures – never loop);
 * - `retry-once`: one immediate re-authentication, then wait.
 */
export type NextStep = { type: 'retry'; delayMs: number | null } | { type: 'retry-once' } | { type: 'wait' };

export interface Decision {
  state: ConnectionState;
  next: NextStep;
}

/** The gateway's pairing request ids are random UUIDs (`crypto.randomUUID()` on both pinned versions). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGatewayRequestId(id: unknown): id is string {
  return typeof id === 'string' && REQUEST_ID.test(id);
}

/**
 * The command a user can copy to approve Clawbar by hand. Only an id in the gateway's own format goes
 * into it; anything else (absent, or text a hostile gateway chose) gives the list step instead.
 */
export function approveCommand(requestId: string | undefined): string {
  return isGatewayRequestId(requestId) ? `openclaw devices approve ${requestId}` : 'openclaw devices list';
}

interface Ctx {
  url: string;
  deviceId: string;
  attempt: number;
  now: number;
  /** Whether this attempt already was the one allowed retry after an auth failure. */
  authRetried: boolean;
}

function retrying(ctx: Ctx, lastError: string, delayMs: number | null = null): Decision {
  return {
    state: {
      kind: 'reconnecting',
      url: ctx.url,
      attempt: ctx.attempt,
      nextTryAt: ctx.now + (delayMs ?? 0),
      lastError,
    },
    next: { type: 'retry', delayMs },
  };
}

export function decide(f: Failure, ctx: Ctx): Decision {
  switch (f.kind) {
    case 'refused':
      return {
        state: { kind: 'gateway-down', url: ctx.url, since: ctx.now, lastError: f.message },
        next: { type: 'retry', delayMs: null },
      };
    case 'timeout':
      return retrying(
        ctx,
        f.what === 'tick' ? 'the gateway stopped answering (no tick)' : `no ${f.what} from the gateway`,
      );
    case 'socket-error':
      return retrying(ctx, f.message);
    case 'bad-frame':
    case 'untrusted-listener':
      return retrying(ctx, f.message);
    case 'insecure-url':
      return {
        state: {
          kind: 'auth-failed',
          url: ctx.url,
          code: 'INSECURE_URL',
          message: f.message,
          nextStep:
            'Use a wss:// address for a gateway on another machine, or allow unencrypted remote connections in Settings.',
        },
        next: { type: 'wait' },
      };
    case 'connect-error':
      return decideConnectError(f.error, ctx);
    case 'closed':
      return decideClose(f, ctx);
  }
}

function decideConnectError(err: GatewayErrorShape, ctx: Ctx): Decision {
  const pairing = PairingRequiredDetails.safeParse(err.details ?? {});
  const details = pairing.success ? pairing.data : {};
  if (err.code === 'NOT_PAIRED' || details.code === 'PAIRING_REQUIRED') {
    const reason = details.reason ?? 'not-paired';
    const requestId = isGatewayRequestId(details.requestId) ? details.requestId : undefined;
    const ask =
      reason === 'scope-upgrade'
        ? 'Clawbar needs more access than it has: approve its request once.'
        : 'Clawbar is waiting for its pairing request to be approved.';
    return {
      state: {
        kind: 'needs-pairing',
        url: ctx.url,
        deviceId: ctx.deviceId,
        ...(requestId ? { requestId } : {}),
        reason,
        command: approveCommand(requestId),
        message: requestId
          ? ask
          : `${ask} List the requests to find Clawbar's (device ${ctx.deviceId.slice(0, 12)}…).`,
      },
      next: { type: 'wait' },
    };
  }
  if (err.code === 'UNAVAILABLE' || err.retryable === true) {
    return retrying(ctx, err.message, clampServerDelay(err.retryAfterMs) ?? null);
  }
  if (/protocol/i.test(err.message) && /version|mismatch|unsupported/i.test(err.message)) {
    return {
      state: { kind: 'protocol-mismatch', url: ctx.url, message: err.message },
      next: { type: 'wait' },
    };
  }
  const auth = AuthFailureDetails.safeParse(err.details ?? {});
  const code = (auth.success ? auth.data.code : undefined) ?? err.code;
  const nextStep = auth.success ? auth.data.recommendedNextStep : undefined;
  return {
    state: {
      kind: 'auth-failed',
      url: ctx.url,
      code,
      message: err.message,
      ...(nextStep ? { nextStep } : {}),
    },
    // A rejected shared token may still be backed by a device token: one more try, never a loop. A
    // keychain that could not be read will not answer a retry either (and each read may prompt).
    next:
      ctx.authRetried || code === 'AUTH_RATE_LIMITED' || code === 'KEYCHAIN_UNAVAILABLE'
        ? { type: 'wait' }
        : { type: 'retry-once' },
  };
}

function decideClose(f: Extract<Failure, { kind: 'closed' }>, ctx: Ctx): Decision {
  switch (f.code) {
    case 1012: // service restart, announced by a `shutdown` event
      return retrying(ctx, 'the gateway is restarting', clampServerDelay(f.restartExpectedMs) ?? null);
    case 1002:
      return {
        state: {
          kind: 'protocol-mismatch',
          url: ctx.url,
          message: f.reason || 'the gateway does not speak protocol 3 or 4',
        },
        next: { type: 'wait' },
      };
    case 4001: // device removed, or the gateway's auth changed: authenticate again, once
      return retrying(ctx, f.reason || 'the gateway asked Clawbar to authenticate again', 0);
    case 1009:
      return retrying(ctx, 'a frame was too large');
    default:
      return retrying(
        ctx,
        f.reason ? `connection closed (${f.code}: ${f.reason})` : `connection closed (${f.code})`,
      );
  }
}

/** One line for the log (gateway-supplied text is escaped and capped by the log itself). */
export function describeFailure(f: Failure): string {
  switch (f.kind) {
    case 'refused':
    case 'socket-error':
    case 'bad-frame':
    case 'untrusted-listener':
    case 'insecure-url':
      return f.message;
    case 'closed':
      return `close ${f.code}${f.reason ? ` ${f.reason}` : ''}`;
    case 'connect-error':
      return `${f.error.code}: ${f.error.message}`;
    case 'timeout':
      return `timeout waiting for ${f.what}`;
  }
}
