// Where the settle rule (inbox/settle.ts) meets the running core: when each path first showed each
// revision, and the check every decision goes through before it reaches the gateway. Exec and plugin
// decisions use the same check.
import type { InboxItem } from '../contract/views.ts';
import type { MenuItem } from '../present/types.ts';
import { settleVerdict, type DecisionPath, type SettleVerdict } from '../inbox/settle.ts';
import type { Inbox } from '../inbox/inbox.ts';

/** Entries kept per path (items that left are forgotten oldest first). */
const MAX_SHOWN = 2000;

/** When the tray and the notifications first showed each item's revision. */
export class ShownTimes {
  private readonly seen = new Map<string, { revision: number; at: number }>();

  /** Records that `path` shows `revision` of `key` now, unless it already showed that revision. */
  saw(path: Exclude<DecisionPath, 'panel'>, key: string, revision: number, at: number): void {
    const k = `${path}\u0000${key}`;
    const prev = this.seen.get(k);
    if (prev && prev.revision === revision) return;
    this.seen.delete(k);
    this.seen.set(k, { revision, at });
    if (this.seen.size > MAX_SHOWN) this.seen.delete(this.seen.keys().next().value as string);
  }

  at(path: DecisionPath, key: string, revision: number): number | undefined {
    const r = this.seen.get(`${path}\u0000${key}`);
    return r && r.revision === revision ? r.at : undefined;
  }
}

/** A tray menu was built: every revision it offers a decision on is shown in the tray from now. */
export function sawInTray(shown: ShownTimes, menu: MenuItem[], at: number): MenuItem[] {
  for (const m of menu) {
    if (m.type === 'submenu') sawInTray(shown, m.items, at);
    else if (m.type === 'action' && 'revision' in m.action && 'key' in m.action)
      shown.saw('tray', m.action.key, m.action.revision, at);
  }
  return menu;
}

/** How an item is named in the messages about it (already escaped for display). */
export function itemName(item: InboxItem | undefined): string {
  if (item?.kind === 'device') return `“${item.card.requester.displayName}”`;
  return 'The request';
}

export interface DecisionGateDeps {
  inbox: Inbox;
  shown: ShownTimes;
  now?: () => number;
}

/** The settle rule for a decision on `key` made at `revision`, arriving through `path`. */
export function checkDecision(
  d: DecisionGateDeps,
  key: string,
  revision: number,
  path: DecisionPath,
): SettleVerdict {
  const item = d.inbox.item(key);
  return settleVerdict({
    current: item,
    revision,
    path,
    pathShownAt: item ? d.shown.at(path, key, item.revision) : undefined,
    now: (d.now ?? Date.now)(),
    name: itemName(item),
  });
}
