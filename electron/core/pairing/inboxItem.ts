// A device's pairing card as an inbox item: what it asks first, who asks second; its fingerprint is
// everything an approval of it would grant, so a change of any of it is a new revision.
import type { PairingCard } from '../contract/views.ts';
import { APPROVE_OR_NOT_NOW, type SourceItem } from '../inbox/types.ts';
import { isCriticalGrant } from './critical.ts';
import { joinShortLabels } from './scopes.ts';

export const DEVICE_KEY_PREFIX = 'device:';

export function deviceKey(deviceId: string): string {
  return `${DEVICE_KEY_PREFIX}${deviceId}`;
}

/** The device id of a `device:<id>` key, or undefined for another kind. */
export function deviceIdOfKey(key: string): string | undefined {
  return key.startsWith(DEVICE_KEY_PREFIX) ? key.slice(DEVICE_KEY_PREFIX.length) : undefined;
}

/** What the device asks, in a few words. */
function asks(card: PairingCard): string {
  switch (card.kind) {
    case 'new-device':
      return card.adds.length ? `Wants to pair (${joinShortLabels(card.adds)})` : 'Wants to pair';
    case 'role-upgrade':
      return `Wants the ${card.roles.join(', ')} role`;
    case 'scope-upgrade':
      return `Wants to ${joinShortLabels(card.adds)}`;
    case 'metadata-change':
      return 'Asks to be approved again';
  }
}

export function deviceTitle(card: PairingCard): string {
  return `${asks(card)} · ${card.requester.displayName}`;
}

export function deviceSummary(card: PairingCard): string {
  const lines = [card.scopeSummary];
  if (card.kind === 'metadata-change') lines.push('its details changed (e.g. platform); no new access');
  if (card.requester.internalHint) lines.push(card.requester.internalHint);
  else lines.push(`from ${card.requester.location}`);
  return lines.join('\n');
}

/** Everything an approval of the card binds: kind, role(s), scopes (sorted) and the public key. */
export function deviceFingerprint(card: PairingCard): string {
  return JSON.stringify([
    card.kind,
    card.role,
    [...card.roles].sort(),
    [...card.scopes].sort(),
    card.publicKey,
  ]);
}

export function deviceItem(card: PairingCard): SourceItem {
  return {
    key: deviceKey(card.deviceId),
    kind: 'device',
    fingerprint: deviceFingerprint(card),
    title: deviceTitle(card),
    summary: deviceSummary(card),
    risk: card.risk,
    // A notification never grants full control or a role: its body opens the card, which confirms twice.
    actions: isCriticalGrant(card)
      ? APPROVE_OR_NOT_NOW.filter((a) => a.id !== 'approve')
      : [...APPROVE_OR_NOT_NOW],
    expiresAt: card.expiresAt,
    // Muted and ignored devices stay listed but never notify.
    quiet: card.ignored || card.mutedUntil !== undefined,
    card,
  };
}
