// The one gateway connection of the main process: it runs one Session (session.ts) at a time, sends
// Clawbar's signed connect (handshake.ts) only to a gateway it trusts with the secret (trust.ts), keeps
// the RPC table (rpc.ts) and event stream (events.ts), and leaves the timing of the next attempt to the
// reconnect scheduler (reconnect.ts), which never floods the gateway (no loop after pairing or auth
// failures, backoff when a connection dies right after its handshake).
import type { ConnectionState } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { clampTickInterval, DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { Emitter, SeqTracker, type Listener, type SeqGap } from './events.ts';
import { decide, describeFailure, type Failure } from './failure.ts';
import type { EventFrame, HelloOk } from './frames.ts';
import {
  chooseAuth,
  CLAWBAR_ROLE,
  CLAWBAR_SCOPES,
  connectFrame,
  defaultClientInfo,
  helloOf,
  type ClientCredentials,
  type ClientInfo,
  type Hello,
} from './handshake.ts';
import type { DeviceIdentity } from './identity.ts';
import { ReconnectScheduler } from './reconnect.ts';
import { GatewayUnavailableError, PendingCalls } from './rpc.ts';
import { Session, type ConnectRefusal } from './session.ts';
import { refuseListener, refuseUrl, type OwnerCheck } from './trust.ts';

export {
  CLAWBAR_CAPS,
  CLAWBAR_ROLE,
  CLAWBAR_SCOPES,
  platformName,
  type ClientCredentials,
  type ClientInfo,
  type Hello,
} from './handshake.ts';
export { GatewayRpcError, GatewayUnavailableError } from './rpc.ts';
export { MAX_PAYLOAD } from './session.ts';

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface GatewayClientOptions {
  url: string;
  identity: DeviceIdentity;
  credentials: ClientCredentials;
  client?: Partial<ClientInfo>;
  scopes?: string[];
  backoff?: BackoffOptions;
  rpcTimeoutMs?: number;
  /** How long to wait for `connect.challenge` and then for the connect answer. */
  handshakeTimeoutMs?: number;
  /**
   * State dir of a local gateway (e.g. ~/.openclaw): while Clawbar waits for its own approval, a change
   * in the pairing store wakes one connect attempt instead of a retry loop.
   */
  pairingStateDir?: string | undefined;
  /** The user's opt-in to a plain ws:// gateway on another machine (the token then travels unencrypted). */
  allowInsecureRemote?: boolean;
  /** Who owns a loopback gateway's listening socket (default: service/socketOwner.ts). */
  checkListenerOwner?: OwnerCheck;
  log?: LogFn;
  random?: () => number;
  now?: () => number;
}

type Options = Required<Omit<GatewayClientOptions, 'client' | 'pairingStateDir' | 'checkListenerOwner'>> & {
  client: ClientInfo;
  pairingStateDir: string | undefined;
  checkListenerOwner: OwnerCheck | undefined;
};

export class GatewayClient {
  private readonly opts: Options;
  private session: Session | undefined;
  private stateValue: ConnectionState = { kind: 'stopped' };
  private helloValue: Hello | undefined;
  private readonly calls = new PendingCalls();
  private readonly seq = new SeqTracker();
  private readonly reconnect: ReconnectScheduler;
  private authRetried = false;
  private watchdog: NodeJS.Timeout | undefined;
  private running = false;
  private connectStartedAt = 0;
  readonly stats = { connects: 0, attempts: 0, droppedFrames: 0, lastConnectMs: 0 };

  private readonly stateEmitter = new Emitter<ConnectionState>();
  private readonly eventEmitter = new Emitter<EventFrame>();
  private readonly gapEmitter = new Emitter<SeqGap>();
  private readonly helloEmitter = new Emitter<Hello>();
  private readonly attemptEmitter = new Emitter<{ attempt: number; at: number }>();

  constructor(o: GatewayClientOptions) {
    this.opts = {
      url: o.url,
      identity: o.identity,
      credentials: o.credentials,
      scopes: o.scopes ?? CLAWBAR_SCOPES,
      backoff: o.backoff ?? DEFAULT_RECONNECT_BACKOFF,
      rpcTimeoutMs: o.rpcTimeoutMs ?? 10_000,
      handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
      pairingStateDir: o.pairingStateDir,
      allowInsecureRemote: o.allowInsecureRemote ?? false,
      checkListenerOwner: o.checkListenerOwner,
      log: o.log ?? (() => undefined),
      random: o.random ?? Math.random,
      now: o.now ?? Date.now,
      client: defaultClientInfo(o.client),
    };
    this.reconnect = new ReconnectScheduler({
      url: () => this.opts.url,
      state: () => this.stateValue,
      idle: () => this.running && !this.session,
      open: () => this.open(),
      backoff: this.opts.backoff,
      random: this.opts.random,
      now: this.opts.now,
      pairingStateDir: this.opts.pairingStateDir,
    });
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get hello(): Hello | undefined {
    return this.stateValue.kind === 'connected' ? this.helloValue : undefined;
  }

  get url(): string {
    return this.opts.url;
  }

  get deviceId(): string {
    return this.opts.identity.deviceId;
  }

  hasMethod(method: string): boolean {
    return this.hello?.methods.includes(method) ?? false;
  }

  onState(l: Listener<ConnectionState>): () => void {
    return this.stateEmitter.on(l);
  }
  onEvent(l: Listener<EventFrame>): () => void {
    return this.eventEmitter.on(l);
  }
  /** A `seq` gap: an event was dropped (drop-if-slow), so state must be re-listed. */
  onGap(l: Listener<SeqGap>): () => void {
    return this.gapEmitter.on(l);
  }
  onHello(l: Listener<Hello>): () => void {
    return this.helloEmitter.on(l);
  }
  /** Every connect attempt (for tests and the flood guard). */
  onAttempt(l: Listener<{ attempt: number; at: number }>): () => void {
    return this.attemptEmitter.on(l);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.reconnect.reset();
    this.authRetried = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reconnect.reset();
    this.clearWatchdog();
    const session = this.session;
    this.session = undefined;
    await session?.dispose();
    this.calls.failAll('Clawbar stopped the connection');
    this.setState({ kind: 'stopped' });
  }

  /** Points the client at another gateway (takes effect with a fresh connection). */
  async setUrl(url: string): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    this.opts.url = url;
    if (wasRunning) this.start();
  }

  /**
   * The user acted or a credential changed (token set, request approved elsewhere): try once now.
   * This is the only way out of `needs-pairing` / `auth-failed`.
   */
  retryNow(): void {
    if (!this.running) return this.start();
    if (this.session && this.stateValue.kind === 'connected') return;
    this.authRetried = false;
    this.reconnect.clearTimer();
    if (this.session) return; // an attempt is already under way
    this.open();
  }

  /** Typed request; rejects with GatewayRpcError (the gateway said no) or GatewayUnavailableError. */
  call<T = unknown>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = this.opts.rpcTimeoutMs,
  ): Promise<T> {
    const session = this.session;
    if (!session?.open || this.stateValue.kind !== 'connected') {
      return Promise.reject(
        new GatewayUnavailableError('NOT_CONNECTED', `${method}: not connected to the gateway`),
      );
    }
    return this.calls.request<T>(method, params, timeoutMs, (text, done) => session.ws.send(text, done));
  }

  // ---- connection lifecycle ----

  private setState(s: ConnectionState): void {
    this.stateValue = s;
    this.reconnect.updateWakeups(s, this.running);
    this.stateEmitter.emit(s);
  }

  private open(): void {
    const attempt = this.reconnect.begin();
    this.stats.attempts++;
    this.connectStartedAt = this.opts.now();
    this.attemptEmitter.emit({ attempt, at: this.connectStartedAt });
    if (this.stateValue.kind !== 'reconnecting' && this.stateValue.kind !== 'gateway-down') {
      this.setState({ kind: 'connecting', url: this.opts.url, attempt });
    }
    const refused = refuseUrl(this.opts.url, this.opts.allowInsecureRemote);
    if (refused) return this.fail(refused);
    this.seq.reset();
    try {
      const session: Session = new Session(this.opts.url, {
        handshakeTimeoutMs: this.opts.handshakeTimeoutMs,
        connectFrame: (id, nonce, ts) => this.connectFrame(session, id, nonce, ts),
        onHello: (h) => {
          if (this.session === session) void this.onHelloOk(session, h);
        },
        onEvent: (frame) => {
          if (this.session !== session) return;
          const gap = this.seq.track(frame.seq);
          if (gap) this.gapEmitter.emit(gap);
          this.eventEmitter.emit(frame);
        },
        onResponse: (frame) => this.calls.settle(frame),
        onFrame: () => {
          if (this.session === session) this.armWatchdog(session);
        },
        drop: (why) => this.drop(why),
        onEnd: (f) => this.onSessionEnd(session, f),
      });
      this.session = session;
    } catch (err) {
      this.fail({ kind: 'socket-error', message: `invalid gateway URL: ${errorMessage(err)}` });
    }
  }

  /** The connect frame for this challenge, sent only once the listener is known to be the user's own. */
  private async connectFrame(
    session: Session,
    id: string,
    nonce: string,
    challengeTs: number,
  ): Promise<string | ConnectRefusal> {
    const untrusted = await refuseListener(this.opts.url, this.opts.checkListenerOwner);
    if (untrusted) return { failure: untrusted };
    let auth: Awaited<ReturnType<typeof chooseAuth>>;
    try {
      auth = await chooseAuth(this.opts.credentials, CLAWBAR_ROLE, this.authRetried);
    } catch (err) {
      // The keychain said no (locked, denied, absent): an auth problem for the user, not a reason to loop.
      return {
        error: {
          code: 'KEYCHAIN_UNAVAILABLE',
          message: `Clawbar could not read its credentials from the keychain: ${errorMessage(err)}`,
          details: {
            code: 'KEYCHAIN_UNAVAILABLE',
            recommendedNextStep: 'Unlock the keychain, then choose Reconnect.',
          },
        },
      };
    }
    if (this.session !== session) return { failure: { kind: 'socket-error', message: 'superseded' } };
    return connectFrame({
      id,
      client: this.opts.client,
      identity: this.opts.identity,
      scopes: this.opts.scopes,
      ...auth,
      nonce,
      challengeTs,
    });
  }

  private async onHelloOk(session: Session, h: HelloOk): Promise<void> {
    const now = this.opts.now();
    this.stats.connects++;
    this.stats.lastConnectMs = now - this.connectStartedAt;
    this.authRetried = false;
    const hello = helloOf(h, this.opts.scopes);
    this.helloValue = hello;
    if (h.auth?.deviceToken) {
      try {
        await this.opts.credentials.saveDeviceToken(h.auth.role ?? CLAWBAR_ROLE, h.auth.deviceToken);
      } catch (err) {
        this.opts.log('warn', `could not keep the device token in the keychain: ${errorMessage(err)}`);
      }
    }
    if (this.session !== session) return;
    this.reconnect.connected();
    this.setState({
      kind: 'connected',
      url: this.opts.url,
      serverVersion: hello.serverVersion,
      protocol: hello.protocol,
      scopes: hello.scopes,
      connectedSince: now,
      methods: hello.methods,
    });
    this.armWatchdog(session);
    this.helloEmitter.emit(hello);
  }

  private onSessionEnd(session: Session, f: Failure): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.reconnect.ended();
    this.clearWatchdog();
    this.calls.failAll('the connection to the gateway was lost');
    if (this.running) this.fail(f);
  }

  private fail(f: Failure): void {
    const d = decide(f, {
      url: this.opts.url,
      deviceId: this.opts.identity.deviceId,
      attempt: this.reconnect.attempt,
      now: this.opts.now(),
      authRetried: this.authRetried,
    });
    this.opts.log(
      f.kind === 'refused' ? 'debug' : 'info',
      `gateway connection: ${d.state.kind} (${describeFailure(f)})`,
    );
    if (d.next.type === 'wait') return this.setState(d.state);
    if (d.next.type === 'retry-once') {
      this.authRetried = true;
      this.setState(d.state);
      return this.reconnect.later(0);
    }
    this.setState(this.reconnect.schedule(d.next, d.state));
  }

  private armWatchdog(session: Session): void {
    this.clearWatchdog();
    if (this.stateValue.kind !== 'connected') return;
    const tick = clampTickInterval(this.helloValue?.tickIntervalMs);
    this.watchdog = setTimeout(() => {
      if (this.session !== session) return;
      this.opts.log('warn', `no frame from the gateway for ${2 * tick} ms: treating the socket as dead`);
      session.abort({ kind: 'timeout', what: 'tick' });
    }, 2 * tick);
    this.watchdog.unref();
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private drop(why: string): void {
    this.stats.droppedFrames++;
    this.opts.log('warn', `dropped a frame from the gateway: ${why}`);
  }
}
