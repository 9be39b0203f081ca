// What the panel and the tray are shown: plain data, no secrets, no Node types.
// This file is shared by the Node side and the web side (tsconfig.web.json includes it).

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
  /** "this Mac" when the request came over loopback. */
  location: string;
  /** Set for OpenClaw's own internal client (`gateway-client`). */
  internalHint?: string;
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
  mutedUntil?: number;
  ignored: boolean;
  busy?: 'approving' | 'rejecting' | 'resetting';
  /** Why the last action on this card did not complete (e.g. it asks for more than was shown). */
  notice?: string;
}

/** The kinds of decision the inbox holds; each kind has its own folder in core that produces its items. */
export type DecisionKind = 'device';

/** What a notification (and the tray) can do with an item, in display order (the primary action first). */
export type DecisionActionId = 'approve' | 'not-now';

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
}

export type InboxItem = InboxItemBase & { kind: 'device'; card: PairingCard };

/** What the user saw and approved: an approval is never broader than this. */
export interface ApproveIntent {
  deviceId: string;
  publicKey: string;
  role: string;
  scopes: Scope[];
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
}

export type LoginItemState = 'enabled' | 'not-registered' | 'requires-approval' | 'not-found' | 'unsupported';

export interface LoginItemView {
  state: LoginItemState;
  /** Plain-language status for the Settings screen. */
  message: string;
  canOpenSettings: boolean;
}

export interface SecretsView {
  state: 'ok' | 'locked' | 'denied' | 'unavailable' | 'error';
  message?: string;
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
}

export interface TokenImportPreview {
  found: boolean;
  /** Where the token would come from (config path or environment variable). */
  source?: string;
  kind?: 'plain' | 'env' | 'file' | 'exec' | 'environment';
  /** For an exec SecretRef: the exact command that would run, to be confirmed by the user. */
  command?: string;
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
