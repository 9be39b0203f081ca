// Standing grants (9.6: `exec.approval.grants.list` / `revoke`): what "Always allow" on an automation's
// approval minted. Offered only where hello-ok lists the methods, never by version string.
import type { ApprovalConnection } from './tracker.ts';
import { GrantRevokeAnswer, parseEntries, StandingGrant, type ParseLog } from './wire.ts';

export const GRANTS_LIST = 'exec.approval.grants.list';
export const GRANTS_REVOKE = 'exec.approval.grants.revoke';

type GrantsConnection = Pick<ApprovalConnection, 'call' | 'hasMethod'>;

/** Whether this gateway has standing grants at all (the panel hides the list otherwise). */
export function hasStandingGrants(client: GrantsConnection): boolean {
  return client.hasMethod(GRANTS_LIST) && client.hasMethod(GRANTS_REVOKE);
}

/** The grants, entry by entry (a malformed one is skipped and logged); undefined without the methods. */
export async function listStandingGrants(
  client: GrantsConnection,
  log?: ParseLog,
): Promise<StandingGrant[] | undefined> {
  if (!hasStandingGrants(client)) return undefined;
  const payload = await client.call<unknown>(GRANTS_LIST, {});
  const grants =
    typeof payload === 'object' && payload !== null && 'grants' in payload ? payload.grants : payload;
  return parseEntries(grants, StandingGrant, GRANTS_LIST, log);
}

/** `revoked`, `already-revoked` or `not-found`, as the gateway says. */
export async function revokeStandingGrant(client: GrantsConnection, grantId: string): Promise<string> {
  const answer = GrantRevokeAnswer.parse(await client.call(GRANTS_REVOKE, { grantId }));
  return answer.outcome;
}
