// The one typed bridge contract between the panel and the core. The preload (Electron IPC) and the
// dev host (loopback WebSocket) both serve exactly this; transports are generic over it.
// Shared by Node and web code: type-only imports, no runtime dependencies.
import type {
  ActionResult,
  AppState,
  ApproveIntent,
  DoctorFinding,
  EditableSettings,
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

/** Requests the panel can make. Every method takes plain JSON and answers a promise. */
export interface ClawbarRequests {
  getState(): Promise<AppState>;
  approve(intent: ApproveIntent): Promise<ActionResult>;
  reject(deviceId: string, requestId: string): Promise<ActionResult>;
  notNow(deviceId: string): Promise<ActionResult>;
  mute(deviceId: string, minutes: number): Promise<ActionResult>;
  setIgnored(deviceId: string, ignored: boolean): Promise<ActionResult>;
  removeDevice(deviceId: string): Promise<ActionResult>;
  resetDevice(deviceId: string): Promise<ActionResult>;
  rotateToken(deviceId: string, role: string): Promise<ActionResult>;
  revokeToken(deviceId: string, role: string): Promise<ActionResult>;
  renameDevice(deviceId: string, label: string): Promise<ActionResult>;
  getHistory(limit: number): Promise<HistoryEntry[]>;
  setToken(token: string): Promise<ActionResult>;
  previewTokenImport(): Promise<TokenImportPreview>;
  importToken(confirmedExecCommand: string | null): Promise<ActionResult>;
  forgetToken(): Promise<ActionResult>;
  forgetIdentity(): Promise<ActionResult>;
  reconnect(): Promise<ActionResult>;
  updateSettings(patch: Partial<EditableSettings>): Promise<ActionResult>;
  setLaunchAtLogin(enabled: boolean): Promise<ActionResult>;
  openLoginItemSettings(): Promise<ActionResult>;
  serviceAction(action: ServiceAction): Promise<ActionResult>;
  runDoctor(): Promise<DoctorFinding[]>;
  sendTestNotification(): Promise<ActionResult>;
}

/** Events the core pushes to the panel. */
export interface ClawbarEvents {
  state: AppState;
  /**
   * Show the panel on this screen, and on this item or device when given (a notification was clicked,
   * a tray item such as "History…" or a device's "Details…" was chosen).
   */
  focus: FocusRequest;
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
] as const satisfies readonly RequestName[];

export const EVENT_NAMES = ['state', 'focus'] as const satisfies readonly EventName[];

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
