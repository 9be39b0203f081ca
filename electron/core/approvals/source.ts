// The gateway's pending exec and plugin approvals as an inbox source: one item per approval (keys
// `exec:<id>`, `plugin:<id>`), its fingerprint from records.ts so a changed command, cwd, plan or agent
// is a new revision, grouped by agent session so a burst shares one notification.
import type { InboxItem } from '../contract/views.ts';
import type { DecisionSource, SourceItem } from '../inbox/types.ts';
import { approvalItem, type ApprovalSourceItem } from './present.ts';
import type { PendingApproval } from './records.ts';
import type { ApprovalTracker } from './tracker.ts';

/** The notification group of an approval: its agent session, when the request names one. */
export function sessionGroup(a: PendingApproval): string | undefined {
  const r = a.request;
  const plan = a.kind === 'exec' ? a.request.systemRunPlan : undefined;
  const session = r.sessionKey ?? plan?.sessionKey;
  if (!session) return undefined;
  const agent = r.agentId ?? plan?.agentId ?? '-';
  return `session:${agent}/${session}`;
}

/** The inbox's shape of an approval item (`exec` or `plugin` holds the card). */
export function approvalSourceItem(item: ApprovalSourceItem, group: string | undefined): SourceItem {
  const g = group ? { group } : {};
  if (item.kind === 'exec') {
    const { card, ...rest } = item;
    return { ...rest, ...g, exec: card };
  }
  const { card, ...rest } = item;
  return { ...rest, ...g, plugin: card };
}

export type ApprovalInboxItem = Extract<InboxItem, { kind: 'exec' | 'plugin' }>;

export function isApprovalItem(item: InboxItem | undefined): item is ApprovalInboxItem {
  return item?.kind === 'exec' || item?.kind === 'plugin';
}

export class ApprovalSource implements DecisionSource {
  readonly tracker: ApprovalTracker;
  /** key → why the last decision did not happen (shown on the card until the approval changes or goes). */
  private readonly notices = new Map<string, { fingerprint: string; text: string }>();
  private cache: SourceItem[] | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly off: () => void;

  constructor(tracker: ApprovalTracker) {
    this.tracker = tracker;
    this.off = tracker.onChange(() => this.changed());
  }

  items(): readonly SourceItem[] {
    if (!this.cache) {
      const pending = this.tracker.items();
      const keys = new Set(pending.map((a) => a.key));
      for (const key of this.notices.keys()) if (!keys.has(key)) this.notices.delete(key);
      this.cache = pending.map((a) => {
        const busy = this.tracker.busy(a.key);
        const notice = this.notices.get(a.key);
        const text = notice?.fingerprint === a.fingerprint ? notice.text : undefined;
        const st = { ...(busy ? { busy } : {}), ...(text ? { notice: text } : {}) };
        return approvalSourceItem(approvalItem(a, st), sessionGroup(a));
      });
    }
    return this.cache;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Shows on the card why nothing was decided, until the approval changes again or goes. */
  setNotice(key: string, text: string): void {
    const a = this.tracker.get(key);
    if (!a) return;
    this.notices.set(key, { fingerprint: a.fingerprint, text });
    this.changed();
  }

  dispose(): void {
    this.off();
    this.listeners.clear();
  }

  private changed(): void {
    this.cache = undefined;
    for (const l of [...this.listeners]) l();
  }
}
