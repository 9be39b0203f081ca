// What the shell reports back: a tray menu choice or a notification's button or body. Approve from
// either names the revision it was shown at (see approveAtRevision).
import type { ClawbarRequests } from '../contract/contract.ts';
import type { ActionResult } from '../contract/views.ts';
import type { MenuAction, NotificationResponse } from '../present/types.ts';
import { isCriticalGrant } from '../pairing/critical.ts';
import type { CoreContext } from './context.ts';
import { decideApprovalAt } from './approvalActions.ts';
import { itemName } from './decisionGate.ts';
import { approveAtRevision, notNow, resetAtRevision } from './userDecisions.ts';

export function shellActions(ctx: CoreContext, requests: ClawbarRequests) {
  return {
    async onMenuAction(action: MenuAction): Promise<void> {
      let r: ActionResult | undefined;
      switch (action.kind) {
        case 'approve':
          // Refusals are told (notice + card) by approveAtRevision.
          await approveAtRevision(ctx, action.key, action.revision, 'tray');
          break;
        case 'reject':
          r = await requests.reject(action.deviceId, action.requestId);
          break;
        case 'unmute':
          r = await requests.unmute(action.deviceId);
          break;
        case 'decide': {
          const d = await decideApprovalAt(ctx, action.key, action.revision, action.decision, 'tray');
          // Nothing decided (changed, gone, failed): the card says why.
          if (!d.ok) ctx.focus({ view: 'pending', key: action.key });
          r = d;
          break;
        }
        case 'remove':
          r = await requests.removeDevice(action.deviceId);
          break;
        case 'reset':
          r = await resetAtRevision(ctx, action.deviceId, action.revision, 'tray');
          break;
        case 'service':
          r = await requests.serviceAction(action.action);
          break;
        case 'reconnect':
          r = await requests.reconnect();
          break;
        case 'open-panel':
          if (action.key || action.deviceId)
            ctx.focus({
              view: action.view ?? 'pending',
              ...(action.key ? { key: action.key } : {}),
              ...(action.deviceId ? { deviceId: action.deviceId } : {}),
            });
          break;
        case 'quit':
          break;
      }
      if (r && !r.ok) ctx.notices.add('error', r.error);
    },

    async onNotificationAction(key: string, revision: number, action: NotificationResponse): Promise<void> {
      if (action === 'click') return ctx.focus({ view: 'pending', key });
      if (action === 'allow-once' || action === 'allow-always' || action === 'deny') {
        const d = await decideApprovalAt(ctx, key, revision, action, 'notification');
        if (!d.ok) {
          // Bring the notification up to date (or close it), and show the card with the reason.
          ctx.feed.shownAt(key, revision);
          if (d.code !== 'CHANGED' && d.code !== 'GONE') ctx.notices.add('warning', d.error);
          ctx.focus({ view: 'pending', ...(ctx.inbox.item(key) ? { key } : {}) });
        }
        return;
      }
      if (action === 'not-now') {
        const r = await ctx.guarded('not now', () => notNow(ctx, key));
        if (!r.ok) ctx.focus({ view: 'pending', key });
        return;
      }
      const item = ctx.inbox.item(key);
      if (item?.kind === 'device' && isCriticalGrant(item.card)) {
        // A notification never grants full control or a role: the card (and its confirmation) does.
        ctx.notices.add(
          'warning',
          `${itemName(item)} asks for full control or a new role — approve it from its card.`,
        );
        return ctx.focus({ view: 'pending', key });
      }
      const r = await approveAtRevision(ctx, key, revision, 'notification');
      // Not approved: bring the notification up to date (or close it if the item is gone).
      if (!r.ok) ctx.feed.shownAt(key, revision);
    },
  };
}
