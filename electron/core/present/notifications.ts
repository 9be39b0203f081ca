// The one place that decides what the shell does with native notifications: a pure diff of what is
// live (key → revision shown) against the inbox's items. At most one live notification per item,
// however often its source refreshes; a new revision updates a live notification, and shows again one
// the user had said "Not now" to. Items of one group (an agent session's burst of approvals) share one
// live notification that shows one of them and counts the others; every item keeps its own card.
import type { DecisionAction, InboxItem } from '../contract/views.ts';
import type { NotificationOp, ShownNotificationOp } from './types.ts';

export interface LiveGroup {
  group: string;
  more: number;
}

export interface NotificationInput {
  /** What the shell shows now: item key → the revision its notification shows. */
  live: ReadonlyMap<string, number>;
  /** For live notifications that stand for a group: the group and the count they show. */
  liveGroups?: ReadonlyMap<string, LiveGroup>;
  items: readonly InboxItem[];
  /** The user's setting: off means no new notification (live ones still close when their item goes). */
  enabled: boolean;
  /** Items whose change is Clawbar's own doing (a device being reset): never shown or updated. */
  resetting: ReadonlySet<string>;
}

/** "Always allow" needs a second confirmation, so a notification never offers it. */
function notificationActions(item: InboxItem): DecisionAction[] {
  return item.actions.filter((a) => a.id !== 'allow-always').map((a) => ({ ...a }));
}

export function moreLine(more: number): string {
  return `+${more} more from this session`;
}

function shown(
  type: ShownNotificationOp['type'],
  item: InboxItem,
  silent: boolean,
  more?: number,
): ShownNotificationOp {
  const grouped = item.group !== undefined && more !== undefined;
  return {
    type,
    key: item.key,
    revision: item.revision,
    title: item.title,
    body: grouped && more > 0 ? `${item.summary}\n${moreLine(more)}` : item.summary,
    actions: notificationActions(item),
    silent,
    ...(grouped ? { group: item.group, more } : {}),
  };
}

export function notificationOps(input: NotificationInput): NotificationOp[] {
  const ops: NotificationOp[] = [];
  const byKey = new Map(input.items.map((i) => [i.key, i]));
  const liveGroups = input.liveGroups ?? new Map<string, LiveGroup>();
  /** Groups whose live notification closed in this diff: the next of the group follows silently. */
  const alerted = new Set<string>();
  const close = (key: string, revision: number) => {
    ops.push({ type: 'close', key, revision });
    const g = liveGroups.get(key)?.group;
    if (g !== undefined) alerted.add(g);
  };
  for (const [key, revision] of input.live) {
    if (!byKey.has(key)) close(key, revision);
  }
  const eligible = (item: InboxItem) => input.enabled && !input.resetting.has(item.key);
  const groups = new Map<string, InboxItem[]>();
  for (const item of input.items) {
    const liveRevision = input.live.get(item.key);
    if (item.quiet || item.snoozed) {
      if (liveRevision !== undefined) close(item.key, liveRevision);
      continue;
    }
    if (item.group === undefined) {
      if (!eligible(item)) continue;
      if (liveRevision === undefined) ops.push(shown('show', item, false));
      // A new revision asks for something new: it alerts again, like a first show.
      else if (liveRevision !== item.revision) ops.push(shown('update', item, false));
      // Same revision: a refresh or a same-request supersede; the live notification stays as it is.
      continue;
    }
    const members = groups.get(item.group) ?? [];
    members.push(item);
    groups.set(item.group, members);
  }
  for (const [group, members] of groups) groupOps(group, members, input, eligible, alerted, ops, close);
  return ops;
}

function groupOps(
  group: string,
  members: InboxItem[],
  input: NotificationInput,
  eligible: (item: InboxItem) => boolean,
  alerted: ReadonlySet<string>,
  ops: NotificationOp[],
  close: (key: string, revision: number) => void,
): void {
  const live = members.filter((m) => input.live.has(m.key));
  // One live notification per group: the oldest live one stays, any other closes.
  const [keep, ...extra] = live;
  for (const m of extra) close(m.key, input.live.get(m.key)!);
  const shownable = members.filter(eligible);
  if (shownable.length === 0) return;
  const more = shownable.length - 1;
  if (keep && eligible(keep)) {
    const revision = input.live.get(keep.key);
    const before = input.liveGroups?.get(keep.key)?.more;
    if (revision !== keep.revision) ops.push(shown('update', keep, false, more));
    // Only the count changed: update quietly.
    else if (before !== more) ops.push(shown('update', keep, true, more));
    return;
  }
  if (keep) return; // live but not to be updated (resetting, or notifications off)
  ops.push(shown('show', shownable[0]!, alerted.has(group), more));
}
