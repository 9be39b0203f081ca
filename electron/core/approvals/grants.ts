// Standing grants (9.6: `exec.approval.grants.list` / `revoke`): what "Always allow" on an automation's
// approval minted. Offered only where hello-ok lists the methods, never by version string.
import type { GrantView } from '../contract/views.ts';
import { visibleText } from '../present/visibleText.ts';
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

/** A grant as the panel lists it: every gateway string escaped. */
export function grantView(g: StandingGrant): GrantView {
  const opt = <K extends keyof GrantView>(k: K, v: GrantView[K] | null | undefined) =>
    v === null || v === undefined ? {} : { [k]: v };
  return {
    grantId: g.grantId,
    command: visibleText(g.command),
    ...opt('cwd', g.cwd ? visibleText(g.cwd) : undefined),
    ...opt('agent', g.agentId ? visibleText(g.agentId, { max: 80 }) : undefined),
    ...opt('automation', g.cronJobName ? visibleText(g.cronJobName, { max: 120 }) : undefined),
    ...opt('createdAt', g.createdAtMs),
    ...opt('expiresAt', g.expiresAtMs),
    ...opt('lastUsedAt', g.lastUsedAtMs),
    ...opt('useCount', g.useCount),
  };
}

/** The live (not revoked) grants as the panel lists them; empty where the gateway has no grants. */
export async function grantViews(client: GrantsConnection | undefined, log?: ParseLog): Promise<GrantView[]> {
  if (!client) return [];
  const grants = (await listStandingGrants(client, log)) ?? [];
  return grants.filter((g) => !g.revokedAtMs).map(grantView);
}
