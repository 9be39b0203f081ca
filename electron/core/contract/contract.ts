// The one typed bridge contract between the panel and the core. The preload (Electron IPC) and the
// dev host (loopback WebSocket) both serve exactly this; transports are generic over it.
// Shared by Node and web code: type-only imports, no runtime dependencies.
import type {
  ActionResult,
  AppState,
  ApprovalDecision,
  ApproveIntent,
  DoctorFinding,
  EditableSettings,
  GrantView,
  HistoryEntry,
  ServiceAction,
  TokenImportPreview,
} from './views.ts';

export type * from './views.ts';

/** The panel's screens. */
export type PanelView = 'pending' | 'devices' | 'history' | 'settings';

export interface FocusRequest {
  view: PanelView;
  /** An inbox item's key (`device:<id>`), on the pending screen. */
  key?: string;
  /** A paired device, on the devices screen. */
  deviceId?: string;
}

/**
 * A question the core needs answered before it acts (a critical grant, a setting that could redirect
 * secrets). In the Electron app the main process asks natively; only the browser host (development,
 * never shipped) pushes it to the panel, which answers with `answerConfirm`.
 */
export interface ConfirmPrompt {
  id: string;
  title: string;
  message: string;
  confirmLabel: string;
}

/** Requests the panel can make. Every method takes plain JSON and answers a promise. */
export interface ClawbarRequests {
  getState(): Promise<AppState>;
  approve(intent: ApproveIntent): Promise<ActionResult>;
  reject(deviceId: string, requestId: string): Promise<ActionResult>;
  notNow(deviceId: string): Promise<ActionResult>;
  /** Mute a device's notifications for `minutes` (60 = 1 h, 1440 = 1 day, ≥ 10 years = until unmuted); 0 unmutes. */
  mute(deviceId: string, minutes: number): Promise<ActionResult>;
  unmute(deviceId: string): Promise<ActionResult>;
  setIgnored(deviceId: string, ignored: boolean): Promise<ActionResult>;
  removeDevice(deviceId: string): Promise<ActionResult>;
  /** `revision`: the device's grant revision (DeviceView.revision) the user saw; reset re-approves exactly it. */
  resetDevice(deviceId: string, revision: number): Promise<ActionResult>;
  rotateToken(deviceId: string, role: string): Promise<ActionResult>;
  revokeToken(deviceId: string, role: string): Promise<ActionResult>;
  renameDevice(deviceId: string, label: string): Promise<ActionResult>;
  getHistory(limit: number): Promise<HistoryEntry[]>;
  setToken(token: string): Promise<ActionResult>;
  previewTokenImport(): Promise<TokenImportPreview>;
  /** `confirmation`: the preview's digest of everything an exec SecretRef would run (null otherwise). */
  importToken(confirmation: string | null): Promise<ActionResult>;
  forgetToken(): Promise<ActionResult>;
  forgetIdentity(): Promise<ActionResult>;
  reconnect(): Promise<ActionResult>;
  updateSettings(patch: Partial<EditableSettings>): Promise<ActionResult>;
  setLaunchAtLogin(enabled: boolean): Promise<ActionResult>;
  openLoginItemSettings(): Promise<ActionResult>;
  serviceAction(action: ServiceAction): Promise<ActionResult>;
  runDoctor(): Promise<DoctorFinding[]>;
  sendTestNotification(): Promise<ActionResult>;
  /** The panel's answer to a `confirm` event (browser host only; a no-op for an unknown id). */
  answerConfirm(id: string, ok: boolean): Promise<ActionResult>;
  /**
   * Decides an exec or plugin approval as the card showed it at `revision`: nothing is decided when the
   * approval changed since (the card then shows the change). "allow-always" asks a second confirmation.
   */
  decideApproval(key: string, revision: number, decision: ApprovalDecision): Promise<ActionResult>;
  /** Standing grants (only where the gateway has them: `AppState.features`); empty otherwise. */
  listGrants(): Promise<GrantView[]>;
  revokeGrant(grantId: string): Promise<ActionResult>;
}

/** Events the core pushes to the panel. */
export interface ClawbarEvents {
  state: AppState;
  /**
   * Show the panel on this screen, and on this item or device when given (a notification was clicked,
   * a tray item such as "History…" or a device's "Details…" was chosen).
   */
  focus: FocusRequest;
  /** Ask the person (browser host only): answer with `answerConfirm(id, ok)`. */
  confirm: ConfirmPrompt;
}

export type RequestName = keyof ClawbarRequests;
export type EventName = keyof ClawbarEvents;

/** The list transports iterate over, so no method is wired by hand twice. */
export const REQUEST_NAMES = [
  'getState',
  'approve',
  'reject',
  'notNow',
  'mute',
  'unmute',
  'setIgnored',
  'removeDevice',
  'resetDevice',
  'rotateToken',
  'revokeToken',
  'renameDevice',
  'getHistory',
  'setToken',
  'previewTokenImport',
  'importToken',
  'forgetToken',
  'forgetIdentity',
  'reconnect',
  'updateSettings',
  'setLaunchAtLogin',
  'openLoginItemSettings',
  'serviceAction',
  'runDoctor',
  'sendTestNotification',
  'answerConfirm',
  'decideApproval',
  'listGrants',
  'revokeGrant',
] as const satisfies readonly RequestName[];

export const EVENT_NAMES = ['state', 'focus', 'confirm'] as const satisfies readonly EventName[];

// Compile-time check that REQUEST_NAMES lists every request.
type Missing = Exclude<RequestName, (typeof REQUEST_NAMES)[number]>;
const _allListed: Missing extends never ? true : Missing = true;
void _allListed;

/** What `window.clawbar` is, in Electron and in the browser alike. */
export type ClawbarBridge = ClawbarRequests & {
  on<E extends EventName>(event: E, listener: (payload: ClawbarEvents[E]) => void): () => void;
};

/** IPC channel names (Electron) and message method names (dev host) share this prefix. */
export const CHANNEL_PREFIX = 'clawbar:';
