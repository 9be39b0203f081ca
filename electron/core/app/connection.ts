// The gateway connection's lifecycle, one at a time: connect, reconnect, a URL change and "forget
// identity" queue on one promise chain, so exactly one GatewayClient and one PairingEngine exist at any
// moment, and after a URL change nothing still listens to the old gateway. dispose() leaves none.
import { approvalHistoryEntry } from '../approvals/history.ts';
import { ApprovalSource } from '../approvals/source.ts';
import { ApprovalTracker } from '../approvals/tracker.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { ConnectionState } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { GatewayClient } from '../gateway/client.ts';
import { isLoopbackUrl } from '../gateway/wakeups.ts';
import type { Inbox } from '../inbox/inbox.ts';
import { PairingEngine, type EnginePrefs } from '../pairing/engine.ts';
import { clientCredentials } from '../secrets/forCore.ts';
import { locateOpenClawConfig, type Env } from '../secrets/openclawConfig.ts';
import { SecretStoreError } from '../secrets/errors.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { CoreLog } from './coreLog.ts';

export interface ConnectionDeps {
  secrets: SecretStore;
  audit: AuditLog;
  log: CoreLog;
  env: Env;
  appVersion: string;
  inbox: Inbox;
  gatewayUrl(): string;
  /** The user confirmed connecting to a remote gateway over plain ws://. */
  allowInsecureRemote?(): boolean;
  enginePrefs: EnginePrefs;
  /** The client's state changed (also called when a connection opens or closes). */
  onState(state: ConnectionState): void;
  /** No device identity could be loaded (the keychain refused): nothing to connect with. */
  onNoIdentity(): Promise<void>;
}

interface Live {
  client: GatewayClient;
  engine: PairingEngine;
  /** Exec and plugin approvals (the tracker keeps them fresh; the source gives them to the inbox). */
  approvals: ApprovalSource;
  detach: (() => void)[];
}

export class Connection {
  private chain: Promise<unknown> = Promise.resolve();
  private live: Live | undefined;
  /** Why no client could be opened (the keychain refused the device key); cleared by the next open. */
  private blocked: ConnectionState | undefined;
  private disposed = false;
  /** How many clients were ever opened (tests check that overlapping calls open one at a time). */
  readonly stats = { opened: 0 };

  private readonly d: ConnectionDeps;

  constructor(d: ConnectionDeps) {
    this.d = d;
  }

  get client(): GatewayClient | undefined {
    return this.live?.client;
  }

  /** What the person is shown: the client's state, or why there is no client. */
  get state(): ConnectionState {
    return this.live?.client.state ?? this.blocked ?? { kind: 'stopped' };
  }

  get engine(): PairingEngine | undefined {
    return this.live?.engine;
  }

  get approvals(): ApprovalSource | undefined {
    return this.live?.approvals;
  }

  /** Closes the current connection (if any) and opens a new one to the configured URL. */
  connect(): Promise<void> {
    return this.enqueue(async () => {
      await this.close();
      await this.open();
    });
  }

  /** Retries the current connection now, or opens one if there is none. */
  reconnect(): Promise<void> {
    return this.enqueue(async () => {
      if (this.live) this.live.client.retryNow();
      else await this.open();
    });
  }

  /** Closes, runs `between` with no connection open (e.g. replace the identity), and opens again. */
  reopenAfter(between: () => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      await this.close();
      await between();
      await this.open();
    });
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return this.enqueue(() => this.close());
  }

  /** Runs a lifecycle job after every job queued before it, whether those succeeded or not. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async open(): Promise<void> {
    if (this.disposed) return;
    let identity;
    const url = this.d.gatewayUrl();
    this.blocked = undefined;
    try {
      identity = await this.d.secrets.loadOrCreateIdentity();
    } catch (err) {
      this.d.log.write('warn', `no device identity: ${errorMessage(err)}`);
      // Said like the client's own keychain refusal, so the tray and the panel name the keychain (not
      // "not connected") and offer the one next step.
      this.blocked = {
        kind: 'auth-failed',
        url,
        code: 'KEYCHAIN_UNAVAILABLE',
        message: `Clawbar could not read its device key from the keychain. ${err instanceof SecretStoreError ? err.advice : errorMessage(err)}`,
        nextStep: 'Unlock the keychain (or allow Clawbar to use it when macOS asks), then try again.',
      };
      await this.d.onNoIdentity();
      this.d.onState(this.blocked);
      return;
    }
    let stateDir: string | undefined;
    try {
      stateDir = isLoopbackUrl(url) ? locateOpenClawConfig(this.d.env).stateDir : undefined;
    } catch {
      stateDir = undefined;
    }
    const log = (level: 'debug' | 'info' | 'warn' | 'error', m: string) => this.d.log.write(level, m);
    const client = new GatewayClient({
      url,
      identity,
      credentials: clientCredentials(this.d.secrets, url),
      client: { version: this.d.appVersion },
      pairingStateDir: stateDir,
      allowInsecureRemote: this.d.allowInsecureRemote?.() ?? false,
      log,
    });
    const engine = new PairingEngine({ client, audit: this.d.audit, prefs: this.d.enginePrefs, log });
    const tracker = new ApprovalTracker({ client, log });
    const approvals = new ApprovalSource(tracker);
    this.live = {
      client,
      engine,
      approvals,
      detach: [
        client.onState((s) => this.d.onState(s)),
        this.d.inbox.attach(engine),
        this.d.inbox.attach(approvals),
        tracker.onOutcome((o) => {
          void this.d.audit.append(approvalHistoryEntry(o)).catch(() => undefined);
        }),
      ],
    };
    this.stats.opened++;
    engine.start();
    tracker.start();
    client.start();
    this.d.onState(client.state);
  }

  private async close(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    for (const off of live.detach) off();
    live.engine.stop();
    live.approvals.tracker.stop();
    live.approvals.dispose();
    await live.client.stop();
    this.d.onState({ kind: 'stopped' });
  }
}
