// Where the settle rule (inbox/settle.ts) meets the running core: when each path first showed each
// revision, and the check every decision goes through before it reaches the gateway. Exec and plugin
// decisions use the same check; a reset uses it on the device's grant revision (what it holds).
import type { DeviceView, InboxItem } from '../contract/views.ts';
import type { MenuItem } from '../present/types.ts';
import { settleVerdict, type DecisionPath, type SettleVerdict } from '../inbox/settle.ts';
import type { Inbox } from '../inbox/inbox.ts';
import { grantFingerprint, type DeviceGrant } from '../pairing/reset.ts';

/** Entries kept per path (items that left are forgotten oldest first). */
export const MAX_SHOWN = 2000;

/** The key under which a paired device's grant revision is shown (never an inbox item's key). */
export const grantKey = (deviceId: string): string => `grant:${deviceId}`;

/**
 * A revision per paired device of what it holds (key, roles, scopes), bumped whenever that changes.
 * A reset names the revision its dialog showed: it re-approves exactly that grant, so it must be current
 * and settled like any other decision.
 */
export class GrantRevisions {
  private readonly byDevice = new Map<string, { fingerprint: string; revision: number; revisedAt: number }>();

  /** The device's current grant revision; a changed grant gets the next one, dated `now`. */
  of(deviceId: string, grant: DeviceGrant, now: number): { revision: number; revisedAt: number } {
    const fingerprint = grantFingerprint(grant);
    const prev = this.byDevice.get(deviceId);
    if (prev && prev.fingerprint === fingerprint) return prev;
    const next = { fingerprint, revision: (prev?.revision ?? 0) + 1, revisedAt: now };
    this.byDevice.delete(deviceId);
    this.byDevice.set(deviceId, next);
    if (this.byDevice.size > MAX_SHOWN) this.byDevice.delete(this.byDevice.keys().next().value as string);
    return next;
  }

  /** The views with their grant revision (the panel and the tray name it in a reset). */
  stamp(devices: readonly DeviceView[], now: number): DeviceView[] {
    return devices.map((d) => ({ ...d, revision: this.of(d.deviceId, d, now).revision }));
  }
}

/** When the tray and the notifications first showed each item's revision (and each device's grant). */
export class ShownTimes {
  private readonly seen = new Map<string, { revision: number; at: number }>();
  readonly grants = new GrantRevisions();

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
    else if (m.type === 'action' && m.action.kind === 'reset')
      shown.saw('tray', grantKey(m.action.deviceId), m.action.revision, at);
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

/** Why a reset named `revision` of a device's grant does not count, in plain words; undefined when it does. */
export function checkReset(
  shown: ShownTimes,
  device: { deviceId: string; displayName: string } & DeviceGrant,
  revision: number,
  path: Exclude<DecisionPath, 'notification'>,
  now: number = Date.now(),
): string | undefined {
  const current = shown.grants.of(device.deviceId, device, now);
  const verdict = settleVerdict({
    current,
    revision,
    path,
    pathShownAt: shown.at(path, grantKey(device.deviceId), current.revision),
    now,
    name: `“${device.displayName}”`,
  });
  if (verdict.ok) return undefined;
  const name = `“${device.displayName}”`;
  const ago = `${current.revision > 1 ? 'changed' : 'was listed'} ${(Math.max(0, now - current.revisedAt) / 1000).toFixed(1)} s ago`;
  switch (verdict.reason) {
    case 'changed':
      return `The access of ${name} ${ago} — look again; nothing was reset.`;
    case 'settling':
      return `The access of ${name} ${ago} — look again; Reset works in a moment. Nothing was reset.`;
    default:
      return `What ${name} holds now was not shown there yet — look again; nothing was reset.`;
  }
}
