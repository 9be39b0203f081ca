// The audit of what Clawbar observed rather than did: resolutions by another client or the gateway,
// requests that asked for more, and approvals whose answer was lost but which the gateway applied.
import type { HistoryEntry } from '../contract/views.ts';
import type { PairingChange } from './reconcile.ts';

/**
 * `nameOf`: the device's name as Devices shows it, for a request Clawbar never listed as a card (a silent
 * approval): History names the device, never only its hex id.
 */
export function auditObserved(
  changes: readonly PairingChange[],
  approveInDoubt: Map<string, string>,
  audit: (e: Omit<HistoryEntry, 'ts'>) => void,
  nameOf: (deviceId: string) => string | undefined = () => undefined,
): void {
  for (const ch of changes) {
    if (ch.type === 'resolved') {
      const inDoubt = approveInDoubt.delete(ch.deviceId);
      const displayName = ch.card?.requester.displayName ?? nameOf(ch.deviceId);
      const seen = {
        deviceId: ch.deviceId,
        requestId: ch.requestId,
        ...(displayName !== undefined ? { displayName } : {}),
        ...(ch.scopesBefore ? { scopesBefore: ch.scopesBefore } : {}),
        ...(ch.scopesAfter ? { scopesAfter: ch.scopesAfter } : {}),
      };
      if (inDoubt && ch.outcome === 'approved') {
        audit({
          action: 'approve',
          outcome: 'approved',
          by: 'user',
          ...seen,
          detail: 'the gateway had applied it when the connection was lost',
        });
        continue;
      }
      if (ch.by === 'user') continue; // the action that caused it wrote its own record
      audit({
        action: 'observed',
        outcome: ch.by === 'gateway' && ch.outcome === 'approved' ? 'auto-approved' : `${ch.outcome}`,
        by: ch.by,
        ...seen,
      });
    } else if (ch.type === 'widened') {
      audit({
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
