// What the core's action modules share: the stores, the connection, the inbox and the event bus,
// assembled once by createCore.
import type { AuditLog } from '../audit/auditLog.ts';
import type { FocusRequest } from '../contract/contract.ts';
import type { ActionResult, SecretsView, ServiceView } from '../contract/views.ts';
import type { Inbox } from '../inbox/inbox.ts';
import type { PairingEngine } from '../pairing/engine.ts';
import type { KeyringBackend } from '../secrets/keyringBackend.ts';
import type { Env } from '../secrets/openclawConfig.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { GatewayService, ServiceSettings } from '../service/GatewayService.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';
import type { Confirmer } from './confirm.ts';
import type { ShownTimes } from './decisionGate.ts';
import type { Connection } from './connection.ts';
import type { CoreLog } from './coreLog.ts';
import type { CoreEmitter } from './events.ts';
import type { NotificationFeed } from './notificationFeed.ts';
import type { Notices } from './notices.ts';
import type { PlatformPorts } from './types.ts';

export interface CoreOptions {
  dataDir: string;
  logDir: string;
  platform: PlatformPorts;
  env: Env;
  appVersion: string;
  /** The keychain (tests pass a Secret Service fixture's; default: the OS keychain). */
  keyring?: KeyringBackend;
  /** Keychain service name (tests use their own so runs never share items). */
  keychainService?: string;
  uid?: number;
}

/** Views the core keeps between state pushes (read from the keychain and the service on change). */
export interface CoreViews {
  secrets: SecretsView;
  service: ServiceView;
}

export interface CoreContext {
  readonly o: CoreOptions;
  readonly log: CoreLog;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly audit: AuditLog;
  readonly service: GatewayService;
  readonly inbox: Inbox;
  readonly connection: Connection;
  readonly notices: Notices;
  readonly events: CoreEmitter;
  readonly feed: NotificationFeed;
  /** Asks the person before a critical grant or a setting that could redirect secrets. */
  readonly confirmer: Confirmer;
  /** When the tray and the notifications first showed each item's revision (the settle rule's input). */
  readonly shown: ShownTimes;
  readonly views: CoreViews;
  scheduleEmit(): void;
  refreshSecrets(): Promise<void>;
  gatewayUrl(): string;
  serviceSettings(): ServiceSettings;
  needEngine(): PairingEngine;
  focus(request: FocusRequest): void;
  /** Runs a user action: its failure becomes an ActionResult and a log line, and the state is pushed. */
  guarded(what: string, run: () => Promise<ActionResult> | ActionResult): Promise<ActionResult>;
}
