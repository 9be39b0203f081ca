// The bridge requests for exec and plugin approvals: a decision bound to the revision the card showed
// (see approvals/decide.ts), and the standing grants where the gateway has them.
import { decideApproval } from '../approvals/decide.ts';
import { grantViews, revokeStandingGrant } from '../approvals/grants.ts';
import type { ClawbarRequests } from '../contract/contract.ts';
import { errorMessage } from '../contract/errors.ts';
import type { ActionResult, ApprovalDecision } from '../contract/views.ts';
import type { DecisionPath } from '../inbox/settle.ts';
import { checkDecision } from './decisionGate.ts';
import type { CoreContext } from './context.ts';

type ApprovalRequests = Pick<ClawbarRequests, 'decideApproval' | 'listGrants' | 'revokeGrant'>;

/**
 * Decides an exec or plugin approval that arrived through `path`. Allowing passes the same settle rule
 * as a device approval (the revision is current and has been on screen on that path for 1.5 s);
 * denying is never held back.
 */
export function decideApprovalAt(
  ctx: CoreContext,
  key: string,
  revision: number,
  decision: ApprovalDecision,
  path: DecisionPath,
): Promise<ActionResult> {
  const deps = {
    inbox: ctx.inbox,
    source: () => ctx.connection.approvals,
    confirm: (req: Parameters<typeof ctx.confirmer.ask>[0]) => ctx.confirmer.ask(req),
  };
  return ctx.guarded('decide approval', () => {
    if (decision !== 'deny') {
      const verdict = checkDecision(ctx, key, revision, path);
      // A changed or vanished record is decideApproval's to report (it also marks the card).
      if (!verdict.ok && (verdict.reason === 'settling' || verdict.reason === 'not-shown'))
        return { ok: false, error: verdict.message, code: 'NOT_SETTLED' };
    }
    return decideApproval(deps, key, revision, decision);
  });
}

export function approvalActions(ctx: CoreContext): ApprovalRequests {
  return {
    decideApproval: (key: string, revision: number, decision: ApprovalDecision) =>
      decideApprovalAt(ctx, key, revision, decision, 'panel'),
    listGrants: async () => {
      try {
        return await grantViews(ctx.connection.client, (m) => ctx.log.write('warn', m));
      } catch (err) {
        ctx.log.write('warn', `listing standing grants failed: ${errorMessage(err)}`);
        return [];
      }
    },
    revokeGrant: (grantId: string) =>
      ctx.guarded('revoke grant', async () => {
        const client = ctx.connection.client;
        if (!client) return { ok: false, error: 'Clawbar is not connected to a gateway yet.' };
        const outcome = await revokeStandingGrant(client, grantId);
        return outcome === 'revoked' || outcome === 'already-revoked'
          ? { ok: true, message: 'Revoked.' }
          : { ok: false, error: 'That grant no longer exists.', code: outcome };
      }),
  };
}
