// What the panel and the tray are shown: plain data, no secrets, no Node types.
// This file is shared by the Node side and the web side (tsconfig.web.json includes it).
import type { ApprovalDecision, ExecApprovalCard, PluginApprovalCard } from './approvalViews.ts';

/** Exec and plugin approvals' views live beside this file; the contract exports both. */
export type * from './approvalViews.ts';

export type Scope = string;
export type Risk = 'low' | 'medium' | 'high' | 'critical';

export type ConnectionState =
  | { kind: 'stopped' }
  | { kind: 'connecting'; url: string; attempt: number }
  | {
      kind: 'connected';
      url: string;
      serverVersion: string;
      protocol: number;
      scopes: Scope[];
      connectedSince: number;
      methods: string[];
    }
  | { kind: 'reconnecting'; url: string; attempt: number; nextTryAt: number; lastError: string }
  | {
      kind: 'needs-pairing';
      url: string;
      deviceId: string;
      requestId?: string;
      reason: string;
      /** The exact command a user can run to approve Clawbar by hand. */
      command: string;
      message: string;
    }
  | { kind: 'auth-failed'; url: string; code: string; message: string; nextStep?: string }
  | { kind: 'gateway-down'; url: string; since: number; nextTryAt?: number; lastError: string }
  | { kind: 'protocol-mismatch'; url: string; message: string };

export type CardKind = 'new-device' | 'scope-upgrade' | 'role-upgrade' | 'metadata-change';

export interface Requester {
  displayName: string;
  clientId?: string;
  clientMode?: string;
  platform?: string;
  deviceFamily?: string;
  remoteIp?: string;
  /** "this Mac (127.0.0.1)" only when the gateway and the request are both on loopback; else the address. */
  location: string;
  /** A loopback request that claims to be OpenClaw's internal client (`gateway-client`), said as a claim. */
  internalHint?: string;
  /** The whole name, escaped, when displayName had to be capped or escaped. */
  fullName?: string;
}

export interface ScopeLine {
  scope: Scope;
  label: string;
  risk: Risk;
}

/** One pending decision per device (the live request, however often the device retries). */
export interface PairingCard {
  deviceId: string;
  requestId: string;
  publicKey: string;
  kind: CardKind;
  requester: Requester;
  role: string;
  roles: string[];
  /** Scopes the live request asks for. */
  scopes: Scope[];
  alreadyAllowed: ScopeLine[];
  adds: ScopeLine[];
  /** e.g. "already allowed: read · adds: manage approvals" */
  scopeSummary: string;
  risk: Risk;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Refreshes plus supersedes since the card appeared. */
  retries: number;
  supersedes: number;
  expiresAt: number;
  /** Muted until then; Number.MAX_SAFE_INTEGER means until the user unmutes it. */
  mutedUntil?: number;
  ignored: boolean;
  busy?: 'approving' | 'rejecting' | 'resetting';
  /** Why the last action on this card did not complete (e.g. it asks for more than was shown). */
  notice?: string;
  /** First 16 hex digits of the SHA-256 of the request's public key, grouped ("ab12 cd34 …"). */
  keyFingerprint?: string;
  /** The request's key differs from the key this device id was paired with. */
  keyIsNew?: boolean;
  /** What the connected gateway's version means for this request (e.g. newer gateways approve it alone). */
  versionHint?: string;
}

/** The kinds of decision the inbox holds; each kind has its own folder in core that produces its items. */
export type DecisionKind = 'device' | 'exec' | 'plugin';

/** What a notification (and the tray) can do with an item, in display order (the primary action first). */
export type DecisionActionId = 'approve' | 'not-now' | 'allow-once' | 'allow-always' | 'deny';

export interface DecisionAction {
  id: DecisionActionId;
  label: string;
}

/**
 * What every pending decision has, whatever its kind. The inbox owns it: the kind's source says what
 * the item asks; the inbox numbers the revisions and keeps "Not now".
 */
export interface InboxItemBase {
  /** Stable for the life of the decision: `device:<deviceId>` (later `exec:<id>`, `plugin:<id>`). */
  key: string;
  /** Bumps whenever what the item asks changes (scopes, role, key; later command, cwd…). */
  revision: number;
  /** When the current revision began (ms since epoch). */
  revisedAt: number;
  /** One line: what it asks first, who asks second. */
  title: string;
  /** Plain-language body (where it comes from, what it adds). */
  summary: string;
  risk: Risk;
  /** What a notification offers, in order. */
  actions: DecisionAction[];
  expiresAt: number;
  /** "Not now" on this revision: stays listed, no notification until the item asks for something new. */
  snoozed: boolean;
  /** Muted or ignored: stays listed (or in the ignored list), never notifies. */
  quiet: boolean;
  /**
   * Items with the same group (e.g. `session:<agent>/<session>`) share one live notification with a
   * count; each keeps its own card.
   */
  group?: string;
}

export type InboxItem =
  | (InboxItemBase & { kind: 'device'; card: PairingCard })
  | (InboxItemBase & { kind: 'exec'; exec: ExecApprovalCard })
  | (InboxItemBase & { kind: 'plugin'; plugin: PluginApprovalCard });

/** What an approval binds: it is never broader than this (same key, same role, scopes within). */
export interface ApproveBinding {
  deviceId: string;
  publicKey: string;
  role: string;
  scopes: Scope[];
}

/** What the user saw and approved, and the inbox item's revision the card showed at that moment. */
export interface ApproveIntent extends ApproveBinding {
  /** The core refuses an approve whose revision is no longer current or not yet settled. */
  revision: number;
}

export interface TokenView {
  role: string;
  scopes: Scope[];
  createdAtMs?: number;
  rotatedAtMs?: number;
  revokedAtMs?: number;
  lastUsedAtMs?: number;
}

export interface DeviceView {
  deviceId: string;
  publicKey: string;
  displayName: string;
  label?: string;
  platform?: string;
  clientId?: string;
  clientMode?: string;
  roles: string[];
  scopes: Scope[];
  scopeLines: ScopeLine[];
  tokens: TokenView[];
  createdAtMs?: number;
  approvedAtMs?: number;
  lastSeenAtMs?: number;
  connected?: boolean;
  /** This device is Clawbar itself (removing it disconnects Clawbar). */
  isClawbar: boolean;
  resetting?: { until: number };
  /** Revision of what the device holds (key, roles, scopes); a reset names the one it was decided on. */
  revision?: number;
  /** First 16 hex digits of the SHA-256 of the device's public key, grouped. */
  keyFingerprint?: string;
}

export type ServiceMode = 'launchd' | 'systemd' | 'supervised' | 'none';

export interface DoctorFinding {
  id: string;
  severity: 'info' | 'warning' | 'error';
  title: string;
  detail: string;
  fix?: { action: ServiceAction; label: string };
}

export type ServiceAction = 'start' | 'stop' | 'restart' | 'repair' | 'install';

export interface ServiceView {
  mode: ServiceMode;
  /** How the mode was chosen: by the user, or the first that applies. */
  chosen: 'auto' | 'user';
  openclawPath?: string;
  openclawVersion?: string;
  installed: boolean;
  running: boolean;
  pid?: number;
  detail: string;
  /** Set while Clawbar is bringing the gateway up ("starting gateway… (n s)"). */
  startingSince?: number;
  findings: DoctorFinding[];
  /** Who keeps the gateway that answers (or would start one): decides whether Clawbar may stop it. */
  manager?: GatewayManager;
  /** Whether Stop/Restart are Clawbar's to offer (a service it manages, or a gateway it started). */
  canControl?: boolean;
}

export type GatewayManager = 'launchd' | 'systemd' | 'clawbar' | 'someone-else' | 'nobody';

export type LoginItemState = 'enabled' | 'not-registered' | 'requires-approval' | 'not-found' | 'unsupported';

export interface LoginItemView {
  state: LoginItemState;
  /** Plain-language status for the Settings screen. */
  message: string;
  canOpenSettings: boolean;
}

export interface SecretsView {
  state: 'ok' | 'locked' | 'denied' | 'unavailable' | 'error';
  /** What to do, in plain words. */
  message?: string;
  /** What the keychain itself said, for the small details line. */
  detail?: string;
  tokenPresent: boolean;
  tokenSource?: 'typed' | 'config' | 'env';
  deviceTokenPresent: boolean;
  identity?: { deviceId: string; publicKey: string };
}

export type KeepRunningMode = 'auto' | ServiceMode;

export interface SettingsView {
  gatewayUrl: string;
  startGatewayWithClawbar: boolean;
  keepRunning: KeepRunningMode;
  stopSupervisedOnQuit: boolean;
  launchAtLogin: boolean;
  notifications: boolean;
  openclawPath?: string;
  /** Confirm every approval (Touch ID where available), not only those that grant full control or a role. */
  confirmEveryApproval?: boolean;
  /** Allow a remote gateway over plain ws:// (confirmed when turned on). */
  allowInsecureRemote?: boolean;
}

export type EditableSettings = SettingsView;

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: number;
}

export interface HistoryEntry {
  ts: number;
  action:
    | 'approve'
    | 'reject'
    | 'remove'
    | 'reset'
    | 'rotate'
    | 'revoke'
    | 'rename'
    | 'mute'
    | 'not-now'
    | 'observed';
  outcome: string;
  by: 'user' | 'other-client' | 'gateway';
  deviceId: string;
  displayName?: string;
  requestId?: string;
  scopesBefore?: Scope[];
  scopesAfter?: Scope[];
  latencyMs?: number;
  detail?: string;
  /** Exec and plugin approvals: which approval (deviceId is empty for these). */
  approvalKind?: 'exec' | 'plugin';
  approvalId?: string;
  /** What would run (or the plugin's title), escaped and truncated with a marker. */
  command?: string;
  /** The decision; `expired` when nobody decided in time. */
  decision?: ApprovalDecision | 'expired';
  /** The approval granted full control or a new role (confirmed twice). */
  critical?: boolean;
  /** The headline in plain words (e.g. "Approval refused"): never "Approved" for one that did not apply. */
  title?: string;
}

export interface TokenImportPreview {
  found: boolean;
  /** Where the token would come from (config path or environment variable). */
  source?: string;
  kind?: 'plain' | 'env' | 'file' | 'exec' | 'environment';
  /** For an exec SecretRef: the exact command that would run, to be confirmed by the user. */
  command?: string;
  /** Exec: the program (absolute path) and each argument, control/bidi characters escaped visibly. */
  program?: string;
  args?: string[];
  /** Exec: variables the config sets for the command (`env`), escaped visibly. */
  env?: Array<{ name: string; value: string }>;
  /** Exec: variables passed through from Clawbar's environment (`passEnv`), by name. */
  passEnv?: string[];
  /** Exec: what `importToken` must be given back: a digest of everything that would run. */
  confirmation?: string;
  /** The gateway the imported token is for (from the same config). */
  gatewayUrl?: string;
  message: string;
}

export interface AppState {
  connection: ConnectionState;
  /** Every pending decision, in display order (device requests today). */
  inbox: InboxItem[];
  devices: DeviceView[];
  service: ServiceView;
  settings: SettingsView;
  secrets: SecretsView;
  login: LoginItemView;
  notices: Notice[];
  /** True until a token is stored and Clawbar has paired once. */
  firstRun: boolean;
  /** Methods the connected gateway offers (feature detection, e.g. device.pair.rename). */
  features: string[];
}

export type ActionResult = { ok: true; message?: string } | { ok: false; error: string; code?: string };
