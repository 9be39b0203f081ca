// The stateful pairing engine: keeps the reconciled model fresh from the gateway (list after every
// connect, pairing/presence event, seq gap, unknown requestId, and on a timer only while something is
// pending), and carries out the user's decisions so that a click does exactly what the user saw, even
// while the requesting client retries and supersedes its request every second.
import type { ActionResult, ApproveIntent, HistoryEntry, PairingCard } from '../contract/views.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import { GatewayRpcError, GatewayUnavailableError, type GatewayClient } from '../gateway/client.ts';
import { PairList, PendingRequest, PairResolvedEvent, type PairedDevice } from '../gateway/wire.ts';
import { rolesOf } from './classify.ts';
import { alreadyGranted, emptyModel, reconcile, type PairingChange, type PairingModel } from './reconcile.ts';
import { scopeShortLabel, scopesWithin } from './scopes.ts';
import { errorMessage } from '../contract/errors.ts';

export interface EnginePrefs {
  mutedUntil(): Record<string, number>;
  ignored(): string[];
  setMuted(deviceId: string, until: number | null): Promise<void>;
  setIgnored(deviceId: string, ignored: boolean): Promise<void>;
}

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
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  /** Re-list period while anything is pending (expiry is silent on the gateway). */
  pendingListIntervalMs?: number;
  /** How long approve keeps re-listing after `unknown requestId`. */
  approveRetryWindowMs?: number;
  /** How long Reset & re-approve waits for the device to ask again. */
  resetWaitMs?: number;
}

interface ResetJob {
  deviceId: string;
  displayName: string;
  until: number;
}

/** How long a request that vanished with no resolution is kept, while the list is re-read. */
const VANISH_GRACE_MS = 1500;

const PAIRING_EVENTS = new Set([
  'device.pair.requested',
  'device.pair.resolved',
  'device.pair.changed',
  'presence',
]);

function isUnknownRequest(err: unknown): boolean {
  return err instanceof GatewayRpcError && /unknown request/i.test(err.message);
}

export class PairingEngine {
  private modelValue: PairingModel = emptyModel();
  private lastList: PairList = { pending: [], paired: [] };
  private resolvedBuf: PairResolvedEvent[] = [];
  private requestedBuf: PendingRequest[] = [];
  private inflight: Promise<void> | undefined;
  private dirty = false;
  private debounce: NodeJS.Timeout | undefined;
  private debounceDue = 0;
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly listeners = new Set<(c: EngineChange) => void>();
  private readonly resets = new Map<string, ResetJob>();
  /**
   * Devices whose approve went out but whose answer was lost with the connection (deviceId →
   * requestId): when the next lists show it approved, that was the user's approval, not another client's.
   */
  private readonly approveInDoubt = new Map<string, string>();
  /** Devices whose request vanished from the list without any sign of why, and since when (see confirmVanished). */
  private readonly vanishedSince = new Map<string, number>();
  private readonly o: Required<Omit<PairingEngineOptions, 'log'>> & {
    log: NonNullable<PairingEngineOptions['log']>;
  };
  readonly stats = { lists: 0, approves: 0 };

  constructor(o: PairingEngineOptions) {
    this.o = {
      now: Date.now,
      log: () => undefined,
      pendingListIntervalMs: 10_000,
      approveRetryWindowMs: 2000,
      resetWaitMs: 60_000,
      ...o,
    };
  }

  get model(): PairingModel {
    return this.modelValue;
  }

  get cards(): PairingCard[] {
    return this.modelValue.cards;
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
    const c = this.o.client;
    this.unsubscribe.push(
      c.onHello(() => this.requestRefresh(0)),
      c.onGap(() => this.requestRefresh(0)),
      c.onEvent((e) => {
        if (!PAIRING_EVENTS.has(e.event)) return;
        if (e.event === 'device.pair.resolved') {
          const r = PairResolvedEvent.safeParse(e.payload);
          if (r.success) this.resolvedBuf.push(r.data);
        } else if (e.event === 'device.pair.requested') {
          const r = PendingRequest.safeParse(e.payload);
          if (r.success) this.requestedBuf.push(r.data);
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
        this.o.log('warn', `could not list pairing state: ${errorMessage(err)}`),
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
    const raw = await this.o.client.call('device.pair.list');
    const list = PairList.parse(raw);
    this.stats.lists++;
    this.apply(list);
  }

  private apply(list: PairList): void {
    const hello = this.o.client.hello;
    const resolved = this.resolvedBuf.splice(0);
    const requested = this.requestedBuf.splice(0);
    const before = this.modelValue.cards;
    list = this.confirmVanished(list, resolved);
    const { model, changes } = reconcile(this.modelValue, list, {
      now: this.o.now(),
      protocol: hello?.protocol ?? 4,
      selfDeviceId: this.o.client.deviceId,
      mutedUntil: this.o.prefs.mutedUntil(),
      ignored: this.o.prefs.ignored(),
      resolved,
      requested,
    });
    this.lastList = list;
    this.modelValue = model;
    this.auditChanges(changes);
    this.armPendingTimer();
    this.emit({ before, after: model.cards, changes });
  }

  /**
   * A request that leaves the list with no resolved event and no paired record covering it is kept for
   * up to VANISH_GRACE_MS while the list is re-read. Under load (dozens of clients refreshing their requests) a gateway that stores
   * pending requests in a JSON file can answer one list without them; a card that closed and reopened
   * would notify twice (a device superseding its request every second makes such gaps). Expiry and
   * removal are still seen, 1.5 s later.
   */
  private confirmVanished(list: PairList, resolved: readonly PairResolvedEvent[]): PairList {
    const now = this.o.now();
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
        this.o.log('error', `pairing listener failed: ${errorMessage(err)}`);
      }
    }
  }

  /** Replaces one card's UI state (busy, notice, snoozed) and tells the listeners. */
  private patchCard(deviceId: string, patch: Partial<PairingCard>, drop: (keyof PairingCard)[] = []): void {
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

  private armPendingTimer(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    // Nothing pending: no timer at all, so an idle Clawbar never wakes up.
    if (this.modelValue.cards.length === 0 && this.resets.size === 0) return;
    this.pendingTimer = setTimeout(() => this.requestRefresh(0), this.o.pendingListIntervalMs);
    this.pendingTimer.unref();
  }

  private auditChanges(changes: PairingChange[]): void {
    for (const ch of changes) {
      if (ch.type === 'resolved') {
        const inDoubt = this.approveInDoubt.delete(ch.deviceId);
        if (inDoubt && ch.outcome === 'approved') {
          this.audit({
            action: 'approve',
            outcome: 'approved',
            by: 'user',
            deviceId: ch.deviceId,
            requestId: ch.requestId,
            ...(ch.card ? { displayName: ch.card.requester.displayName } : {}),
            ...(ch.scopesBefore ? { scopesBefore: ch.scopesBefore } : {}),
            ...(ch.scopesAfter ? { scopesAfter: ch.scopesAfter } : {}),
            detail: 'the gateway had applied it when the connection was lost',
          });
          continue;
        }
        if (ch.by === 'user') continue; // the action that caused it wrote its own record
        this.audit({
          action: 'observed',
          outcome: ch.by === 'gateway' && ch.outcome === 'approved' ? 'auto-approved' : `${ch.outcome}`,
          by: ch.by,
          deviceId: ch.deviceId,
          requestId: ch.requestId,
          ...(ch.card ? { displayName: ch.card.requester.displayName } : {}),
          ...(ch.scopesBefore ? { scopesBefore: ch.scopesBefore } : {}),
          ...(ch.scopesAfter ? { scopesAfter: ch.scopesAfter } : {}),
        });
      } else if (ch.type === 'widened') {
        this.audit({
          action: 'observed',
          outcome: 'asked for more',
          by: 'other-client',
          deviceId: ch.deviceId,
          requestId: ch.requestId,
          displayName: ch.card.requester.displayName,
          scopesAfter: ch.card.scopes,
          detail: `adds ${ch.addedScopes.join(', ') || ch.addedRoles.join(', ')}`,
        });
      }
    }
  }

  private audit(e: Omit<HistoryEntry, 'ts'> & { ts?: number }): void {
    void this.o.audit
      .append({ ts: this.o.now(), ...e })
      .catch((err: unknown) => this.o.log('error', `could not write the audit log: ${errorMessage(err)}`));
  }

  private card(deviceId: string): PairingCard | undefined {
    return this.modelValue.cards.find((c) => c.deviceId === deviceId);
  }

  private paired(deviceId: string): PairedDevice | undefined {
    return this.lastList.paired.find((d) => d.deviceId === deviceId);
  }

  /** The device's newest request that still waits for a decision (see alreadyGranted). */
  private livePending(deviceId: string): PendingRequest | undefined {
    const paired = this.paired(deviceId);
    return this.lastList.pending
      .filter((p) => p.deviceId === deviceId && !alreadyGranted(p, paired))
      .sort((a, b) => b.ts - a.ts)[0];
  }

  // ---- decisions ----

  /**
   * Approves the device's live request only if it is what the user saw: same public key, same role,
   * and scopes within the shown set. A request that now asks for more is not approved: the card is
   * updated and the user is asked again.
   */
  async approve(intent: ApproveIntent): Promise<ActionResult> {
    const started = this.o.now();
    const shown = this.card(intent.deviceId);
    const name = shown?.requester.displayName ?? intent.deviceId.slice(0, 12);
    this.patchCard(intent.deviceId, { busy: 'approving' }, ['notice']);
    try {
      const r = await this.approveLive(intent, started, { action: 'approve', name });
      if (!r.ok) this.patchCard(intent.deviceId, { notice: r.error }, ['busy']);
      return r;
    } finally {
      if (this.card(intent.deviceId)?.busy === 'approving') this.patchCard(intent.deviceId, {}, ['busy']);
    }
  }

  private async approveLive(
    intent: ApproveIntent,
    started: number,
    ctx: { action: 'approve' | 'reset'; name: string },
  ): Promise<ActionResult> {
    const deadline = started + this.o.approveRetryWindowMs;
    const record = (outcome: string, extra: Partial<HistoryEntry> = {}) =>
      this.audit({
        action: ctx.action,
        outcome,
        by: 'user',
        deviceId: intent.deviceId,
        displayName: ctx.name,
        latencyMs: this.o.now() - started,
        ...extra,
      });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.refresh();
      } catch (err) {
        record('failed', { detail: `could not list requests: ${errorMessage(err)}` });
        return {
          ok: false,
          error: `Could not reach the gateway to approve: ${errorMessage(err)}. Nothing was approved.`,
        };
      }
      const live = this.livePending(intent.deviceId);
      if (!live) {
        const dev = this.paired(intent.deviceId);
        if (dev && scopesWithin(intent.scopes, dev.scopes)) {
          return { ok: true, message: `${ctx.name} is already approved.` };
        }
        record('gone', { detail: 'no live request for this device' });
        return {
          ok: false,
          error: `${ctx.name} has no request waiting any more (it expired or was handled elsewhere).`,
        };
      }
      const refusal = this.mismatch(live, intent);
      if (refusal) {
        record('refused: asks for more than shown', {
          requestId: live.requestId,
          scopesAfter: live.scopes ?? [],
          detail: refusal,
        });
        return { ok: false, error: refusal, code: 'WIDER_THAN_SHOWN' };
      }
      const before = this.paired(intent.deviceId)?.scopes ?? [];
      try {
        await this.o.client.call('device.pair.approve', { requestId: live.requestId });
        this.approveInDoubt.delete(intent.deviceId);
        this.stats.approves++;
        record('approved', {
          requestId: live.requestId,
          scopesBefore: before,
          scopesAfter: [...new Set([...before, ...(live.scopes ?? [])])],
        });
        // Re-list while the card still says "approving", so the resolution is attributed to the user.
        await this.refresh().catch(() => undefined);
        return { ok: true, message: `Approved ${ctx.name}.` };
      } catch (err) {
        if (isUnknownRequest(err) && this.o.now() < deadline) {
          // The device superseded its request between our list and our approve: look again.
          this.o.log(
            'debug',
            `approve: ${live.requestId} was superseded, re-listing (attempt ${attempt + 1})`,
          );
          continue;
        }
        const lost = !(err instanceof GatewayRpcError);
        // Sent, but no answer: only the gateway knows whether it applied it (see auditChanges).
        if (err instanceof GatewayUnavailableError && err.code !== 'NOT_CONNECTED')
          this.approveInDoubt.set(intent.deviceId, live.requestId);
        record(lost ? 'interrupted' : 'failed', { requestId: live.requestId, detail: errorMessage(err) });
        return {
          ok: false,
          error: lost
            ? `The gateway went away during the approval of ${ctx.name}. Clawbar will show the true state when it reconnects.`
            : `The gateway refused the approval: ${errorMessage(err)}`,
        };
      }
    }
  }

  /** Why the live request is not what the user approved, or undefined when it is within it. */
  private mismatch(live: PendingRequest, intent: ApproveIntent): string | undefined {
    if (live.publicKey !== intent.publicKey) {
      return 'A different key is asking for this device now. Nothing was approved: review the request again.';
    }
    const roles = rolesOf(live);
    if (roles.some((r) => r !== intent.role)) {
      return `It now asks for the role ${roles.join(', ')}, not ${intent.role} as shown. Nothing was approved: review it again.`;
    }
    const extra = (live.scopes ?? []).filter((s) => !scopesWithin([s], intent.scopes));
    if (extra.length) {
      return `It now asks for more than you saw (${extra.map(scopeShortLabel).join(', ')}). Nothing was approved: review it again.`;
    }
    return undefined;
  }

  async reject(deviceId: string, requestId: string): Promise<ActionResult> {
    const started = this.o.now();
    const card = this.card(deviceId);
    const name = card?.requester.displayName ?? deviceId.slice(0, 12);
    this.patchCard(deviceId, { busy: 'rejecting' }, ['notice']);
    try {
      await this.refresh();
      // Reject the device's live request (the one shown may have been superseded by a retry).
      const live = this.livePending(deviceId);
      const id = live?.requestId ?? requestId;
      await this.o.client.call('device.pair.reject', { requestId: id });
      this.audit({
        action: 'reject',
        outcome: 'rejected',
        by: 'user',
        deviceId,
        requestId: id,
        displayName: name,
        latencyMs: this.o.now() - started,
      });
      await this.refresh().catch(() => undefined);
      return { ok: true, message: `Rejected ${name}.` };
    } catch (err) {
      this.audit({
        action: 'reject',
        outcome: 'failed',
        by: 'user',
        deviceId,
        displayName: name,
        detail: errorMessage(err),
      });
      this.patchCard(deviceId, { notice: `Could not reject: ${errorMessage(err)}` }, ['busy']);
      return { ok: false, error: `Could not reject ${name}: ${errorMessage(err)}` };
    } finally {
      if (this.card(deviceId)?.busy === 'rejecting') this.patchCard(deviceId, {}, ['busy']);
    }
  }

  /** "Not now": the card stays, no new notification until the device asks for something new. */
  notNow(deviceId: string): ActionResult {
    const card = this.card(deviceId);
    if (!card) return { ok: false, error: 'That request is gone.' };
    this.patchCard(deviceId, { snoozed: true });
    this.audit({
      action: 'not-now',
      outcome: 'snoozed',
      by: 'user',
      deviceId,
      requestId: card.requestId,
      displayName: card.requester.displayName,
    });
    return { ok: true };
  }

  async mute(deviceId: string, minutes: number): Promise<ActionResult> {
    const until = this.o.now() + Math.max(1, minutes) * 60_000;
    await this.o.prefs.setMuted(deviceId, until);
    const card = this.card(deviceId);
    if (card) this.patchCard(deviceId, { mutedUntil: until });
    this.audit({
      action: 'mute',
      outcome: `muted for ${minutes} min`,
      by: 'user',
      deviceId,
      ...(card ? { displayName: card.requester.displayName } : {}),
    });
    return { ok: true, message: `Muted for ${minutes} minutes.` };
  }

  async setIgnored(deviceId: string, ignored: boolean): Promise<ActionResult> {
    await this.o.prefs.setIgnored(deviceId, ignored);
    if (this.card(deviceId)) this.patchCard(deviceId, { ignored });
    return { ok: true };
  }

  async remove(deviceId: string): Promise<ActionResult> {
    const dev = this.paired(deviceId);
    const name = dev?.displayName ?? deviceId.slice(0, 12);
    try {
      await this.o.client.call('device.pair.remove', { deviceId });
      this.audit({
        action: 'remove',
        outcome: 'removed',
        by: 'user',
        deviceId,
        displayName: name,
        ...(dev ? { scopesBefore: dev.scopes, scopesAfter: [] } : {}),
      });
      await this.refresh().catch(() => undefined);
      return { ok: true, message: `Removed ${name}. It must pair again to connect.` };
    } catch (err) {
      this.audit({
        action: 'remove',
        outcome: 'failed',
        by: 'user',
        deviceId,
        displayName: name,
        detail: errorMessage(err),
      });
      return { ok: false, error: `Could not remove ${name}: ${errorMessage(err)}` };
    }
  }

  /**
   * Reset & re-approve: remove the device, wait for its next request, and approve it when it asks for
   * no more than it had before (otherwise leave it for the user to decide).
   */
  async reset(deviceId: string): Promise<ActionResult> {
    const started = this.o.now();
    if (deviceId === this.o.client.deviceId) {
      return {
        ok: false,
        error: 'This is Clawbar itself. Use "Forget identity" in Settings to pair Clawbar anew.',
      };
    }
    await this.refresh().catch(() => undefined);
    const dev = this.paired(deviceId);
    if (!dev) return { ok: false, error: 'That device is not paired.' };
    if (this.resets.has(deviceId))
      return { ok: false, error: 'A reset of this device is already under way.' };
    const name = dev.operatorLabel ?? dev.displayName ?? deviceId.slice(0, 12);
    const roles = rolesOf(dev);
    const job: ResetJob = { deviceId, displayName: name, until: started + this.o.resetWaitMs };
    this.resets.set(deviceId, job);
    try {
      try {
        await this.o.client.call('device.pair.remove', { deviceId });
      } catch (err) {
        this.audit({
          action: 'reset',
          outcome: 'failed',
          by: 'user',
          deviceId,
          displayName: name,
          detail: `remove failed: ${errorMessage(err)}`,
        });
        return { ok: false, error: `Could not reset ${name}: ${errorMessage(err)}. Nothing was changed.` };
      }
      this.audit({
        action: 'reset',
        outcome: 'removed, waiting for it to ask again',
        by: 'user',
        deviceId,
        displayName: name,
        scopesBefore: dev.scopes,
      });
      while (this.o.now() < job.until) {
        await this.refresh().catch(() => undefined);
        const live = this.livePending(deviceId);
        if (live && live.publicKey === dev.publicKey) {
          const role = live.role ?? rolesOf(live)[0] ?? roles[0] ?? 'operator';
          if (!roles.includes(role)) break;
          this.patchCard(deviceId, { busy: 'approving' });
          const r = await this.approveLive(
            { deviceId, publicKey: dev.publicKey, role, scopes: dev.scopes },
            started,
            { action: 'reset', name },
          );
          if (!r.ok) this.patchCard(deviceId, { notice: r.error }, ['busy']);
          return r.ok
            ? { ok: true, message: `Reset ${name} and approved it again with the access it had.` }
            : r;
        }
        if (live) break; // another key asks under this id: leave it to the user
        const again = this.paired(deviceId);
        if (again && again.publicKey === dev.publicKey) {
          this.audit({
            action: 'reset',
            outcome: 're-paired by the gateway',
            by: 'gateway',
            deviceId,
            displayName: name,
            scopesAfter: again.scopes,
          });
          return { ok: true, message: `Reset ${name}; the gateway paired it again by itself.` };
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      if (this.livePending(deviceId)) {
        this.audit({
          action: 'reset',
          outcome: 'asks for more than before: left for review',
          by: 'user',
          deviceId,
          displayName: name,
        });
        return {
          ok: false,
          error: `${name} asks for more than it had before. Nothing was approved: review its request.`,
        };
      }
      this.audit({
        action: 'reset',
        outcome: 'timed out',
        by: 'user',
        deviceId,
        displayName: name,
        latencyMs: this.o.now() - started,
      });
      return {
        ok: false,
        error: `${name} was removed but did not ask again within ${Math.round(this.o.resetWaitMs / 1000)} s. It stays removed; its next connection will show up under Pending.`,
        code: 'RESET_TIMEOUT',
      };
    } finally {
      this.resets.delete(deviceId);
      this.armPendingTimer();
    }
  }

  async rotateToken(deviceId: string, role: string): Promise<ActionResult> {
    return this.tokenAction('rotate', deviceId, role);
  }

  async revokeToken(deviceId: string, role: string): Promise<ActionResult> {
    return this.tokenAction('revoke', deviceId, role);
  }

  private async tokenAction(
    kind: 'rotate' | 'revoke',
    deviceId: string,
    role: string,
  ): Promise<ActionResult> {
    const name = this.paired(deviceId)?.displayName ?? deviceId.slice(0, 12);
    try {
      // The rotated token comes back in the result: it is the device's secret, so it is dropped here.
      await this.o.client.call(`device.token.${kind}`, { deviceId, role });
      this.audit({
        action: kind,
        outcome: kind === 'rotate' ? 'rotated' : 'revoked',
        by: 'user',
        deviceId,
        displayName: name,
        detail: `role ${role}`,
      });
      await this.refresh().catch(() => undefined);
      return {
        ok: true,
        message:
          kind === 'rotate'
            ? `Issued ${name} a new ${role} token; the old one no longer works.`
            : `Revoked ${name}'s ${role} token.`,
      };
    } catch (err) {
      this.audit({
        action: kind,
        outcome: 'failed',
        by: 'user',
        deviceId,
        displayName: name,
        detail: errorMessage(err),
      });
      return { ok: false, error: `Could not ${kind} the token of ${name}: ${errorMessage(err)}` };
    }
  }

  async rename(deviceId: string, label: string): Promise<ActionResult> {
    if (!this.o.client.hasMethod('device.pair.rename')) {
      return { ok: false, error: 'This gateway cannot rename devices (it needs OpenClaw 2026.9 or newer).' };
    }
    try {
      await this.o.client.call('device.pair.rename', { deviceId, label });
      this.audit({ action: 'rename', outcome: 'renamed', by: 'user', deviceId, displayName: label });
      await this.refresh().catch(() => undefined);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: `Could not rename: ${errorMessage(err)}` };
    }
  }
}
