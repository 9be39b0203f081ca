// Which approvals are critical (they add full control, or a role the device did not have) and the
// question the second confirmation asks, naming exactly what approving grants.
import type { PairingCard } from '../contract/views.ts';
import type { ConfirmRequest } from '../app/types.ts';

export const ADMIN_SCOPE = 'operator.admin';

/** Approving this card adds operator.admin, another critical scope, or a new role. */
export function isCriticalGrant(card: PairingCard): boolean {
  if (card.kind === 'role-upgrade') return true;
  if (card.adds.some((l) => l.risk === 'critical')) return true;
  return card.scopes.includes(ADMIN_SCOPE) && !card.alreadyAllowed.some((l) => l.scope === ADMIN_SCOPE);
}

/** What approving grants, in plain words with the scope names in brackets. */
export function grantWords(card: PairingCard): string {
  const adds = card.adds.length ? card.adds : card.scopes.map((scope) => ({ scope, label: scope }));
  const scopes = adds.map((l) => `${l.label} (${l.scope})`).join(', ');
  const role = card.kind === 'role-upgrade' ? `the ${card.roles.join(', ')} role` : `the ${card.role} role`;
  return scopes ? `${scopes} as ${role}` : role;
}

/** The second confirmation for an approval; `critical` asks the system's authentication where it can. */
export function approvalQuestion(card: PairingCard, critical: boolean): ConfirmRequest {
  const name = `“${card.requester.displayName}”`;
  const from = card.requester.remoteIp ? ` It asks from ${card.requester.remoteIp}.` : '';
  return {
    purpose: 'critical-grant',
    title: critical
      ? `Give ${name} ${card.kind === 'role-upgrade' ? 'a new role' : 'full control'}?`
      : `Approve ${name}?`,
    message: `Approve ${name} for ${grantWords(card)}.${from}`,
    confirmLabel: 'Approve',
    systemAuth: true,
  };
}
