// The bridge requests for exec and plugin approvals: a decision bound to the revision the card showed
// (see approvals/decide.ts), and the standing grants where the gateway has them.
import { decideApproval } from '../approvals/decide.ts';
import { grantViews, revokeStandingGrant } from '../approvals/grants.ts';
import type { ClawbarRequests } from '../contract/contract.ts';
import { errorMessage } from '../contract/errors.ts';
import type { ApprovalDecision } from '../contract/views.ts';
import type { CoreContext } from './context.ts';

type ApprovalRequests = Pick<ClawbarRequests, 'decideApproval' | 'listGrants' | 'revokeGrant'>;

export function approvalActions(ctx: CoreContext): ApprovalRequests {
  const deps = {
    inbox: ctx.inbox,
    source: () => ctx.connection.approvals,
    confirm: (req: Parameters<typeof ctx.confirmer.ask>[0]) => ctx.confirmer.ask(req),
  };
  return {
    decideApproval: (key: string, revision: number, decision: ApprovalDecision) =>
      ctx.guarded('decide approval', () => decideApproval(deps, key, revision, decision)),
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
