// Approve (and the approval at the end of a reset): approves the device's live request only if it is
// what the user saw — same public key, same role, scopes within the shown set — even while the device
// supersedes its request every second. A request that now asks for more is not approved.
import type { ActionResult, ApproveBinding, HistoryEntry } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { GatewayRpcError, GatewayUnavailableError } from '../gateway/client.ts';
import type { PendingRequest } from '../gateway/wire.ts';
import { rolesOf } from './classify.ts';
import type { EngineContext } from './engineContext.ts';
import { scopeShortLabel, scopesWithin } from './scopes.ts';

function isUnknownRequest(err: unknown): boolean {
  return err instanceof GatewayRpcError && /unknown request/i.test(err.message);
}

export async function approve(
  ctx: EngineContext,
  intent: ApproveBinding,
  opts: { critical?: boolean } = {},
): Promise<ActionResult> {
  const started = ctx.now();
  const shown = ctx.card(intent.deviceId);
  const name = shown?.requester.displayName ?? intent.deviceId.slice(0, 12);
  ctx.patchCard(intent.deviceId, { busy: 'approving' }, ['notice']);
  try {
    const r = await approveLive(ctx, intent, started, {
      action: 'approve',
      name,
      ...(opts.critical ? { critical: true } : {}),
    });
    if (!r.ok) ctx.patchCard(intent.deviceId, { notice: r.error }, ['busy']);
    return r;
  } finally {
    if (ctx.card(intent.deviceId)?.busy === 'approving') ctx.patchCard(intent.deviceId, {}, ['busy']);
  }
}

export async function approveLive(
  ctx: EngineContext,
  intent: ApproveBinding,
  started: number,
  how: { action: 'approve' | 'reset'; name: string; critical?: boolean; exactScopes?: boolean },
): Promise<ActionResult> {
  const deadline = started + ctx.approveRetryWindowMs;
  const record = (outcome: string, extra: Partial<HistoryEntry> = {}) =>
    ctx.audit({
      action: how.action,
      outcome,
      by: 'user',
      deviceId: intent.deviceId,
      displayName: how.name,
      latencyMs: ctx.now() - started,
      ...(how.critical ? { critical: true } : {}),
      ...extra,
    });
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.refresh();
    } catch (err) {
      record('failed', { title: 'Approval failed', detail: `could not list requests: ${errorMessage(err)}` });
      return {
        ok: false,
        error: `Could not reach the gateway to approve ${how.name}. Nothing was approved.`,
        code: 'GATEWAY_UNREACHABLE',
      };
    }
    const live = ctx.livePending(intent.deviceId);
    if (!live) {
      const dev = ctx.paired(intent.deviceId);
      if (dev && scopesWithin(intent.scopes, dev.scopes)) {
        return { ok: true, message: `${how.name} is already approved.` };
      }
      record('gone', {
        title: 'Not approved: the request was gone',
        detail: 'no live request for this device',
      });
      return {
        ok: false,
        error: `${how.name} has no request waiting any more (it expired or was handled elsewhere).`,
      };
    }
    const refusal = mismatch(live, intent, how.exactScopes === true);
    if (refusal) {
      record('refused: asks for more than shown', {
        title: 'Approval refused',
        requestId: live.requestId,
        scopesAfter: live.scopes ?? [],
        detail: refusal,
      });
      return { ok: false, error: refusal, code: 'WIDER_THAN_SHOWN' };
    }
    const before = ctx.paired(intent.deviceId)?.scopes ?? [];
    try {
      await ctx.client.call('device.pair.approve', { requestId: live.requestId });
      ctx.approveInDoubt.delete(intent.deviceId);
      ctx.stats.approves++;
      record('approved', {
        requestId: live.requestId,
        scopesBefore: before,
        scopesAfter: [...new Set([...before, ...(live.scopes ?? [])])],
      });
      // Re-list while the card still says "approving", so the resolution is attributed to the user.
      await ctx.refresh().catch(() => undefined);
      return { ok: true, message: `Approved ${how.name}.` };
    } catch (err) {
      if (isUnknownRequest(err) && ctx.now() < deadline) {
        // The device superseded its request between our list and our approve: look again.
        ctx.log('debug', `approve: ${live.requestId} was superseded, re-listing (attempt ${attempt + 1})`);
        continue;
      }
      const lost = !(err instanceof GatewayRpcError);
      // Sent, but no answer: only the gateway knows whether it applied it (see auditObserved).
      if (err instanceof GatewayUnavailableError && err.code !== 'NOT_CONNECTED')
        ctx.approveInDoubt.set(intent.deviceId, live.requestId);
      record(lost ? 'interrupted' : 'failed', {
        title: lost ? 'Approval interrupted' : 'Approval failed',
        requestId: live.requestId,
        detail: errorMessage(err),
      });
      return {
        ok: false,
        error: lost
          ? `The gateway went away during the approval of ${how.name}. Clawbar will show the true state when it reconnects.`
          : `The gateway refused the approval of ${how.name}. Nothing was approved.`,
        code: err instanceof GatewayRpcError ? err.code : 'INTERRUPTED',
      };
    }
  }
}

/**
 * Why the live request is not what the user approved, or undefined when it is within it (`exact`: when
 * it is exactly it — a reset re-approves neither more nor less than the device had).
 */
function mismatch(live: PendingRequest, intent: ApproveBinding, exact: boolean): string | undefined {
  if (live.publicKey !== intent.publicKey) {
    return 'A different key is asking for this device now. Nothing was approved: review the request again.';
  }
  const roles = rolesOf(live);
  if (roles.some((r) => r !== intent.role)) {
    return `It now asks for the role ${roles.join(', ')}, not ${intent.role} as shown. Nothing was approved: review it again.`;
  }
  const extra = (live.scopes ?? []).filter((s) => !scopesWithin([s], intent.scopes));
  if (extra.length) {
    return `It now asks for more than you saw (${extra.map(scopeShortLabel).join(', ')}). Nothing was approved: review it again.`;
  }
  const missing = intent.scopes.filter((s) => !(live.scopes ?? []).includes(s));
  if (exact && missing.length) {
    return `It now asks for less than it had (without ${missing.map(scopeShortLabel).join(', ')}). Nothing was approved: review it again.`;
  }
  return undefined;
}
