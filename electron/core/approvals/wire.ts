// Exec and plugin approval records as the gateway sends them (protocol 3 on 2026.4.12, 4 on 2026.9.6):
// `exec.approval.list` / `plugin.approval.list` return `[{id, request, createdAtMs, expiresAtMs}]`, the
// `*.requested` events carry the same record (9.6 adds `approvalKind`), `*.resolved` carries
// `{id, decision, resolvedBy, ts, request}`. Loose on purpose: 9.6 adds request fields, both send null for
// "not set", and one record we cannot read must never hide the others.
import { z } from 'zod';

export const APPROVAL_DECISIONS = ['allow-once', 'allow-always', 'deny'] as const;
export const ApprovalDecision = z.enum(APPROVAL_DECISIONS);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export type ApprovalKind = 'exec' | 'plugin';

const text = z.string().nullish();
const threadId = z.union([z.string(), z.number()]).nullish();

/** 9.6: the blast radius an approval's owner declares (display only, never authorization). */
export const ApprovalScope = z.looseObject({
  kind: z.string(),
  target: z.string().optional(),
  recipientCount: z.number().optional(),
  recipients: z.array(z.string()).optional(),
  audience: z.string().optional(),
  amount: z.string().optional(),
  currency: z.string().optional(),
  visibility: z.string().optional(),
  automation: z.string().optional(),
  command: z.string().optional(),
  expiresInDays: z.number().optional(),
});
export type ApprovalScope = z.infer<typeof ApprovalScope>;

/** The canonical plan of a `host: "node"` run (9.6 adds `policySnapshot`). */
export const SystemRunPlan = z.looseObject({
  argv: z.array(z.string()).optional(),
  cwd: text,
  commandText: z.string().optional(),
  commandPreview: text,
  agentId: text,
  sessionKey: text,
  mutableFileOperand: z.unknown().optional(),
  policySnapshot: z.unknown().optional(),
});
export type SystemRunPlan = z.infer<typeof SystemRunPlan>;

export const ExecApprovalRequest = z.looseObject({
  command: z.string(),
  commandPreview: text,
  commandArgv: z.array(z.string()).nullish(),
  envKeys: z.array(z.string()).nullish(),
  systemRunPlan: SystemRunPlan.nullish(),
  cwd: text,
  nodeId: text,
  host: text,
  security: text,
  ask: text,
  /** 9.6: the policy's warning, sanitized by the gateway. */
  warningText: text,
  scope: ApprovalScope.nullish(),
  /** 9.6: the gateway's own reading of the command (risk kinds and warning lines). */
  commandAnalysis: z
    .looseObject({
      riskKinds: z.array(z.string()).optional(),
      warningLines: z.array(z.string()).optional(),
    })
    .nullish(),
  allowedDecisions: z.array(z.string()).nullish(),
  unavailableDecisions: z.array(z.string()).nullish(),
  agentId: text,
  resolvedPath: text,
  sessionKey: text,
  sessionId: text,
  runId: text,
  toolCallId: text,
  turnSourceChannel: text,
  turnSourceTo: text,
  turnSourceAccountId: text,
  turnSourceThreadId: threadId,
});
export type ExecApprovalRequest = z.infer<typeof ExecApprovalRequest>;

export const PluginApprovalRequest = z.looseObject({
  pluginId: text,
  title: z.string(),
  description: z.string(),
  /** 9.6: reviewer-only detail. */
  detail: text,
  severity: text,
  scope: ApprovalScope.nullish(),
  toolName: text,
  toolCallId: text,
  mcpTool: z.looseObject({ server: z.string(), tool: z.string() }).nullish(),
  /** 9.6 only; 4.12 has no such field and accepts every decision. */
  allowedDecisions: z.array(z.string()).nullish(),
  agentId: text,
  sessionKey: text,
  runId: text,
  turnSourceChannel: text,
  turnSourceTo: text,
  turnSourceAccountId: text,
  turnSourceThreadId: threadId,
});
export type PluginApprovalRequest = z.infer<typeof PluginApprovalRequest>;

const recordFields = {
  id: z.string().min(1),
  approvalKind: z.string().optional(),
  createdAtMs: z.number(),
  expiresAtMs: z.number(),
};
export const ExecApprovalRecord = z.looseObject({ ...recordFields, request: ExecApprovalRequest });
export type ExecApprovalRecord = z.infer<typeof ExecApprovalRecord>;
export const PluginApprovalRecord = z.looseObject({ ...recordFields, request: PluginApprovalRequest });
export type PluginApprovalRecord = z.infer<typeof PluginApprovalRecord>;

/** `*.approval.resolved`: the decision (9.6 may send null for an expiry) and who made it. */
export const ApprovalResolvedEvent = z.looseObject({
  id: z.string().min(1),
  decision: z.string().nullish(),
  resolvedBy: text,
  ts: z.number().optional(),
});
export type ApprovalResolvedEvent = z.infer<typeof ApprovalResolvedEvent>;

/**
 * `*.approval.request` answers: with `twoPhase` `{status: "accepted", id, createdAtMs, expiresAtMs}`
 * (9.6 adds `deliveryRoute`); when no reviewer can be reached, at once `{id, decision: null, …}`.
 */
export const ApprovalRequestAnswer = z.looseObject({
  id: z.string().min(1),
  status: z.string().optional(),
  deliveryRoute: z.string().optional(),
  decision: z.string().nullish(),
  createdAtMs: z.number().optional(),
  expiresAtMs: z.number().optional(),
});
export type ApprovalRequestAnswer = z.infer<typeof ApprovalRequestAnswer>;

/** `*.approval.waitDecision`: the decision, or null when it expired (9.6 adds `terminalReason`). */
export const ApprovalWaitAnswer = z.looseObject({
  id: z.string().min(1),
  decision: z.string().nullish(),
  createdAtMs: z.number().optional(),
  expiresAtMs: z.number().optional(),
  terminalReason: z.string().nullish(),
});
export type ApprovalWaitAnswer = z.infer<typeof ApprovalWaitAnswer>;

/** 9.6 `exec.approval.grants.list`: standing grants minted by "Always allow" on automation runs. */
export const StandingGrant = z.looseObject({
  grantId: z.string().min(1),
  mintedByApprovalId: z.string().optional(),
  agentId: z.string().optional(),
  cronJobId: z.string().optional(),
  cronJobName: text,
  command: z.string(),
  cwd: text,
  createdAtMs: z.number().optional(),
  expiresAtMs: z.number().nullish(),
  revokedAtMs: z.number().nullish(),
  revokedBy: text,
  lastUsedAtMs: z.number().nullish(),
  useCount: z.number().optional(),
});
export type StandingGrant = z.infer<typeof StandingGrant>;

export const GrantRevokeAnswer = z.looseObject({ outcome: z.string() });

export type ParseLog = (message: string) => void;

/**
 * Parses a list entry by entry: a malformed entry is skipped and logged, the rest are kept. A payload
 * that is not an array at all yields nothing (and is logged).
 */
export function parseEntries<T>(
  payload: unknown,
  schema: z.ZodType<T>,
  what: string,
  log: ParseLog = () => undefined,
): T[] {
  if (!Array.isArray(payload)) {
    log(`${what}: expected a list, got ${payload === null ? 'null' : typeof payload}`);
    return [];
  }
  const out: T[] = [];
  payload.forEach((entry, i) => {
    const r = schema.safeParse(entry);
    if (r.success) out.push(r.data);
    else
      log(
        `${what}: skipped entry ${i}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
  });
  return out;
}

function knownDecisions(list: readonly string[] | null | undefined): ApprovalDecision[] {
  const set = new Set(list ?? []);
  return APPROVAL_DECISIONS.filter((d) => set.has(d));
}

/**
 * The decisions an exec approval accepts, as the gateway computes them: the request's own list, or
 * (when absent) all three unless the policy asks every time (`ask: "always"`), minus any the request
 * marks unavailable. Always in the order allow-once, allow-always, deny.
 */
export function execAllowedDecisions(r: ExecApprovalRequest): ApprovalDecision[] {
  const explicit = knownDecisions(r.allowedDecisions);
  const base: ApprovalDecision[] =
    explicit.length > 0
      ? explicit
      : r.ask?.trim().toLowerCase() === 'always'
        ? ['allow-once', 'deny']
        : [...APPROVAL_DECISIONS];
  const unavailable = new Set(r.unavailableDecisions ?? []);
  return base.filter((d) => !unavailable.has(d));
}

/** Plugin approvals: the request's list (9.6) with deny always available, else all three (4.12). */
export function pluginAllowedDecisions(r: PluginApprovalRequest): ApprovalDecision[] {
  const explicit = knownDecisions(r.allowedDecisions);
  if (explicit.length === 0) return [...APPROVAL_DECISIONS];
  return explicit.includes('deny') ? explicit : [...explicit, 'deny'];
}
