// What a failed or lost connection means, and what to do next: pure decisions, tested on their own.
import type { ConnectionState } from '../contract/views.ts';
import { AuthFailureDetails, PairingRequiredDetails, type GatewayErrorShape } from './frames.ts';

/** Everything that can end a connection attempt or a live connection. */
export type Failure =
  | { kind: 'refused'; message: string } // nothing listens (ECONNREFUSED …)
  | { kind: 'closed'; code: number; reason: string; restartExpectedMs?: number }
  | { kind: 'connect-error'; error: GatewayErrorShape } // the connect request was answered with an error
  | { kind: 'timeout'; what: 'challenge' | 'hello' | 'tick' }
  | { kind: 'socket-error'; message: string }
  | { kind: 'bad-frame'; message: string };

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

export function approveCommand(requestId: string | undefined): string {
  return requestId ? `openclaw devices approve ${requestId}` : 'openclaw devices approve --latest';
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
      return retrying(ctx, f.message);
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
    return {
      state: {
        kind: 'needs-pairing',
        url: ctx.url,
        deviceId: ctx.deviceId,
        ...(details.requestId ? { requestId: details.requestId } : {}),
        reason,
        command: approveCommand(details.requestId),
        message:
          reason === 'scope-upgrade'
            ? 'Clawbar needs more access than it has: approve its request once.'
            : 'Clawbar is waiting for its pairing request to be approved.',
      },
      next: { type: 'wait' },
    };
  }
  if (err.code === 'UNAVAILABLE' || err.retryable === true) {
    return retrying(ctx, err.message, err.retryAfterMs ?? null);
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
      return retrying(ctx, 'the gateway is restarting', f.restartExpectedMs ?? null);
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
