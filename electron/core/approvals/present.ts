// How a pending exec or plugin approval is shown: the inbox item's title (what will run), summary (agent
// and where), risk, the buttons (exactly the request's allowed decisions) and the card the panel draws.
// Pure: every string from the gateway goes through visibleText, so the card, the notification and the
// tray label show the same escaped text.
import type {
  ApprovalDecision,
  ApprovalDecisionAction,
  ApprovalScopeSummary,
  ExecApprovalCard,
  PluginApprovalCard,
  Risk,
} from '../contract/views.ts';
import { hasHiddenCharacters, visibleText } from '../present/visibleText.ts';
import type { PendingApproval } from './records.ts';
import type { ApprovalScope, ExecApprovalRequest, PluginApprovalRequest } from './wire.ts';

/** Longest title and summary (notifications and tray labels cut long lines anyway). */
export const TITLE_MAX = 80;
export const SUMMARY_MAX = 140;
const FIELD_MAX = 512;

const LABELS: Readonly<Record<ApprovalDecision, string>> = {
  'allow-once': 'Allow once',
  'allow-always': 'Always allow',
  deny: 'Deny',
};
const ORDER: readonly ApprovalDecision[] = ['allow-once', 'allow-always', 'deny'];

interface ItemCommon {
  key: string;
  title: string;
  summary: string;
  risk: Risk;
  actions: ApprovalDecisionAction[];
  expiresAt: number;
  quiet: boolean;
  /** Everything the approval asks; a new value is a new revision. */
  fingerprint: string;
}

/** An approval as an inbox source gives it to the inbox (the inbox adds revision and "Not now"). */
export type ApprovalSourceItem =
  | (ItemCommon & { kind: 'exec'; card: ExecApprovalCard })
  | (ItemCommon & { kind: 'plugin'; card: PluginApprovalCard });

export interface ApprovalItemState {
  busy?: ApprovalDecision;
  notice?: string;
}

/** The buttons: exactly the allowed decisions, in the order Allow once · Always allow · Deny. */
export function approvalActions(allowed: readonly ApprovalDecision[]): ApprovalDecisionAction[] {
  return ORDER.filter((d) => allowed.includes(d)).map((id) => ({ id, label: LABELS[id] }));
}

const shown = (s: string | null | undefined, max = FIELD_MAX): string | undefined =>
  s === null || s === undefined || s.trim() === '' ? undefined : visibleText(s, { max });

/** One plain line for a declared scope (owners state these facts; we never infer them). */
export function scopeSummary(scope: ApprovalScope | null | undefined): ApprovalScopeSummary | undefined {
  if (!scope) return undefined;
  const t = (s: string | undefined) => visibleText(s ?? '?', { max: 128 });
  let text: string;
  switch (scope.kind) {
    case 'message-send': {
      const n = scope.recipientCount ?? scope.recipients?.length ?? 0;
      const shownRecipients = (scope.recipients ?? []).slice(0, 5).map((r) => t(r));
      const more = n - shownRecipients.length;
      const who =
        shownRecipients.length > 0
          ? `: ${shownRecipients.join(', ')}${more > 0 ? `, +${more} more` : ''}`
          : '';
      text = `Send to ${n} recipient${n === 1 ? '' : 's'} via ${t(scope.target)}${scope.audience ? ` (${t(scope.audience)})` : ''}${who}`;
      break;
    }
    case 'payment':
      text = `Pay ${t(scope.amount)} ${t(scope.currency)} to ${t(scope.target)}`;
      break;
    case 'external-post':
      text = `Post ${scope.visibility === 'public' ? 'publicly' : `(${t(scope.visibility)})`} to ${t(scope.target)}`;
      break;
    case 'standing-grant':
      text =
        `Always allow lets automation “${t(scope.automation)}” run ${t(scope.command)} again without asking` +
        (scope.expiresInDays ? ` for ${scope.expiresInDays} days` : ' until revoked');
      break;
    default:
      text = `Declared scope: ${t(scope.kind)}${scope.target ? ` (${t(scope.target)})` : ''}`;
  }
  return { kind: scope.kind, text };
}

/** Where a command runs, in plain words: "this gateway", "node mac-mini", "the sandbox". */
function whereOf(r: ExecApprovalRequest): string {
  const host = r.host?.trim();
  if (host === 'node') return `node ${shown(r.nodeId, 60) ?? '(unnamed)'}`;
  if (!host || host === 'gateway') return 'the gateway';
  return `the ${visibleText(host, { max: 40 })}`;
}

function execWarnings(r: ExecApprovalRequest): string[] {
  const lines = [r.warningText, ...(r.commandAnalysis?.warningLines ?? [])]
    .map((w) => shown(w))
    .filter((w): w is string => w !== undefined);
  return [...new Set(lines)];
}

/** 9.6 escapes hidden characters itself (`\u{1B}`, `\u{202E}`) before Clawbar sees the command. */
const GATEWAY_ESCAPE = /\\u\{[0-9A-Fa-f]{1,6}\}/;

/** The command held characters that hide or disguise text (raw, or already escaped by the gateway). */
export function commandHidesCharacters(command: string): boolean {
  return hasHiddenCharacters(command) || GATEWAY_ESCAPE.test(command);
}

function execRisk(r: ExecApprovalRequest, hidden: boolean, warnings: number): Risk {
  if (hidden) return 'critical';
  if (warnings > 0 || r.scope) return 'critical';
  return 'high';
}

export function execItem(
  a: PendingApproval & { kind: 'exec' },
  st: ApprovalItemState = {},
): ApprovalSourceItem {
  const r = a.request;
  const hidden = commandHidesCharacters(r.command);
  const warnings = execWarnings(r);
  const agent = shown(r.agentId ?? r.systemRunPlan?.agentId, 80);
  const cwd = shown(r.cwd ?? r.systemRunPlan?.cwd);
  const card: ExecApprovalCard = {
    id: a.id,
    command: visibleText(r.command),
    ...(r.commandArgv && r.commandArgv.length > 0 ? { argv: r.commandArgv.map((w) => visibleText(w)) } : {}),
    ...(cwd ? { cwd } : {}),
    ...optional('resolvedPath', shown(r.resolvedPath)),
    ...optional('agent', agent),
    ...optional('session', shown(r.sessionKey ?? r.systemRunPlan?.sessionKey, 200)),
    ...optional('host', shown(r.host, 40)),
    ...optional('node', shown(r.nodeId, 200)),
    warnings,
    ...optional('scope', scopeSummary(r.scope)),
    hiddenCharacters: hidden,
    allowedDecisions: a.allowedDecisions,
    createdAt: a.createdAtMs,
    expiresAt: a.expiresAtMs,
    ...optional('busy', st.busy),
    ...optional('notice', st.notice),
  };
  const where = `on ${whereOf(r)}${cwd ? ` in ${visibleText(r.cwd ?? r.systemRunPlan?.cwd ?? '', { max: 60 })}` : ''}`;
  return {
    kind: 'exec',
    key: a.key,
    title: visibleText(r.command, { max: TITLE_MAX }),
    summary: visibleText(`${agent ? `Agent ${agent}` : 'An agent'} wants to run this ${where}`, {
      max: SUMMARY_MAX,
    }),
    risk: execRisk(r, hidden, warnings.length),
    actions: approvalActions(a.allowedDecisions),
    expiresAt: a.expiresAtMs,
    quiet: false,
    fingerprint: a.fingerprint,
    card,
  };
}

function severityOf(r: PluginApprovalRequest): PluginApprovalCard['severity'] {
  return r.severity === 'critical' || r.severity === 'info' ? r.severity : 'warning';
}

const PLUGIN_RISK: Readonly<Record<PluginApprovalCard['severity'], Risk>> = {
  info: 'medium',
  warning: 'high',
  critical: 'critical',
};

export function pluginItem(
  a: PendingApproval & { kind: 'plugin' },
  st: ApprovalItemState = {},
): ApprovalSourceItem {
  const r = a.request;
  const severity = severityOf(r);
  const plugin = shown(r.pluginId, 80);
  const agent = shown(r.agentId, 80);
  const tool = shown(r.toolName, 120);
  const mcpTool = r.mcpTool
    ? `${visibleText(r.mcpTool.server, { max: 80 })} · ${visibleText(r.mcpTool.tool, { max: 80 })}`
    : undefined;
  const card: PluginApprovalCard = {
    id: a.id,
    title: visibleText(r.title),
    description: visibleText(r.description),
    severity,
    ...optional('plugin', plugin),
    ...optional('tool', tool),
    ...optional('mcpTool', mcpTool),
    ...optional('detail', shown(r.detail, 16_384)),
    ...optional('agent', agent),
    ...optional('session', shown(r.sessionKey, 200)),
    ...optional('scope', scopeSummary(r.scope)),
    allowedDecisions: a.allowedDecisions,
    createdAt: a.createdAtMs,
    expiresAt: a.expiresAtMs,
    ...optional('busy', st.busy),
    ...optional('notice', st.notice),
  };
  const who = plugin ? `Plugin ${plugin}` : 'A plugin';
  const forWhom = agent ? ` for agent ${agent}` : '';
  const via = mcpTool ? ` (MCP ${mcpTool})` : tool ? ` (${tool})` : '';
  return {
    kind: 'plugin',
    key: a.key,
    title: visibleText(r.title, { max: TITLE_MAX }),
    summary: visibleText(`${who} asks${forWhom}${via}: ${r.description}`, { max: SUMMARY_MAX }),
    risk: PLUGIN_RISK[severity],
    actions: approvalActions(a.allowedDecisions),
    expiresAt: a.expiresAtMs,
    quiet: false,
    fingerprint: a.fingerprint,
    card,
  };
}

export function approvalItem(a: PendingApproval, st: ApprovalItemState = {}): ApprovalSourceItem {
  return a.kind === 'exec' ? execItem(a, st) : pluginItem(a, st);
}

/** `{[k]: v}` when v is set, `{}` otherwise (exactOptionalPropertyTypes keeps undefined out of views). */
function optional<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}
