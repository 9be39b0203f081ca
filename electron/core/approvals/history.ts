// Every exec and plugin approval that leaves becomes one audit entry: which approval, what would have
// run (escaped, truncated with a marker), the decision, who decided (Clawbar, another client, expiry)
// and how long it waited for the decision.
import type { HistoryEntry } from '../contract/views.ts';
import { visibleText } from '../present/visibleText.ts';
import type { ApprovalOutcome } from './tracker.ts';

/** Longest command kept in the audit log (the marker included). */
export const AUDIT_COMMAND_MAX = 300;

const BY: Readonly<Record<ApprovalOutcome['by'], HistoryEntry['by']>> = {
  clawbar: 'user',
  other: 'other-client',
  expiry: 'gateway',
};

export function approvalHistoryEntry(o: ApprovalOutcome): HistoryEntry {
  const a = o.approval;
  const what = a.kind === 'exec' ? a.request.command : a.request.title;
  const decision = o.by === 'expiry' || o.decision === null ? 'expired' : o.decision;
  // The detail line says who decided in words the History screen shows as is.
  const who =
    o.by === 'clawbar'
      ? 'Decided by you in Clawbar'
      : o.by === 'expiry'
        ? 'Nobody decided before it expired'
        : `Decided by ${o.resolvedBy ?? 'another client'}`;
  return {
    ts: o.at,
    action: decision === 'expired' ? 'observed' : decision === 'deny' ? 'reject' : 'approve',
    outcome: decision,
    by: BY[o.by],
    deviceId: '',
    // History reads "Approved <what>": the command (or plugin title) short; the agent in the detail.
    displayName: visibleText(what, { max: 80 }),
    latencyMs: Math.max(0, o.at - a.createdAtMs),
    detail: visibleText(`${who}${a.request.agentId ? ` · agent ${a.request.agentId}` : ''}`, { max: 1000 }),
    approvalKind: a.kind,
    approvalId: visibleText(a.id, { max: 200 }),
    command: visibleText(what, { max: AUDIT_COMMAND_MAX }),
    decision,
  };
}
