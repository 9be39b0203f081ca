// What the shell reports back: a tray menu choice or a notification's button or body. Approve from
// either names the revision it was shown at (see approveAtRevision).
import type { ClawbarRequests } from '../contract/contract.ts';
import type { ActionResult } from '../contract/views.ts';
import type { MenuAction, NotificationResponse } from '../present/types.ts';
import type { CoreContext } from './context.ts';
import { approveAtRevision, notNow } from './userDecisions.ts';

export function shellActions(ctx: CoreContext, requests: ClawbarRequests) {
  return {
    async onMenuAction(action: MenuAction): Promise<void> {
      let r: ActionResult | undefined;
      switch (action.kind) {
        case 'approve': {
          const a = await approveAtRevision(ctx, requests, action.key, action.revision);
          if (a.approved) r = a.result;
          ctx.scheduleEmit();
          break;
        }
        case 'reject':
          r = await requests.reject(action.deviceId, action.requestId);
          break;
        case 'remove':
          r = await requests.removeDevice(action.deviceId);
          break;
        case 'reset':
          r = await requests.resetDevice(action.deviceId);
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
      if (action === 'not-now') {
        const r = await ctx.guarded('not now', () => notNow(ctx, key));
        if (!r.ok) ctx.focus({ view: 'pending', key });
        return;
      }
      const a = await approveAtRevision(ctx, requests, key, revision);
      if (!a.approved) {
        // The notification showed an older revision: bring it up to date (or close it if it is gone).
        ctx.feed.shownAt(key, revision);
        return;
      }
      if (!a.result.ok) {
        ctx.notices.add('warning', a.result.error);
        ctx.focus({ view: 'pending', key });
      }
    },
  };
}
