// A decision on an exec or plugin approval, bound to the revision the user saw: nothing is decided
// when the approval is gone or asks something else now (the card then says so), "Always allow" asks a
// second confirmation (system authentication where the OS has it), and the gateway is sent exactly
// the fingerprint of that revision, so a record that changes while the decision travels is refused too.
import type { ConfirmRequest } from '../app/types.ts';
import type { ActionResult, ApprovalDecision } from '../contract/views.ts';
import type { Inbox } from '../inbox/inbox.ts';
import { isApprovalItem, type ApprovalInboxItem, type ApprovalSource } from './source.ts';

export interface ApprovalDecisionDeps {
  inbox: Pick<Inbox, 'item' | 'fingerprint'>;
  /** The current connection's approvals (undefined while not connected). */
  source(): ApprovalSource | undefined;
  confirm(req: ConfirmRequest): Promise<boolean>;
}

export const CHANGED_NOTICE = 'This request changed since you saw it; nothing was decided. Look again.';
const GONE = 'That request is no longer waiting; nothing was decided.';

const fail = (error: string, code: string): ActionResult => ({ ok: false, error, code });

/** The second question before "Always allow": names what will run without asking again. */
export function alwaysAllowQuestion(item: ApprovalInboxItem): ConfirmRequest {
  const what = item.kind === 'exec' ? item.exec.command : item.plugin.title;
  return {
    purpose: 'always-allow',
    systemAuth: true,
    title: 'Always allow this?',
    message:
      item.kind === 'exec'
        ? `From now on this command runs without asking you: ${what}`
        : `From now on this plugin action runs without asking you: ${what}`,
    confirmLabel: 'Always allow',
  };
}

/** Is the item still at `revision`? Then the fingerprint that revision showed; otherwise why not. */
function current(
  d: ApprovalDecisionDeps,
  key: string,
  revision: number,
): { item: ApprovalInboxItem; fingerprint: string } | ActionResult {
  const item = d.inbox.item(key);
  if (!isApprovalItem(item)) return fail(GONE, 'GONE');
  const fingerprint = d.inbox.fingerprint(key, revision);
  if (fingerprint === undefined) {
    d.source()?.setNotice(key, CHANGED_NOTICE);
    return fail(CHANGED_NOTICE, 'CHANGED');
  }
  return { item, fingerprint };
}

/** The result line after the gateway took the decision (the label already names the card). */
const DECIDED_WORDS: Record<ApprovalDecision, string> = {
  'allow-once': 'allowed this once.',
  'allow-always': 'allowed from now on.',
  deny: 'denied.',
};

export async function decideApproval(
  d: ApprovalDecisionDeps,
  key: string,
  revision: number,
  decision: ApprovalDecision,
): Promise<ActionResult> {
  const first = current(d, key, revision);
  if ('ok' in first) return first;
  const allowed = first.item.kind === 'exec' ? first.item.exec : first.item.plugin;
  if (!allowed.allowedDecisions.includes(decision))
    return fail(`This request does not offer “${decision}”.`, 'NOT_ALLOWED');
  let at = first;
  if (decision === 'allow-always') {
    if (!(await d.confirm(alwaysAllowQuestion(first.item))))
      return fail('Not confirmed; nothing was decided.', 'NOT_CONFIRMED');
    // The question took time: decide only what is still what the user confirmed.
    const again = current(d, key, revision);
    if ('ok' in again) return again;
    at = again;
  }
  const source = d.source();
  if (!source) return fail('Clawbar is not connected to a gateway; nothing was decided.', 'NOT_CONNECTED');
  const r = await source.tracker.resolve(key, decision, at.fingerprint);
  if (r.ok) return { ok: true, message: DECIDED_WORDS[decision] };
  if (r.reason === 'changed') {
    source.setNotice(key, CHANGED_NOTICE);
    return fail(CHANGED_NOTICE, 'CHANGED');
  }
  if (r.reason === 'failed') source.setNotice(key, `Could not send the decision: ${r.message}`);
  return fail(r.message, r.code ?? r.reason.toUpperCase());
}
