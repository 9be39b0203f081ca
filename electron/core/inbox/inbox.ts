// The inbox: the one owner of what the user must decide. It lists the items of every source in display
// order, numbers their revisions (a new fingerprint is a new revision), keeps "Not now" per revision,
// and remembers which revision each live notification shows. What to do about notifications is decided
// elsewhere (present/notifications.ts); the inbox only holds the state it is decided from.
import { EventEmitter } from 'node:events';
import type { InboxItem } from '../contract/views.ts';
import type { DecisionSource, LiveShown, SourceItem } from './types.ts';

interface Revision {
  fingerprint: string;
  revision: number;
  revisedAt: number;
}

/** Revisions of items that left, remembered so an item that comes back unchanged keeps its number. */
export const MAX_RETIRED = 500;

export interface InboxOptions {
  now?: () => number;
}

export class Inbox {
  private readonly now: () => number;
  private readonly sources = new Map<DecisionSource, () => void>();
  private readonly revisions = new Map<string, Revision>();
  private readonly retired = new Map<string, Revision>();
  /** key → the revision the user said "Not now" to. */
  private readonly snoozedAt = new Map<string, number>();
  /** key → the revision its live notification shows. */
  private readonly liveNotifications = new Map<string, number>();
  /** key → the group and count its live notification shows (grouped notifications only). */
  private readonly liveGroups = new Map<string, LiveShown>();
  private current: InboxItem[] = [];
  private readonly events = new EventEmitter<{ change: [] }>();

  constructor(o: InboxOptions = {}) {
    this.now = o.now ?? Date.now;
  }

  /** Lists the source's items from now on; the returned function stops listing them. */
  attach(source: DecisionSource): () => void {
    if (!this.sources.has(source))
      this.sources.set(
        source,
        source.onChange(() => this.update()),
      );
    this.update();
    return () => {
      const off = this.sources.get(source);
      if (!off) return;
      off();
      this.sources.delete(source);
      this.update();
    };
  }

  items(): readonly InboxItem[] {
    return this.current;
  }

  item(key: string): InboxItem | undefined {
    return this.current.find((i) => i.key === key);
  }

  /** "Not now": the item stays listed and notifies again only when it asks for something new. */
  snooze(key: string): InboxItem | undefined {
    const item = this.item(key);
    if (!item) return undefined;
    this.snoozedAt.set(key, item.revision);
    this.update();
    return this.item(key);
  }

  /**
   * The fingerprint of `key` at `revision`, only while that revision is current: what a decision made
   * on that revision may decide.
   */
  fingerprint(key: string, revision: number): string | undefined {
    const r = this.revisions.get(key);
    return r && r.revision === revision ? r.fingerprint : undefined;
  }

  /** Which revision each live notification shows. */
  live(): ReadonlyMap<string, number> {
    return this.liveNotifications;
  }

  /** For live notifications that stand for a group: the group and how many others they count. */
  liveShown(): ReadonlyMap<string, LiveShown> {
    return this.liveGroups;
  }

  /** Records what the shell was told to show (a revision) or to close (undefined). */
  setLive(key: string, revision: number | undefined, shown?: LiveShown): void {
    if (revision === undefined) this.liveNotifications.delete(key);
    else this.liveNotifications.set(key, revision);
    if (revision === undefined || !shown) this.liveGroups.delete(key);
    else this.liveGroups.set(key, shown);
  }

  onChange(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  private update(): void {
    const next: InboxItem[] = [];
    const seen = new Set<string>();
    for (const source of this.sources.keys()) {
      for (const s of source.items()) {
        if (seen.has(s.key)) continue;
        seen.add(s.key);
        next.push(this.revise(s));
      }
    }
    for (const [key, r] of this.revisions) {
      if (seen.has(key)) continue;
      this.revisions.delete(key);
      this.retire(key, r);
    }
    this.current = next;
    this.events.emit('change');
  }

  private revise(s: SourceItem): InboxItem {
    const { fingerprint, ...rest } = s;
    let r = this.revisions.get(s.key);
    if (!r) {
      const back = this.retired.get(s.key);
      this.retired.delete(s.key);
      r =
        back && back.fingerprint === fingerprint
          ? back
          : { fingerprint, revision: (back?.revision ?? 0) + 1, revisedAt: this.now() };
    } else if (r.fingerprint !== fingerprint) {
      r = { fingerprint, revision: r.revision + 1, revisedAt: this.now() };
    }
    this.revisions.set(s.key, r);
    const snoozed = this.snoozedAt.get(s.key);
    // A new revision un-snoozes: the item asks for something the user has not said "Not now" to.
    if (snoozed !== undefined && snoozed !== r.revision) this.snoozedAt.delete(s.key);
    return { ...rest, revision: r.revision, revisedAt: r.revisedAt, snoozed: snoozed === r.revision };
  }

  private retire(key: string, r: Revision): void {
    this.retired.set(key, r);
    while (this.retired.size > MAX_RETIRED) {
      const oldest = this.retired.keys().next().value as string;
      this.retired.delete(oldest);
      this.snoozedAt.delete(oldest);
    }
  }
}
