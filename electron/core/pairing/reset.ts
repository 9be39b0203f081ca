// Reset & re-approve: remove the device, wait for its next request, and approve it only when it asks for
// exactly what it had — the access the user saw when deciding — with the same key (anything else is left
// for the user to decide on its card).
import type { ActionResult } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { approveLive } from './approve.ts';
import { rolesOf } from './classify.ts';
import { deviceView } from './devices.ts';
import type { EngineContext, ResetJob } from './engineContext.ts';

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((s) => y.has(s));
}

/** What a paired device holds, as a reset re-approves it: its key, roles and scopes. */
export interface DeviceGrant {
  publicKey: string;
  roles: readonly string[];
  scopes: readonly string[];
}

/** One string per distinct grant (order of roles and scopes does not matter). */
export function grantFingerprint(g: DeviceGrant): string {
  const sorted = (xs: readonly string[]) => [...new Set(xs)].sort().join(',');
  return `${g.publicKey}\u0000${sorted(g.roles)}\u0000${sorted(g.scopes)}`;
}

/**
 * `shown`: the grant the user saw when deciding (the device's revision the dialog showed). When the
 * device holds anything else by now, nothing is removed and the user is told to look again.
 */
export async function reset(
  ctx: EngineContext,
  deviceId: string,
  shown?: DeviceGrant,
): Promise<ActionResult> {
  const started = ctx.now();
  if (deviceId === ctx.client.deviceId) {
    return {
      ok: false,
      error: 'This is Clawbar itself. Use "Forget identity" in Settings to pair Clawbar anew.',
    };
  }
  await ctx.refresh().catch(() => undefined);
  const dev = ctx.paired(deviceId);
  if (!dev) return { ok: false, error: 'That device is not paired.' };
  if (ctx.resets.has(deviceId)) return { ok: false, error: 'A reset of this device is already under way.' };
  // Named as Devices shows it (escaped, capped): the result line and the audit record say the same.
  const name = deviceView(dev).displayName;
  const roles = rolesOf(dev);
  if (shown && grantFingerprint(shown) !== grantFingerprint({ ...dev, roles })) {
    return {
      ok: false,
      error: `The access of ${name} changed since you chose Reset — look again; nothing was reset.`,
      code: 'CHANGED',
    };
  }
  const job: ResetJob = { deviceId, displayName: name, until: started + ctx.resetWaitMs };
  ctx.resets.set(deviceId, job);
  try {
    try {
      await ctx.client.call('device.pair.remove', { deviceId });
    } catch (err) {
      ctx.audit({
        action: 'reset',
        outcome: 'failed',
        by: 'user',
        deviceId,
        displayName: name,
        detail: `remove failed: ${errorMessage(err)}`,
      });
      return { ok: false, error: `Could not reset ${name}: ${errorMessage(err)}. Nothing was changed.` };
    }
    ctx.audit({
      action: 'reset',
      outcome: 'removed, waiting for it to ask again',
      by: 'user',
      deviceId,
      displayName: name,
      scopesBefore: dev.scopes,
    });
    while (ctx.now() < job.until) {
      await ctx.refresh().catch(() => undefined);
      const live = ctx.livePending(deviceId);
      if (live && live.publicKey === dev.publicKey) {
        const role = live.role ?? rolesOf(live)[0] ?? roles[0] ?? 'operator';
        // Only exactly what it had is re-approved: narrower, wider or another role waits for the user.
        if (!roles.includes(role) || !sameScopes(live.scopes ?? [], dev.scopes)) break;
        ctx.patchCard(deviceId, { busy: 'approving' });
        // exactScopes: a request that narrows between this look and the approve is not approved either.
        const r = await approveLive(
          ctx,
          { deviceId, publicKey: dev.publicKey, role, scopes: dev.scopes },
          started,
          { action: 'reset', name, exactScopes: true },
        );
        if (!r.ok) ctx.patchCard(deviceId, { notice: r.error }, ['busy']);
        return r.ok
          ? { ok: true, message: `Reset ${name} and approved it again with exactly the access it had.` }
          : r;
      }
      if (live) break; // another key asks under this id: leave it to the user
      const again = ctx.paired(deviceId);
      if (again && again.publicKey === dev.publicKey) {
        ctx.audit({
          action: 'reset',
          outcome: 're-paired by the gateway',
          by: 'gateway',
          deviceId,
          displayName: name,
          scopesAfter: again.scopes,
        });
        return { ok: true, message: `Reset ${name}; the gateway paired it again by itself.` };
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const differs = ctx.livePending(deviceId);
    if (differs) {
      const notice = `${name} now asks for something different from what it had. Nothing was approved: review its request.`;
      ctx.patchCard(deviceId, { notice }, ['busy']);
      ctx.audit({
        action: 'reset',
        title: 'Reset: not re-approved',
        outcome: 'asks for something different from before: left for review',
        by: 'user',
        deviceId,
        displayName: name,
        requestId: differs.requestId,
        scopesBefore: dev.scopes,
        scopesAfter: dev.scopes,
        detail: `asked for role ${differs.role ?? rolesOf(differs).join(', ')} with ${(differs.scopes ?? []).join(', ') || 'no scopes'}`,
      });
      return { ok: false, error: notice, code: 'RESET_DIFFERENT_REQUEST' };
    }
    ctx.audit({
      action: 'reset',
      outcome: 'timed out',
      by: 'user',
      deviceId,
      displayName: name,
      latencyMs: ctx.now() - started,
    });
    return {
      ok: false,
      error: `${name} was removed but did not ask again within ${Math.round(ctx.resetWaitMs / 1000)} s. It stays removed; its next connection will show up under Pending.`,
      code: 'RESET_TIMEOUT',
    };
  } finally {
    ctx.resets.delete(deviceId);
    ctx.armPendingTimer();
  }
}
