// Keeps the gateway's pending exec and plugin approvals fresh over Clawbar's connection: listed after
// every hello and on a seq gap, updated from `*.requested`, removed on `*.resolved`, on expiry and when
// a re-list no longer has them (resolved elsewhere while an event was dropped). A list racing an event
// neither loses a new request nor resurrects a resolved one. Decides through `*.approval.resolve`,
// never with a decision the request does not allow.
import { EventEmitter } from 'node:events';
import { errorMessage } from '../contract/errors.ts';
import type { EventFrame } from '../gateway/frames.ts';
import { GatewayRpcError, type GatewayClient } from '../gateway/client.ts';
import { RecentKeys } from '../inbox/bounded.ts';
import { approvalKey, pendingExec, pendingPlugin, type PendingApproval } from './records.ts';
import {
  ApprovalResolvedEvent,
  ExecApprovalRecord,
  parseEntries,
  PluginApprovalRecord,
  type ApprovalDecision,
  type ApprovalKind,
} from './wire.ts';

/** What the tracker needs of the gateway connection (GatewayClient provides it). */
export type ApprovalConnection = Pick<
  GatewayClient,
  'call' | 'onEvent' | 'onHello' | 'onGap' | 'onState' | 'state' | 'hasMethod'
>;

/** How an approval left: decided here, decided elsewhere (another client, a channel), or expired. */
export interface ApprovalOutcome {
  approval: PendingApproval;
  by: 'clawbar' | 'other' | 'expiry';
  decision: ApprovalDecision | null;
  /** The gateway's name for who decided (a client's display name or id), when it says. */
  resolvedBy?: string;
  at: number;
}

export type ResolveResult =
  | { ok: true; latencyMs: number }
  | {
      ok: false;
      reason: 'gone' | 'not-allowed' | 'changed' | 'busy' | 'failed';
      message: string;
      code?: string;
    };

export interface ApprovalTrackerOptions {
  client: ApprovalConnection;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  now?: () => number;
}

const KINDS: readonly ApprovalKind[] = ['exec', 'plugin'];
/** Resolved ids remembered so a list or a late event cannot bring them back. */
export const MAX_TOMBSTONES = 2000;

export class ApprovalTracker {
  private readonly client: ApprovalConnection;
  private readonly log: NonNullable<ApprovalTrackerOptions['log']>;
  private readonly now: () => number;
  private readonly pending = new Map<string, PendingApproval>();
  private readonly tombstones = new RecentKeys(MAX_TOMBSTONES);
  private readonly busyKeys = new Map<string, ApprovalDecision>();
  /** Keys added by events while a list is in flight: the list may predate them. */
  private addedDuringList: Set<string> | undefined;
  private listing: Promise<void> | undefined;
  private listAgain = false;
  private expiryTimer: NodeJS.Timeout | undefined;
  private offs: (() => void)[] = [];
  private readonly events = new EventEmitter<{ change: []; outcome: [ApprovalOutcome] }>();
  readonly stats = { lists: 0, listFailures: 0, skipped: 0, resolves: 0 };

  constructor(o: ApprovalTrackerOptions) {
    this.client = o.client;
    this.log = o.log ?? (() => undefined);
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.offs.length > 0) return;
    this.offs = [
      this.client.onHello(() => void this.refresh()),
      this.client.onGap(() => void this.refresh()),
      this.client.onEvent((e) => this.onEvent(e)),
      this.client.onState((s) => {
        // Undecidable while disconnected; the next hello lists what is still pending.
        if (s.kind !== 'connected') this.clear();
      }),
    ];
    if (this.client.state.kind === 'connected') void this.refresh();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.clear();
  }

  /** Pending approvals, oldest first. */
  items(): PendingApproval[] {
    return [...this.pending.values()].sort(
      (a, b) => a.createdAtMs - b.createdAtMs || a.key.localeCompare(b.key),
    );
  }

  get(key: string): PendingApproval | undefined {
    return this.pending.get(key);
  }

  /** The decision being sent for `key`, if any. */
  busy(key: string): ApprovalDecision | undefined {
    return this.busyKeys.get(key);
  }

  onChange(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  /** Every approval that leaves, with how (for the audit log and closing notifications). */
  onOutcome(listener: (o: ApprovalOutcome) => void): () => void {
    this.events.on('outcome', listener);
    return () => void this.events.off('outcome', listener);
  }

  /** Re-lists both kinds; concurrent calls share one list and one more runs after it if asked. */
  refresh(): Promise<void> {
    if (this.listing) {
      this.listAgain = true;
      return this.listing;
    }
    this.listing = (async () => {
      try {
        do {
          this.listAgain = false;
          await this.listOnce();
        } while (this.listAgain);
      } finally {
        this.listing = undefined;
      }
    })();
    return this.listing;
  }

  /**
   * Sends `decision` for the approval at `key`. Refused without a call when the approval is gone, the
   * decision is not one it allows, or (with `fingerprint`) it now asks something else than was shown.
   */
  async resolve(key: string, decision: ApprovalDecision, fingerprint?: string): Promise<ResolveResult> {
    const a = this.pending.get(key);
    if (!a) return { ok: false, reason: 'gone', message: 'This request was already decided or has expired.' };
    if (!a.allowedDecisions.includes(decision)) {
      return { ok: false, reason: 'not-allowed', message: `This request does not offer "${decision}".` };
    }
    if (fingerprint !== undefined && fingerprint !== a.fingerprint) {
      return { ok: false, reason: 'changed', message: 'The request changed; nothing was decided.' };
    }
    if (this.busyKeys.has(key))
      return { ok: false, reason: 'busy', message: 'A decision is already on its way.' };
    this.busyKeys.set(key, decision);
    const started = this.now();
    // The decision leaves first; redrawing the card as busy (inbox, notifications, state) follows.
    const sent = this.client.call(`${a.kind}.approval.resolve`, { id: a.id, decision });
    this.emitChange();
    try {
      await sent;
      this.stats.resolves++;
      this.remove(key, { by: 'clawbar', decision });
      return { ok: true, latencyMs: this.now() - started };
    } catch (err) {
      const code = err instanceof GatewayRpcError ? err.code : undefined;
      const message = errorMessage(err);
      if (/unknown or expired|not found|already resolved/i.test(message)) {
        // Decided elsewhere or expired first: the list says which is still pending.
        void this.refresh();
        return {
          ok: false,
          reason: 'gone',
          message: 'This request was already decided or has expired.',
          ...(code ? { code } : {}),
        };
      }
      return { ok: false, reason: 'failed', message, ...(code ? { code } : {}) };
    } finally {
      if (this.busyKeys.delete(key)) this.emitChange();
    }
  }

  // ---- gateway input ----

  private async listOnce(): Promise<void> {
    if (this.client.state.kind !== 'connected') return;
    const added = new Set<string>();
    this.addedDuringList = added;
    const next = new Map<string, PendingApproval>();
    const listed = new Set<ApprovalKind>();
    try {
      for (const kind of KINDS) {
        const method = `${kind}.approval.list`;
        if (!this.client.hasMethod(method)) continue;
        let payload: unknown;
        try {
          payload = await this.client.call(method, {});
        } catch (err) {
          this.stats.listFailures++;
          this.log('warn', `${method} failed: ${errorMessage(err)}`);
          continue;
        }
        this.stats.lists++;
        listed.add(kind);
        for (const a of this.parseRecords(kind, payload, method)) {
          if (!this.tombstones.has(a.key)) next.set(a.key, a);
        }
      }
    } finally {
      this.addedDuringList = undefined;
    }
    const gone: PendingApproval[] = [];
    for (const [key, a] of this.pending) {
      if (!listed.has(a.kind) || next.has(key)) continue;
      // Arrived by event after the list was taken: the list cannot know it yet.
      if (added.has(key)) next.set(key, a);
      else gone.push(a);
    }
    for (const [key, a] of next) this.pending.set(key, a);
    for (const a of gone) this.remove(a.key, { by: 'other', decision: null }, false);
    this.expireDue(false);
    this.emitChange();
  }

  private parseRecords(kind: ApprovalKind, payload: unknown, what: string): PendingApproval[] {
    const log = (m: string) => {
      this.stats.skipped++;
      this.log('warn', m);
    };
    return kind === 'exec'
      ? parseEntries(payload, ExecApprovalRecord, what, log).map(pendingExec)
      : parseEntries(payload, PluginApprovalRecord, what, log).map(pendingPlugin);
  }

  private onEvent(e: EventFrame): void {
    const m = /^(exec|plugin)\.approval\.(requested|resolved)$/.exec(e.event);
    if (!m) return;
    const kind = m[1] as ApprovalKind;
    if (m[2] === 'requested') {
      const [a] = this.parseRecords(kind, [e.payload], e.event);
      if (!a || this.tombstones.has(a.key)) return;
      this.addedDuringList?.add(a.key);
      this.pending.set(a.key, a);
      this.expireDue(false);
      this.emitChange();
      return;
    }
    const r = ApprovalResolvedEvent.safeParse(e.payload);
    if (!r.success) {
      this.stats.skipped++;
      this.log('warn', `${e.event}: unreadable payload; re-listing`);
      void this.refresh();
      return;
    }
    const key = approvalKey(kind, r.data.id);
    const decision = decisionOf(r.data.decision);
    const a = this.pending.get(key);
    if (!a) {
      this.tombstone(key);
      return;
    }
    // 9.6 announces an expiry as `resolved` with decision "deny", no resolver and a ts at the deadline.
    const expired =
      decision === null || (!r.data.resolvedBy && r.data.ts !== undefined && r.data.ts >= a.expiresAtMs);
    this.remove(key, {
      // The event can overtake the answer to Clawbar's own resolve call.
      by: this.busyKeys.has(key) ? 'clawbar' : expired ? 'expiry' : 'other',
      decision: expired ? null : decision,
      ...(r.data.resolvedBy ? { resolvedBy: r.data.resolvedBy } : {}),
    });
  }

  // ---- state ----

  private remove(key: string, how: Omit<ApprovalOutcome, 'approval' | 'at'>, emit = true): void {
    const a = this.pending.get(key);
    this.tombstone(key);
    if (!a) return;
    this.pending.delete(key);
    this.events.emit('outcome', { approval: a, at: this.now(), ...how });
    if (emit) {
      this.armExpiry();
      this.emitChange();
    }
  }

  private tombstone(key: string): void {
    this.tombstones.add(key);
  }

  /** Removes what has expired and arms the timer for the next expiry (only while something is pending). */
  private expireDue(emit = true): void {
    const now = this.now();
    let removed = false;
    for (const a of [...this.pending.values()]) {
      if (a.expiresAtMs > now) continue;
      this.remove(a.key, { by: 'expiry', decision: null }, false);
      removed = true;
    }
    this.armExpiry();
    if (removed && emit) this.emitChange();
  }

  private armExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    let next = Number.POSITIVE_INFINITY;
    for (const a of this.pending.values()) next = Math.min(next, a.expiresAtMs);
    if (!Number.isFinite(next)) return;
    // A timer cannot wait longer than ~24.8 days; a far expiry is re-armed when this one fires.
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      this.expireDue();
    }, delay);
  }

  private clear(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (this.pending.size === 0) return;
    this.pending.clear();
    this.emitChange();
  }

  private emitChange(): void {
    this.events.emit('change');
  }
}

function decisionOf(d: string | null | undefined): ApprovalDecision | null {
  return d === 'allow-once' || d === 'allow-always' || d === 'deny' ? d : null;
}

export type { PendingApproval };
