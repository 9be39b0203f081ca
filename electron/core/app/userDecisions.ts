// The user's decisions on inbox items and devices, as the bridge requests them. Every Approve names the
// revision it was made on and goes through approveFlow (settled, confirmed when critical, bound).
import type { ClawbarRequests } from '../contract/contract.ts';
import type { ActionResult, ApproveIntent } from '../contract/views.ts';
import { deviceIdOfKey, deviceKey } from '../pairing/inboxItem.ts';
import type { DecisionPath } from '../inbox/settle.ts';
import { approveItem } from './approveFlow.ts';
import type { CoreContext } from './context.ts';

type DecisionRequests = Pick<
  ClawbarRequests,
  | 'approve'
  | 'reject'
  | 'notNow'
  | 'mute'
  | 'unmute'
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

/**
 * Approve from the tray or a notification, as seen at `revision`: the same rule as the panel's approve.
 * When nothing was approved the user is told in plain words and shown the card.
 */
export async function approveAtRevision(
  ctx: CoreContext,
  key: string,
  revision: number,
  path: Exclude<DecisionPath, 'panel'>,
): Promise<ActionResult> {
  const r = await ctx.guarded('approve', () => approveItem(ctx, key, revision, path));
  if (!r.ok) {
    ctx.notices.add('warning', r.error);
    ctx.focus({ view: 'pending', ...(ctx.inbox.item(key) ? { key } : {}) });
  }
  return r;
}

export function userDecisions(ctx: CoreContext): DecisionRequests {
  const engine = () => ctx.needEngine();
  return {
    approve: ({ revision, ...shown }: ApproveIntent) =>
      ctx.guarded('approve', () => approveItem(ctx, deviceKey(shown.deviceId), revision, 'panel', shown)),
    reject: (deviceId, requestId) => ctx.guarded('reject', () => engine().reject(deviceId, requestId)),
    notNow: (deviceId) => ctx.guarded('not now', () => notNow(ctx, deviceKey(deviceId))),
    mute: (deviceId, minutes) => ctx.guarded('mute', () => engine().mute(deviceId, minutes)),
    unmute: (deviceId) => ctx.guarded('unmute', () => engine().unmute(deviceId)),
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
