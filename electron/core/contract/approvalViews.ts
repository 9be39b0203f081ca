// What the panel and the tray are shown of exec and plugin approvals: plain data, no Node types.
// Shared by the Node side and the web side (re-exported by views.ts).

/** A decision on an exec or plugin approval, as the gateway names it. */
export type ApprovalDecision = 'allow-once' | 'allow-always' | 'deny';

/** One button of an approval: exactly the request's allowed decisions, in the order once · always · deny. */
export interface ApprovalDecisionAction {
  id: ApprovalDecision;
  label: string;
}

/** The blast radius an approval's owner declared (message-send, payment, external-post, standing-grant). */
export interface ApprovalScopeSummary {
  kind: string;
  /** One plain line, escaped, e.g. "Send to 3 recipients via email (external): a@x, b@y, +1 more". */
  text: string;
}

/**
 * An agent asks to run a command. Every text field from the gateway is shown with control and invisible
 * characters visibly escaped (`\n`, `␛[31m`, `\u202E`); Copy copies exactly these strings.
 */
export interface ExecApprovalCard {
  id: string;
  /** The full command, escaped, never cut. */
  command: string;
  /** The command's words when the gateway sent them (each escaped). */
  argv?: string[];
  cwd?: string;
  /** The resolved executable path (details). */
  resolvedPath?: string;
  agent?: string;
  session?: string;
  /** `gateway`, `node` or `sandbox`, as the request says. */
  host?: string;
  node?: string;
  /** The policy's warning and the gateway's own findings about the command. */
  warnings: string[];
  scope?: ApprovalScopeSummary;
  /** The command held characters that draw nothing or reorder text (shown escaped above). */
  hiddenCharacters: boolean;
  allowedDecisions: ApprovalDecision[];
  createdAt: number;
  expiresAt: number;
  busy?: ApprovalDecision;
  /** Why the last action did not complete (e.g. the request changed before it was decided). */
  notice?: string;
}

/** A plugin asks before a sensitive tool action. */
export interface PluginApprovalCard {
  id: string;
  title: string;
  description: string;
  severity: 'info' | 'warning' | 'critical';
  plugin?: string;
  tool?: string;
  /** "server · tool" for an MCP tool. */
  mcpTool?: string;
  detail?: string;
  agent?: string;
  session?: string;
  scope?: ApprovalScopeSummary;
  allowedDecisions: ApprovalDecision[];
  createdAt: number;
  expiresAt: number;
  busy?: ApprovalDecision;
  notice?: string;
}

/** A standing grant (9.6): what "Always allow" on an automation's approval minted; revocable. */
export interface GrantView {
  grantId: string;
  /** Escaped like every gateway string. */
  command: string;
  cwd?: string;
  agent?: string;
  automation?: string;
  createdAt?: number;
  expiresAt?: number;
  lastUsedAt?: number;
  useCount?: number;
}
