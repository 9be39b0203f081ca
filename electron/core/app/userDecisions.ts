// The user's decisions on inbox items and devices, as the bridge requests them, plus the one rule for
// an Approve that names a revision (from a notification or the tray): it approves exactly the item's
// current card, and only if that revision is still current.
import type { ClawbarRequests } from '../contract/contract.ts';
import type { ActionResult, ApproveIntent } from '../contract/views.ts';
import { deviceIdOfKey, deviceKey } from '../pairing/inboxItem.ts';
import { approveIntentOf } from '../pairing/reconcile.ts';
import type { CoreContext } from './context.ts';

type DecisionRequests = Pick<
  ClawbarRequests,
  | 'approve'
  | 'reject'
  | 'notNow'
  | 'mute'
  | 'setIgnored'
  | 'removeDevice'
  | 'resetDevice'
  | 'rotateToken'
  | 'revokeToken'
  | 'renameDevice'
  | 'getHistory'
>;

/** "Not now" on an item: the inbox snoozes it at its revision; the audit log records it. */
export function notNow(ctx: CoreContext, key: string): ActionResult {
  const item = ctx.inbox.snooze(key);
  // The inbox announces the change: the notification feed closes its notification.
  if (!item) return { ok: false, error: 'That request is gone.' };
  const deviceId = deviceIdOfKey(key);
  if (item.kind === 'device' && deviceId) {
    void ctx.audit
      .append({
        ts: Date.now(),
        action: 'not-now',
        outcome: 'snoozed',
        by: 'user',
        deviceId,
        requestId: item.card.requestId,
        displayName: item.card.requester.displayName,
      })
      .catch(() => undefined);
  }
  ctx.scheduleEmit();
  return { ok: true };
}

export type RevisionApproval =
  { approved: true; result: ActionResult } | { approved: false; reason: 'gone' | 'changed'; message: string };

/**
 * Approve as seen at `revision`: approves the item's current card only if the revision is still current.
 * Otherwise nothing is approved: the user is told in plain words and shown the card.
 */
export async function approveAtRevision(
  ctx: CoreContext,
  requests: Pick<ClawbarRequests, 'approve'>,
  key: string,
  revision: number,
): Promise<RevisionApproval> {
  const item = ctx.inbox.item(key);
  if (item && item.revision === revision && item.kind === 'device') {
    return { approved: true, result: await requests.approve(approveIntentOf(item.card)) };
  }
  const message = item
    ? `${item.kind === 'device' ? item.card.requester.displayName : 'The request'} changed what it asks; look again before approving.`
    : 'That request is no longer waiting; nothing was approved.';
  ctx.notices.add('warning', message);
  ctx.focus({ view: 'pending', ...(item ? { key } : {}) });
  return { approved: false, reason: item ? 'changed' : 'gone', message };
}

export function userDecisions(ctx: CoreContext): DecisionRequests {
  const engine = () => ctx.needEngine();
  return {
    approve: (intent: ApproveIntent) => ctx.guarded('approve', () => engine().approve(intent)),
    reject: (deviceId, requestId) => ctx.guarded('reject', () => engine().reject(deviceId, requestId)),
    notNow: (deviceId) => ctx.guarded('not now', () => notNow(ctx, deviceKey(deviceId))),
    mute: (deviceId, minutes) => ctx.guarded('mute', () => engine().mute(deviceId, minutes)),
    setIgnored: (deviceId, ignored) => ctx.guarded('ignore', () => engine().setIgnored(deviceId, ignored)),
    removeDevice: (deviceId) => ctx.guarded('remove', () => engine().remove(deviceId)),
    resetDevice: (deviceId) =>
      ctx.guarded('reset', async () => {
        const p = engine().reset(deviceId);
        ctx.scheduleEmit();
        return p;
      }),
    rotateToken: (deviceId, role) => ctx.guarded('rotate', () => engine().rotateToken(deviceId, role)),
    revokeToken: (deviceId, role) => ctx.guarded('revoke', () => engine().revokeToken(deviceId, role)),
    renameDevice: (deviceId, label) => ctx.guarded('rename', () => engine().rename(deviceId, label)),
    getHistory: async (limit) => ctx.audit.read(Math.max(1, Math.min(limit, 1000))),
  };
}
