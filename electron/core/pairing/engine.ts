// The stateful pairing engine: keeps the reconciled model fresh from the gateway (list after every
// connect, pairing/presence event, seq gap, unknown requestId, and on a timer only while something is
// pending), and carries out the user's decisions (approve.ts, decisions.ts, reset.ts) so that a click
// does exactly what the user saw, even while the requesting client retries and supersedes its request
// every second. It is the inbox's source of device items.
import type { ActionResult, ApproveBinding, PairingCard } from '../contract/views.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { GatewayClient } from '../gateway/client.ts';
import {
  parsePairList,
  PendingRequest,
  PairResolvedEvent,
  type PairList,
  type PairedDevice,
} from '../gateway/wire.ts';
import { pushCapped } from '../inbox/bounded.ts';
import type { DecisionSource, SourceItem } from '../inbox/types.ts';
import { approve } from './approve.ts';
import * as decide from './decisions.ts';
import { auditWriter, type EngineLog, type EnginePrefs, type ResetJob } from './engineContext.ts';
import { deviceItem } from './inboxItem.ts';
import { auditObserved } from './observedAudit.ts';
import { alreadyGranted, emptyModel, reconcile, type PairingChange, type PairingModel } from './reconcile.ts';
import { reset, type DeviceGrant } from './reset.ts';
import { scopesWithin } from './scopes.ts';
import { errorMessage } from '../contract/errors.ts';

export type { EnginePrefs } from './engineContext.ts';

export interface EngineChange {
  before: PairingCard[];
  after: PairingCard[];
  changes: PairingChange[];
}

export interface PairingEngineOptions {
  client: GatewayClient;
  audit: AuditLog;
  prefs: EnginePrefs;
  now?: () => number;
  log?: EngineLog;
  /** Re-list period while anything is pending (expiry is silent on the gateway). */
  pendingListIntervalMs?: number;
  /** How long approve keeps re-listing after `unknown requestId`. */
  approveRetryWindowMs?: number;
  /** How long Reset & re-approve waits for the device to ask again. */
  resetWaitMs?: number;
}

/** How long a request that vanished with no resolution is kept, while the list is re-read. */
const VANISH_GRACE_MS = 1500;
/** Events kept between two lists (newest kept): a flood must not grow them without bound. */
export const MAX_BUFFERED_EVENTS = 500;

const PAIRING_EVENTS = new Set([
  'device.pair.requested',
  'device.pair.resolved',
  'device.pair.changed',
  'presence',
]);

export class PairingEngine implements DecisionSource {
  private modelValue: PairingModel = emptyModel();
  private lastList: PairList = { pending: [], paired: [] };
  private readonly resolvedBuf: PairResolvedEvent[] = [];
  private readonly requestedBuf: PendingRequest[] = [];
  private inflight: Promise<void> | undefined;
  private dirty = false;
  private debounce: NodeJS.Timeout | undefined;
  private debounceDue = 0;
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly listeners = new Set<(c: EngineChange) => void>();
  /** Devices whose request vanished from the list without any sign of why, and since when (see confirmVanished). */
  private readonly vanishedSince = new Map<string, number>();
  readonly resets = new Map<string, ResetJob>();
  /**
   * Devices whose approve went out but whose answer was lost with the connection (deviceId →
   * requestId): when the next lists show it approved, that was the user's approval, not another client's.
   */
  readonly approveInDoubt = new Map<string, string>();
  readonly stats = { lists: 0, approves: 0 };
  readonly client: GatewayClient;
  readonly prefs: EnginePrefs;
  readonly now: () => number;
  readonly log: EngineLog;
  readonly approveRetryWindowMs: number;
  readonly resetWaitMs: number;
  readonly audit: ReturnType<typeof auditWriter>;
  private readonly pendingListIntervalMs: number;

  constructor(o: PairingEngineOptions) {
    this.client = o.client;
    this.prefs = o.prefs;
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.pendingListIntervalMs = o.pendingListIntervalMs ?? 10_000;
    this.approveRetryWindowMs = o.approveRetryWindowMs ?? 2000;
    this.resetWaitMs = o.resetWaitMs ?? 60_000;
    this.audit = auditWriter(o.audit, this.now, this.log);
  }

  get model(): PairingModel {
    return this.modelValue;
  }

  get cards(): PairingCard[] {
    return this.modelValue.cards;
  }

  /** The inbox's view of the cards: one item per device, keyed `device:<deviceId>`. */
  items(): SourceItem[] {
    return this.modelValue.cards.map(deviceItem);
  }

  /** Devices Clawbar is resetting, with the time it gives up waiting. */
  get resetting(): ResetJob[] {
    return [...this.resets.values()];
  }

  onChange(l: (c: EngineChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  start(): void {
    const c = this.client;
    this.unsubscribe.push(
      c.onHello(() => this.requestRefresh(0)),
      c.onGap(() => this.requestRefresh(0)),
      c.onEvent((e) => {
        if (!PAIRING_EVENTS.has(e.event)) return;
        if (e.event === 'device.pair.resolved') {
          const r = PairResolvedEvent.safeParse(e.payload);
          if (r.success) pushCapped(this.resolvedBuf, r.data, MAX_BUFFERED_EVENTS);
        } else if (e.event === 'device.pair.requested') {
          const r = PendingRequest.safeParse(e.payload);
          if (r.success) pushCapped(this.requestedBuf, r.data, MAX_BUFFERED_EVENTS);
        }
        // Pairing events re-list at once (refresh() folds overlapping lists into one); presence events,
        // which a flood of retrying devices sends in bursts, wait a little to be folded together.
        this.requestRefresh(e.event === 'presence' ? 100 : 0);
      }),
    );
    if (c.state.kind === 'connected') this.requestRefresh(0);
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.debounce = undefined;
    this.pendingTimer = undefined;
  }

  private requestRefresh(delayMs: number): void {
    const due = Date.now() + delayMs;
    // A pending later refresh (a presence burst) must not hold back a sooner one (a pairing event).
    if (this.debounce && due >= this.debounceDue) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounceDue = due;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.refresh().catch((err: unknown) =>
        this.log('warn', `could not list pairing state: ${errorMessage(err)}`),
      );
    }, delayMs);
  }

  /** Re-lists now (coalesced: at most one list in flight, one queued). */
  refresh(): Promise<void> {
    if (this.inflight) {
      this.dirty = true;
      return this.inflight;
    }
    const run = async () => {
      try {
        do {
          this.dirty = false;
          await this.listOnce();
        } while (this.dirty);
      } finally {
        this.inflight = undefined;
      }
    };
    this.inflight = run();
    return this.inflight;
  }

  private async listOnce(): Promise<void> {
    const raw = await this.client.call('device.pair.list');
    const list = parsePairList(raw, this.log);
    this.stats.lists++;
    this.apply(list);
  }

  private apply(list: PairList): void {
    const hello = this.client.hello;
    const resolved = this.resolvedBuf.splice(0);
    const requested = this.requestedBuf.splice(0);
    const before = this.modelValue.cards;
    list = this.confirmVanished(list, resolved);
    const { model, changes } = reconcile(this.modelValue, list, {
      now: this.now(),
      protocol: hello?.protocol ?? 4,
      selfDeviceId: this.client.deviceId,
      mutedUntil: this.prefs.mutedUntil(),
      ignored: this.prefs.ignored(),
      resolved,
      requested,
    });
    this.lastList = list;
    this.modelValue = model;
    auditObserved(
      changes,
      this.approveInDoubt,
      this.audit,
      (id) => model.devices.find((d) => d.deviceId === id)?.displayName,
    );
    this.armPendingTimer();
    this.emit({ before, after: model.cards, changes });
  }

  /**
   * A request that leaves the list with no resolved event and no paired record covering it is kept for
   * up to VANISH_GRACE_MS while the list is re-read. Under load (dozens of clients refreshing their
   * requests) a gateway that stores pending requests in a JSON file can answer one list without them; a
   * card that closed and reopened would notify twice (a device superseding its request every second
   * makes such gaps). Expiry and removal are still seen, 1.5 s later.
   */
  private confirmVanished(list: PairList, resolved: readonly PairResolvedEvent[]): PairList {
    const now = this.now();
    const listed = new Set(list.pending.map((p) => p.deviceId));
    const decided = new Set(resolved.map((r) => r.requestId));
    const keep: PendingRequest[] = [];
    for (const p of this.lastList.pending) {
      if (listed.has(p.deviceId) || decided.has(p.requestId)) continue;
      const dev = list.paired.find((d) => d.deviceId === p.deviceId);
      const covered = dev && scopesWithin(p.scopes ?? [], dev.scopes) && (dev.approvedAtMs ?? 0) >= p.ts;
      if (covered) continue;
      const since = this.vanishedSince.get(p.deviceId) ?? now;
      if (now - since >= VANISH_GRACE_MS) continue;
      this.vanishedSince.set(p.deviceId, since);
      keep.push(p);
    }
    for (const id of [...this.vanishedSince.keys()])
      if (!keep.some((p) => p.deviceId === id)) this.vanishedSince.delete(id);
    if (keep.length === 0) return list;
    this.requestRefresh(VANISH_GRACE_MS / 3);
    return { ...list, pending: [...list.pending, ...keep] };
  }

  private emit(c: EngineChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(c);
      } catch (err) {
        this.log('error', `pairing listener failed: ${errorMessage(err)}`);
      }
    }
  }

  /** Replaces one card's UI state (busy, notice, muted) and tells the listeners. */
  patchCard(deviceId: string, patch: Partial<PairingCard>, drop: (keyof PairingCard)[] = []): void {
    const before = this.modelValue.cards;
    const after = before.map((c) => {
      if (c.deviceId !== deviceId) return c;
      const next: PairingCard = { ...c, ...patch };
      for (const k of drop) delete next[k];
      return next;
    });
    this.modelValue = { ...this.modelValue, cards: after };
    this.emit({ before, after, changes: [] });
  }

  armPendingTimer(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    // Nothing pending: no timer at all, so an idle Clawbar never wakes up.
    if (this.modelValue.cards.length === 0 && this.resets.size === 0) return;
    this.pendingTimer = setTimeout(() => this.requestRefresh(0), this.pendingListIntervalMs);
    this.pendingTimer.unref();
  }

  card(deviceId: string): PairingCard | undefined {
    return this.modelValue.cards.find((c) => c.deviceId === deviceId);
  }

  paired(deviceId: string): PairedDevice | undefined {
    return this.lastList.paired.find((d) => d.deviceId === deviceId);
  }

  /** The device's newest request that still waits for a decision. */
  livePending(deviceId: string): PendingRequest | undefined {
    const paired = this.paired(deviceId);
    return this.lastList.pending
      .filter((p) => p.deviceId === deviceId && !alreadyGranted(p, paired))
      .sort((a, b) => b.ts - a.ts)[0];
  }

  // ---- decisions (each in its own module) ----

  /** `critical`: the approval adds full control or a role (the user confirmed twice); the record says so. */
  approve(intent: ApproveBinding, opts: { critical?: boolean } = {}): Promise<ActionResult> {
    return approve(this, intent, opts);
  }
  reject(deviceId: string, requestId: string): Promise<ActionResult> {
    return decide.reject(this, deviceId, requestId);
  }
  mute(deviceId: string, minutes: number): Promise<ActionResult> {
    return decide.mute(this, deviceId, minutes);
  }
  unmute(deviceId: string): Promise<ActionResult> {
    return decide.unmute(this, deviceId);
  }
  setIgnored(deviceId: string, ignored: boolean): Promise<ActionResult> {
    return decide.setIgnored(this, deviceId, ignored);
  }
  remove(deviceId: string): Promise<ActionResult> {
    return decide.remove(this, deviceId);
  }
  reset(deviceId: string, shown?: DeviceGrant): Promise<ActionResult> {
    return reset(this, deviceId, shown);
  }
  rotateToken(deviceId: string, role: string): Promise<ActionResult> {
    return decide.tokenAction(this, 'rotate', deviceId, role);
  }
  revokeToken(deviceId: string, role: string): Promise<ActionResult> {
    return decide.tokenAction(this, 'revoke', deviceId, role);
  }
  rename(deviceId: string, label: string): Promise<ActionResult> {
    return decide.rename(this, deviceId, label);
  }
}
