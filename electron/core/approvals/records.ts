// One pending approval as the tracker holds it: the gateway's record, the decisions it accepts and a
// fingerprint of everything it asks, so a changed command, cwd, plan or agent is a new revision.
import {
  execAllowedDecisions,
  pluginAllowedDecisions,
  type ApprovalDecision,
  type ApprovalKind,
  type ExecApprovalRecord,
  type ExecApprovalRequest,
  type PluginApprovalRecord,
  type PluginApprovalRequest,
} from './wire.ts';

interface PendingBase {
  /** Stable inbox key: `exec:<id>`; plugin ids already read `plugin:<uuid>`. */
  key: string;
  id: string;
  createdAtMs: number;
  expiresAtMs: number;
  allowedDecisions: ApprovalDecision[];
  fingerprint: string;
}

export type PendingApproval =
  | (PendingBase & { kind: 'exec'; request: ExecApprovalRequest })
  | (PendingBase & { kind: 'plugin'; request: PluginApprovalRequest });

export function approvalKey(kind: ApprovalKind, id: string): string {
  return kind === 'plugin' && id.startsWith('plugin:') ? id : `${kind}:${id}`;
}

/** What an exec approval asks, canonically: what runs, where, for whom, and what may be decided. */
export function execFingerprint(r: ExecApprovalRequest, allowed: readonly ApprovalDecision[]): string {
  const plan = r.systemRunPlan;
  return JSON.stringify([
    r.command,
    r.commandArgv ?? null,
    r.cwd ?? null,
    plan
      ? [
          plan.argv ?? null,
          plan.cwd ?? null,
          plan.commandText ?? null,
          plan.agentId ?? null,
          plan.sessionKey ?? null,
        ]
      : null,
    r.agentId ?? null,
    r.sessionKey ?? null,
    r.host ?? null,
    r.nodeId ?? null,
    r.resolvedPath ?? null,
    r.envKeys ?? null,
    r.warningText ?? null,
    r.scope ?? null,
    allowed,
  ]);
}

export function pluginFingerprint(r: PluginApprovalRequest, allowed: readonly ApprovalDecision[]): string {
  return JSON.stringify([
    r.pluginId ?? null,
    r.title,
    r.description,
    r.detail ?? null,
    r.severity ?? null,
    r.toolName ?? null,
    r.mcpTool ? [r.mcpTool.server, r.mcpTool.tool] : null,
    r.agentId ?? null,
    r.sessionKey ?? null,
    r.scope ?? null,
    allowed,
  ]);
}

/** The fields every pending approval shares, from its record and what it allows. */
function pendingBase(
  kind: ApprovalKind,
  rec: { id: string; createdAtMs: number; expiresAtMs: number },
  allowedDecisions: ApprovalDecision[],
  fingerprint: string,
): PendingBase {
  return {
    key: approvalKey(kind, rec.id),
    id: rec.id,
    createdAtMs: rec.createdAtMs,
    expiresAtMs: rec.expiresAtMs,
    allowedDecisions,
    fingerprint,
  };
}

export function pendingExec(rec: ExecApprovalRecord): PendingApproval {
  const allowed = execAllowedDecisions(rec.request);
  const base = pendingBase('exec', rec, allowed, execFingerprint(rec.request, allowed));
  return { ...base, kind: 'exec', request: rec.request };
}

export function pendingPlugin(rec: PluginApprovalRecord): PendingApproval {
  const allowed = pluginAllowedDecisions(rec.request);
  const base = pendingBase('plugin', rec, allowed, pluginFingerprint(rec.request, allowed));
  return { ...base, kind: 'plugin', request: rec.request };
}
