// The one place that decides what the shell does with native notifications: a pure diff of what is
// live (key → revision shown) against the inbox's items. At most one live notification per item,
// however often its source refreshes; a new revision updates a live notification, and shows again one
// the user had said "Not now" to.
import type { InboxItem } from '../contract/views.ts';
import type { NotificationOp, ShownNotificationOp } from './types.ts';

export interface NotificationInput {
  /** What the shell shows now: item key → the revision its notification shows. */
  live: ReadonlyMap<string, number>;
  items: readonly InboxItem[];
  /** The user's setting: off means no new notification (live ones still close when their item goes). */
  enabled: boolean;
  /** Items whose change is Clawbar's own doing (a device being reset): never shown or updated. */
  resetting: ReadonlySet<string>;
}

function shown(type: ShownNotificationOp['type'], item: InboxItem): ShownNotificationOp {
  return {
    type,
    key: item.key,
    revision: item.revision,
    title: item.title,
    body: item.summary,
    actions: item.actions.map((a) => ({ ...a })),
    // A new revision asks for something new: it alerts again, like a first show.
    silent: false,
  };
}

export function notificationOps(input: NotificationInput): NotificationOp[] {
  const ops: NotificationOp[] = [];
  const byKey = new Map(input.items.map((i) => [i.key, i]));
  for (const [key, revision] of input.live) {
    if (!byKey.has(key)) ops.push({ type: 'close', key, revision });
  }
  for (const item of input.items) {
    const liveRevision = input.live.get(item.key);
    if (item.quiet || item.snoozed) {
      if (liveRevision !== undefined) ops.push({ type: 'close', key: item.key, revision: liveRevision });
      continue;
    }
    if (!input.enabled || input.resetting.has(item.key)) continue;
    if (liveRevision === undefined) ops.push(shown('show', item));
    else if (liveRevision !== item.revision) ops.push(shown('update', item));
    // Same revision: a refresh or a same-request supersede; the live notification stays as it is.
  }
  return ops;
}
