// What a pending request is, relative to what the device already holds: a new device, a role or scope
// upgrade, or a metadata change; and who is asking, in words a user can judge.
import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { CardKind, Requester, Risk, ScopeLine } from '../contract/views.ts';
import type { PairedDevice, PendingRequest } from '../gateway/wire.ts';
import { visibleText } from '../present/visibleText.ts';
import { diffRisk, maxRisk, scopeDiff, scopeSummary } from './scopes.ts';

export interface Classification {
  kind: CardKind;
  alreadyAllowed: ScopeLine[];
  adds: ScopeLine[];
  /** Roles the request asks for that the device does not hold. */
  addsRoles: string[];
  risk: Risk;
  summary: string;
}

/** The roles a record names: `roles`, plus the single `role` older records carry. */
export function rolesOf(rec: { role?: string | undefined; roles?: string[] | undefined }): string[] {
  const all = [...(rec.roles ?? []), ...(rec.role ? [rec.role] : [])];
  return [...new Set(all)];
}

export function classifyRequest(pending: PendingRequest, paired: PairedDevice | undefined): Classification {
  const requested = pending.scopes ?? [];
  const diff = scopeDiff(paired?.scopes, requested);
  const base = { alreadyAllowed: diff.alreadyAllowed, adds: diff.adds, summary: scopeSummary(diff) };
  if (!paired) return { kind: 'new-device', ...base, addsRoles: [], risk: diffRisk(diff) };
  const held = rolesOf(paired);
  const addsRoles = rolesOf(pending).filter((r) => !held.includes(r));
  if (addsRoles.length) {
    // A new role is a new kind of access (e.g. a node that runs commands): never rate it below high.
    const summary = `${base.summary} · new role: ${addsRoles.join(', ')}`;
    return { kind: 'role-upgrade', ...base, summary, addsRoles, risk: maxRisk([diffRisk(diff)], 'high') };
  }
  if (diff.adds.length) return { kind: 'scope-upgrade', ...base, addsRoles, risk: diffRisk(diff) };
  return { kind: 'metadata-change', ...base, addsRoles, risk: 'low' };
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x). */
export function isLoopback(ip: string): boolean {
  const v = isIP(ip);
  if (v === 0) return ip === 'localhost';
  return loopback.check(ip, v === 6 ? 'ipv6' : 'ipv4');
}

export interface RequesterContext {
  /** The gateway runs on this machine: a request without an address came over loopback. */
  localGateway: boolean;
}

export const INTERNAL_CLIENT_ID = 'gateway-client';
/** A claim the request makes about itself (any client can send this id), shown as a claim. */
export const INTERNAL_CLIENT_HINT =
  "says it is OpenClaw's internal client (an agent or subagent inside the gateway)";

/** Longest display name shown on cards, notifications, the tray and history (the full value is in details). */
export const DISPLAY_NAME_MAX = 64;

export function shortDeviceId(deviceId: string): string {
  return deviceId.slice(0, 8);
}

export function requester(pending: PendingRequest, ctx: RequesterContext): Requester {
  const ip = pending.remoteIp?.trim() || undefined;
  // "this Mac" only when both ends are this machine: the gateway is on loopback and so was the request.
  // (the gateway omits the address of a loopback request).
  const local = ctx.localGateway && (ip === undefined || isLoopback(ip));
  const shownIp = ip === undefined ? undefined : visibleText(ip, { max: 64 });
  const location = local ? `this Mac (${shownIp ?? 'loopback'})` : (shownIp ?? 'unknown address');
  const raw =
    pending.displayName?.trim() || pending.clientId?.trim() || `device ${shortDeviceId(pending.deviceId)}`;
  const displayName = visibleText(raw, { max: DISPLAY_NAME_MAX });
  return {
    displayName,
    ...(displayName !== raw ? { fullName: visibleText(raw) } : {}),
    ...(pending.clientId !== undefined ? { clientId: visibleText(pending.clientId, { max: 128 }) } : {}),
    ...(pending.clientMode !== undefined ? { clientMode: visibleText(pending.clientMode, { max: 64 }) } : {}),
    ...(pending.platform !== undefined ? { platform: visibleText(pending.platform, { max: 64 }) } : {}),
    ...(pending.deviceFamily !== undefined
      ? { deviceFamily: visibleText(pending.deviceFamily, { max: 64 }) }
      : {}),
    ...(shownIp !== undefined ? { remoteIp: shownIp } : {}),
    location,
    ...(local && pending.clientId === INTERNAL_CLIENT_ID ? { internalHint: INTERNAL_CLIENT_HINT } : {}),
  };
}

/** A short, readable fingerprint of a public key: the first 16 hex digits of its SHA-256, in groups of 4. */
export function keyFingerprint(publicKey: string): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
  return hex.match(/.{4}/g)!.join(' ');
}
