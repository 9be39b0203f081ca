// Native notifications as a diff of cards: at most one live notification per device, however often the
// device retries; a new notification only when something new arrives.
import type { NotificationActionId, NotificationOp } from '../app/types.ts';
import type { PairingCard } from '../contract/views.ts';
import { joinShortLabels, scopesWithin } from '../pairing/scopes.ts';

/** Muted, ignored and "Not now" cards stay listed but never hold a notification. */
function quiet(card: PairingCard): boolean {
  return card.ignored || card.mutedUntil !== undefined || card.snoozed;
}

/** The device asks for more than the card it replaced (scopes or roles). */
function widened(before: PairingCard, after: PairingCard): boolean {
  return !scopesWithin(after.scopes, before.scopes) || after.roles.some((r) => !before.roles.includes(r));
}

export function notificationTitle(card: PairingCard): string {
  const name = card.requester.displayName;
  switch (card.kind) {
    case 'new-device':
      return `${name} wants to pair`;
    case 'role-upgrade':
      return `${name} wants the ${card.roles.join(', ')} role`;
    case 'scope-upgrade':
      return `${name} wants to ${joinShortLabels(card.adds)}`;
    case 'metadata-change':
      return `${name} asks to be approved again`;
  }
}

export function notificationBody(card: PairingCard): string {
  const lines = [card.scopeSummary];
  if (card.kind === 'metadata-change') lines.push('its details changed (e.g. platform); no new access');
  if (card.requester.internalHint) lines.push(card.requester.internalHint);
  else lines.push(`from ${card.requester.location}`);
  return lines.join('\n');
}

function show(type: 'show' | 'update', card: PairingCard): NotificationOp {
  return {
    type,
    deviceId: card.deviceId,
    title: notificationTitle(card),
    body: notificationBody(card),
    card,
    silent: false,
  };
}

export function notificationOps(
  before: readonly PairingCard[],
  after: readonly PairingCard[],
): NotificationOp[] {
  const ops: NotificationOp[] = [];
  const prev = new Map(before.map((c) => [c.deviceId, c]));
  const next = new Map(after.map((c) => [c.deviceId, c]));
  for (const b of before) {
    if (!next.has(b.deviceId) && !quiet(b)) ops.push({ type: 'close', deviceId: b.deviceId });
  }
  for (const a of after) {
    const b = prev.get(a.deviceId);
    const wasLive = b !== undefined && !quiet(b);
    if (quiet(a)) {
      if (wasLive) ops.push({ type: 'close', deviceId: a.deviceId });
    } else if (!b) {
      ops.push(show('show', a));
    } else if (widened(b, a)) {
      // Something new arrived: alert again, even if the old one was snoozed.
      ops.push(show(wasLive ? 'update' : 'show', a));
    } else if (!wasLive) {
      // A mute ended or the device was un-ignored while it still waits.
      ops.push(show('show', a));
    }
    // A refresh or a same-snapshot supersede: the live notification stays as it is.
  }
  return ops;
}

export interface NotificationAction {
  id: NotificationActionId;
  label: string;
}

/** Approve first, then Not now (the shell maps these to native actions). */
export function notificationActions(): NotificationAction[] {
  return [
    { id: 'approve', label: 'Approve' },
    { id: 'not-now', label: 'Not now' },
  ];
}
