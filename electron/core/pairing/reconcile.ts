// The reconciled pairing model: one card per device, rebuilt from each `device.pair.list` result plus
// the events seen since the last one. Pure: the engine owns the socket, the clock and the audit log.
//
// Expiry (a pending request lives 5 min): both gateways prune expired requests when they list, so the list
// is the authority; between lists we drop a card by our clock only when we know the gateway's rule
// exactly. Protocol 3 (4.12) expires at `ts` + 5 min. Protocol 4 (9.6) expires at `refreshedAtMs ?? ts`
// + 5 min, but 9.6 strips `refreshedAtMs` from the published list (toPublicPendingDevicePairingRequest),
// so without it a listed request may have been refreshed: we keep it while the gateway lists it.
import type { ApproveBinding, DeviceView, HistoryEntry, PairingCard } from '../contract/views.ts';
import type { PairList, PairResolvedEvent, PairedDevice, PendingRequest } from '../gateway/wire.ts';
import { classifyRequest, keyFingerprint, requester, rolesOf } from './classify.ts';
import { deviceViews } from './devices.ts';
import { scopesWithin } from './scopes.ts';

export const PAIRING_TTL_MS = 5 * 60_000;
/**
 * A request the gateway marked `silent` is one it approves by itself (first local pairing) within
 * milliseconds: it becomes a card only if it is still waiting after this long.
 */
export const SILENT_GRACE_MS = 10_000;
/** Request ids remembered per device (to count supersedes and match late events). */
const MAX_REMEMBERED_IDS = 32;

/** Per-device memory that must survive between reconciles (not shown). */
export interface DeviceMemory {
  /** Request ids this card has carried, newest last. */
  requestIds: string[];
  /** The live request's `ts` and `refreshedAtMs`, to notice refreshes. */
  ts: number;
  refreshedAtMs?: number;
  /** The live request was marked silent (the gateway may approve it by itself). */
  silent: boolean;
}

export interface PairingModel {
  cards: PairingCard[];
  devices: DeviceView[];
  memory: Record<string, DeviceMemory>;
}

export interface ReconcileContext {
  now: number;
  /** Negotiated protocol: 3 (2026.4.12) or 4 (2026.9.6); picks the expiry rule. */
  protocol: number;
  selfDeviceId?: string | undefined;
  mutedUntil: Record<string, number>;
  ignored: readonly string[];
  /** `device.pair.resolved` payloads seen since the last reconcile. */
  resolved: readonly PairResolvedEvent[];
  /** `device.pair.requested` payloads seen since the last reconcile (optional: counts supersedes the list missed). */
  requested?: readonly PendingRequest[];
  /** The gateway runs on this machine (a request without an address is local). Default true. */
  localGateway?: boolean;
}

export type ResolvedOutcome = 'approved' | 'rejected' | 'expired' | 'removed';

export type PairingChange =
  | { type: 'appeared'; deviceId: string; requestId: string; card: PairingCard }
  | { type: 'refreshed'; deviceId: string; requestId: string; card: PairingCard }
  | {
      type: 'superseded';
      deviceId: string;
      requestId: string;
      previousRequestId: string;
      count: number;
      card: PairingCard;
    }
  | {
      type: 'widened';
      deviceId: string;
      requestId: string;
      previousRequestId: string;
      count: number;
      addedScopes: string[];
      addedRoles: string[];
      card: PairingCard;
    }
  | {
      type: 'resolved';
      deviceId: string;
      requestId: string;
      /**
       * approved: the device is now paired and covers the request (or an approval event came);
       * rejected: a rejection event for the live request; expired: past its TTL;
       * removed: it left the list with no decision we can see (e.g. a CLI local-fallback rejection
       * or the device record was removed).
       */
      outcome: ResolvedOutcome;
      by: HistoryEntry['by'];
      /** The card as it was last shown; absent for a request Clawbar never listed (e.g. a silent approval). */
      card?: PairingCard;
      scopesBefore?: string[];
      scopesAfter?: string[];
    };

export interface ReconcileResult {
  model: PairingModel;
  changes: PairingChange[];
}

export function emptyModel(): PairingModel {
  return { cards: [], devices: [], memory: {} };
}

/** What the user sees on a card is exactly what an approval may grant. */
export function approveIntentOf(card: PairingCard): ApproveBinding {
  return { deviceId: card.deviceId, publicKey: card.publicKey, role: card.role, scopes: [...card.scopes] };
}

interface Expiry {
  expiresAt: number;
  /** We know the gateway's rule exactly, so our clock may drop the request. */
  exact: boolean;
}

export function expiryOf(p: PendingRequest, protocol: number, now: number): Expiry {
  if (protocol < 4) return { expiresAt: p.ts + PAIRING_TTL_MS, exact: true };
  if (p.refreshedAtMs !== undefined) return { expiresAt: p.refreshedAtMs + PAIRING_TTL_MS, exact: true };
  // Refreshes are invisible here: the request lives at least until ts + TTL, and at least until now.
  return { expiresAt: Math.max(p.ts + PAIRING_TTL_MS, now), exact: false };
}

function isExpired(p: PendingRequest, protocol: number, now: number): boolean {
  const e = expiryOf(p, protocol, now);
  return e.exact && now >= e.expiresAt;
}

/** Trimmed, ASCII-lowercased device metadata, as the gateway compares it when it pins a platform. */
function pinnedMetadata(value: string | undefined): string {
  return (value ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * A request made moot by an approval that landed while it was being made: the device's paired record
 * (same public key) was approved no later than the request was created and already grants all of it,
 * as the gateway itself checks a connect: every role with a live token, every scope, and the pinned
 * platform and device family. Nobody has anything left to decide on it.
 *
 * Both gateways read the paired record outside their pairing lock when a connect arrives: a retry
 * that read it just before an approval files a new request for what was just granted, right after it
 * (real 4.12 and 9.6: `resolved` for the approved id, then `requested` for a new id a few ms later,
 * listed next to the widened paired record). The gateway keeps that request until its 5-minute TTL
 * while the device connects with its new scopes. Shown, it would re-open the card the user just
 * approved (or carry the card over to it) for five minutes.
 *
 * Only operator requests qualify (the scope rule for other roles is not mirrored here), and any doubt
 * (no approval time, a revoked token, another platform) keeps the request live.
 */
export function alreadyGranted(p: PendingRequest, paired: PairedDevice | undefined): boolean {
  if (!paired || paired.publicKey !== p.publicKey) return false;
  if (paired.approvedAtMs === undefined || p.ts < paired.approvedAtMs) return false;
  const roles = rolesOf(p);
  if (roles.length === 0 || roles.some((r) => r !== 'operator')) return false;
  const heldRoles = rolesOf(paired);
  const liveToken = (role: string) =>
    paired.tokens.some((t) => t.role === role && t.revokedAtMs === undefined);
  if (!roles.every((r) => heldRoles.includes(r) && liveToken(r))) return false;
  if (!scopesWithin(p.scopes ?? [], paired.scopes)) return false;
  for (const key of ['platform', 'deviceFamily'] as const) {
    const pinned = pinnedMetadata(paired[key]);
    if (pinned !== '' && pinnedMetadata(p[key]) !== pinned) return false;
  }
  return true;
}

/** The newest live request per device (the list is newest first, but do not rely on it). */
function liveByDevice(
  pending: readonly PendingRequest[],
  paired: ReadonlyMap<string, PairedDevice>,
  ctx: ReconcileContext,
) {
  const live = new Map<string, PendingRequest>();
  const expiredDevices = new Set<string>();
  for (const p of pending) {
    if (p.silent === true && ctx.now - p.ts < SILENT_GRACE_MS) continue;
    if (alreadyGranted(p, paired.get(p.deviceId))) continue;
    if (isExpired(p, ctx.protocol, ctx.now)) {
      expiredDevices.add(p.deviceId);
      continue;
    }
    const cur = live.get(p.deviceId);
    if (!cur || p.ts > cur.ts) live.set(p.deviceId, p);
  }
  return { live, expiredDevices };
}

function remember(ids: readonly string[], more: readonly string[]): string[] {
  const out = [...ids];
  for (const id of more) if (!out.includes(id)) out.push(id);
  return out.slice(-MAX_REMEMBERED_IDS);
}

export function reconcile(prev: PairingModel, list: PairList, ctx: ReconcileContext): ReconcileResult {
  const { now } = ctx;
  const changes: PairingChange[] = [];
  const prevCards = new Map(prev.cards.map((c) => [c.deviceId, c]));
  const paired = new Map(list.paired.map((d) => [d.deviceId, d]));
  const { live, expiredDevices } = liveByDevice(list.pending, paired, ctx);
  const cards: PairingCard[] = [];
  const memory: Record<string, DeviceMemory> = {};

  for (const [deviceId, p] of live) {
    const before = prevCards.get(deviceId);
    const mem = prev.memory[deviceId];
    const base = buildCard(p, paired.get(deviceId), ctx);
    const requestedIds = (ctx.requested ?? [])
      .filter((r) => r.deviceId === deviceId)
      .sort((a, b) => a.ts - b.ts)
      .map((r) => r.requestId);
    if (!before || !mem) {
      cards.push(base);
      changes.push({ type: 'appeared', deviceId, requestId: p.requestId, card: base });
    } else if (before.requestId === p.requestId) {
      const refreshed =
        (p.refreshedAtMs !== undefined && p.refreshedAtMs > (mem.refreshedAtMs ?? mem.ts)) ||
        requestedIds.includes(p.requestId);
      const card = carry(base, before, { retries: refreshed ? 1 : 0, supersedes: 0 });
      cards.push(card);
      if (refreshed) changes.push({ type: 'refreshed', deviceId, requestId: p.requestId, card });
    } else {
      // Count every new id this device went through since the last list, not only the one listed now.
      const fresh = [...requestedIds, p.requestId].filter(
        (id, i, all) => all.indexOf(id) === i && !mem.requestIds.includes(id),
      );
      const count = Math.max(1, fresh.length);
      const addedScopes = (p.scopes ?? []).filter((s) => !scopesWithin([s], before.scopes));
      const addedRoles = rolesOf(p).filter((r) => !before.roles.includes(r));
      const widened = addedScopes.length > 0 || addedRoles.length > 0;
      const card = carry(base, before, { retries: count, supersedes: count });
      cards.push(card);
      const common = { deviceId, requestId: p.requestId, previousRequestId: before.requestId, count, card };
      changes.push(
        widened ? { type: 'widened', ...common, addedScopes, addedRoles } : { type: 'superseded', ...common },
      );
    }
    memory[deviceId] = {
      requestIds: remember(mem && before ? mem.requestIds : [], [...requestedIds, p.requestId]),
      ts: p.ts,
      ...(p.refreshedAtMs !== undefined ? { refreshedAtMs: p.refreshedAtMs } : {}),
      silent: p.silent === true,
    };
  }

  const prevDeviceIds = new Set(prev.devices.map((d) => d.deviceId));
  for (const before of prev.cards) {
    if (live.has(before.deviceId)) continue;
    const mem = prev.memory[before.deviceId];
    changes.push(
      resolvedChange(before, mem, paired.get(before.deviceId), {
        events: ctx.resolved,
        expiredListed: expiredDevices.has(before.deviceId),
        wasPaired: prevDeviceIds.has(before.deviceId),
        now,
      }),
    );
  }
  changes.push(...unlistedApprovals(prev, paired, ctx, live));

  cards.sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.deviceId.localeCompare(b.deviceId));
  const devices = deviceViews(list.paired, { selfDeviceId: ctx.selfDeviceId, previous: prev.devices });
  return { model: { cards, devices, memory }, changes };
}

function buildCard(
  p: PendingRequest,
  pairedRec: PairedDevice | undefined,
  ctx: ReconcileContext,
): PairingCard {
  const c = classifyRequest(p, pairedRec);
  const roles = rolesOf(p);
  const muted = ctx.mutedUntil[p.deviceId];
  return {
    deviceId: p.deviceId,
    requestId: p.requestId,
    publicKey: p.publicKey,
    kind: c.kind,
    requester: requester(p, { localGateway: ctx.localGateway ?? true }),
    role: p.role ?? roles[0] ?? 'operator',
    roles,
    scopes: [...new Set(p.scopes ?? [])],
    alreadyAllowed: c.alreadyAllowed,
    adds: c.adds,
    scopeSummary: c.summary,
    risk: c.risk,
    firstSeenAt: Math.min(p.ts, ctx.now),
    lastSeenAt: Math.min(p.refreshedAtMs ?? p.ts, ctx.now),
    retries: 0,
    supersedes: 0,
    expiresAt: expiryOf(p, ctx.protocol, ctx.now).expiresAt,
    ...(muted !== undefined && muted > ctx.now ? { mutedUntil: muted } : {}),
    ignored: ctx.ignored.includes(p.deviceId),
    keyFingerprint: keyFingerprint(p.publicKey),
    ...(pairedRec && pairedRec.publicKey !== p.publicKey ? { keyIsNew: true } : {}),
  };
}

/** Keeps what belongs to the device rather than to one request id: history counters and UI state. */
function carry(
  card: PairingCard,
  before: PairingCard,
  o: { retries: number; supersedes: number },
): PairingCard {
  return {
    ...card,
    firstSeenAt: Math.min(before.firstSeenAt, card.firstSeenAt),
    lastSeenAt: Math.max(before.lastSeenAt, card.lastSeenAt),
    retries: before.retries + o.retries,
    supersedes: before.supersedes + o.supersedes,
    ...(before.notice !== undefined ? { notice: before.notice } : {}),
    ...(before.busy !== undefined ? { busy: before.busy } : {}),
  };
}

function resolvedChange(
  card: PairingCard,
  mem: DeviceMemory | undefined,
  pairedNow: PairedDevice | undefined,
  o: { events: readonly PairResolvedEvent[]; expiredListed: boolean; wasPaired: boolean; now: number },
): PairingChange {
  const ids = new Set([...(mem?.requestIds ?? []), card.requestId]);
  const mine = o.events.filter((e) => ids.has(e.requestId));
  const base = { type: 'resolved' as const, deviceId: card.deviceId, requestId: card.requestId, card };
  const scopesBefore = card.alreadyAllowed.map((l) => l.scope);
  const requestTs = mem?.ts ?? card.firstSeenAt;
  const coveredByList =
    pairedNow !== undefined &&
    scopesWithin(card.scopes, pairedNow.scopes) &&
    card.roles.every((r) => rolesOf(pairedNow).includes(r)) &&
    (pairedNow.approvedAtMs === undefined || pairedNow.approvedAtMs >= requestTs);
  if (mine.some((e) => e.decision === 'approved') || coveredByList) {
    const by = card.busy === 'approving' ? 'user' : mem?.silent ? 'gateway' : 'other-client';
    return {
      ...base,
      outcome: 'approved',
      by,
      scopesBefore,
      ...(pairedNow ? { scopesAfter: [...pairedNow.scopes] } : {}),
    };
  }
  // 9.6 announces a superseded id as "rejected": only a rejection of the live id counts.
  if (mine.some((e) => e.decision === 'rejected' && e.requestId === card.requestId)) {
    return {
      ...base,
      outcome: 'rejected',
      by: card.busy === 'rejecting' ? 'user' : 'other-client',
      scopesBefore,
    };
  }
  if (o.expiredListed || o.now >= card.expiresAt)
    return { ...base, outcome: 'expired', by: 'gateway', scopesBefore };
  const by = card.busy === 'resetting' ? 'user' : 'other-client';
  return {
    ...base,
    outcome: 'removed',
    by,
    scopesBefore,
    ...(o.wasPaired && !pairedNow ? { scopesAfter: [] } : {}),
  };
}

/** Approvals of requests that never became a card (silent local pairing, or approved between two lists). */
function unlistedApprovals(
  prev: PairingModel,
  paired: Map<string, PairedDevice>,
  ctx: ReconcileContext,
  live: Map<string, PendingRequest>,
): PairingChange[] {
  const known = new Set(Object.values(prev.memory).flatMap((m) => m.requestIds));
  for (const c of prev.cards) known.add(c.requestId);
  const out: PairingChange[] = [];
  const seen = new Set<string>();
  for (const e of ctx.resolved) {
    if (e.decision !== 'approved' || known.has(e.requestId) || seen.has(e.requestId)) continue;
    const deviceId = e.deviceId;
    if (!deviceId || live.get(deviceId)?.requestId === e.requestId) continue;
    const device = paired.get(deviceId);
    if (!device) continue;
    seen.add(e.requestId);
    // A silent request is approved by the gateway itself, without a requested event.
    const req = ctx.requested?.find((r) => r.requestId === e.requestId);
    const by = !req || req.silent ? 'gateway' : 'other-client';
    out.push({
      type: 'resolved',
      deviceId,
      requestId: e.requestId,
      outcome: 'approved',
      by,
      scopesAfter: [...device.scopes],
    });
  }
  return out;
}
