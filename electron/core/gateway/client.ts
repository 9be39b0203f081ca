// The one gateway connection of the main process: handshake with Clawbar's own device identity,
// typed RPC with per-call timeouts, validated events with seq-gap detection, and a reconnect policy
// that never floods the gateway (no loop after pairing or auth failures).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ConnectionState } from '../contract/views.ts';
import { backoffDelay, DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { decide, type Failure, type NextStep } from './failure.ts';
import {
  ChallengePayload,
  HelloOk,
  parseInbound,
  ShutdownPayload,
  type EventFrame,
  type GatewayErrorShape,
} from './frames.ts';
import { signConnect, type DeviceIdentity } from './identity.ts';
import { isLoopbackUrl, pairingStoreDirs, watchPairingStore, watchReadiness } from './wakeups.ts';

/** The full operator scope set: the approval ceiling means Clawbar must hold every scope it approves. */
export const CLAWBAR_SCOPES = [
  'operator.admin',
  'operator.read',
  'operator.write',
  'operator.approvals',
  'operator.pairing',
];
export const CLAWBAR_ROLE = 'operator';
/** Largest frame accepted after hello-ok (the gateway's own `policy.maxPayload`). */
export const MAX_PAYLOAD = 25 * 1024 * 1024;

export interface ClientInfo {
  id: string;
  version: string;
  platform: string;
  mode: string;
  displayName: string;
  deviceFamily?: string;
}

export interface ClientCredentials {
  sharedToken(): Promise<string | undefined>;
  deviceToken(role: string): Promise<string | undefined>;
  saveDeviceToken(role: string, token: string): Promise<void>;
}

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
  log?: LogFn;
  random?: () => number;
  now?: () => number;
}

export interface Hello {
  serverVersion: string;
  protocol: number;
  scopes: string[];
  methods: string[];
  events: string[];
  tickIntervalMs: number;
  snapshot: unknown;
}

export class GatewayRpcError extends Error {
  readonly code: string;
  readonly details: unknown;
  readonly retryable: boolean;
  constructor(method: string, err: GatewayErrorShape) {
    super(`${method}: ${err.message}`);
    this.name = 'GatewayRpcError';
    this.code = err.code;
    this.details = err.details;
    this.retryable = err.retryable === true;
  }
}

/** The call could not reach the gateway (not connected, connection lost, no answer in time). */
export class GatewayUnavailableError extends Error {
  readonly code: 'NOT_CONNECTED' | 'CONNECTION_LOST' | 'TIMEOUT';
  constructor(code: GatewayUnavailableError['code'], message: string) {
    super(message);
    this.name = 'GatewayUnavailableError';
    this.code = code;
  }
}

export function platformName(p: NodeJS.Platform = process.platform): string {
  return p === 'darwin' ? 'macos' : p === 'win32' ? 'windows' : p;
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(l: Listener<T>): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(v: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(v);
      } catch {
        /* a listener's bug must not break the connection */
      }
    }
  }
}

interface PendingCall {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class GatewayClient {
  private opts: Required<Omit<GatewayClientOptions, 'client' | 'pairingStateDir'>> & {
    client: ClientInfo;
    pairingStateDir: string | undefined;
  };
  private ws: WebSocket | undefined;
  private stateValue: ConnectionState = { kind: 'stopped' };
  private helloValue: Hello | undefined;
  private readonly pending = new Map<string, PendingCall>();
  private attempt = 0;
  private authRetried = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastSeq: number | undefined;
  private running = false;
  private connectStartedAt = 0;
  /** Pairing-store changes before this time are Clawbar's own attempt refreshing its request. */
  private quietUntil = 0;
  private waitAttempts = 0;
  private stopWake: (() => void) | undefined;
  private wakeKind: 'pairing' | 'readiness' | undefined;
  readonly stats = { connects: 0, attempts: 0, droppedFrames: 0, lastConnectMs: 0 };

  private readonly stateEmitter = new Emitter<ConnectionState>();
  private readonly eventEmitter = new Emitter<EventFrame>();
  private readonly gapEmitter = new Emitter<{ expected: number; got: number }>();
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
      log: o.log ?? (() => undefined),
      random: o.random ?? Math.random,
      now: o.now ?? Date.now,
      client: {
        id: 'openclaw-macos',
        version: '0.0.0',
        platform: platformName(),
        mode: 'ui',
        displayName: 'Clawbar',
        ...(process.platform === 'darwin' ? { deviceFamily: 'Mac' } : {}),
        ...o.client,
      },
    };
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
  onGap(l: Listener<{ expected: number; got: number }>): () => void {
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
    this.attempt = 0;
    this.authRetried = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopWake?.();
    this.stopWake = undefined;
    this.wakeKind = undefined;
    this.clearRetry();
    this.clearWatchdog();
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      await new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close(1000, 'Clawbar stopping');
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1000).unref();
      });
    }
    this.failPending('CONNECTION_LOST', 'Clawbar stopped the connection');
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
    if (this.ws && this.stateValue.kind === 'connected') return;
    this.authRetried = false;
    this.clearRetry();
    if (this.ws) return; // an attempt is already under way
    this.open();
  }

  /** Typed request; rejects with GatewayRpcError (the gateway said no) or GatewayUnavailableError. */
  call<T = unknown>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = this.opts.rpcTimeoutMs,
  ): Promise<T> {
    const ws = this.ws;
    if (!ws || this.stateValue.kind !== 'connected' || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(
        new GatewayUnavailableError('NOT_CONNECTED', `${method}: not connected to the gateway`),
      );
    }
    const id = randomUUID();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new GatewayUnavailableError(
            'TIMEOUT',
            `${method}: no answer from the gateway within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      ws.send(JSON.stringify({ type: 'req', id, method, params }), (err) => {
        if (!err) return;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        clearTimeout(p.timer);
        reject(new GatewayUnavailableError('CONNECTION_LOST', `${method}: ${err.message}`));
      });
    });
  }

  // ---- connection lifecycle ----

  private setState(s: ConnectionState): void {
    this.stateValue = s;
    this.updateWakeups(s);
    this.stateEmitter.emit(s);
  }

  /** Arms the signal that may end the current wait (see wakeups.ts), and disarms the others. */
  private updateWakeups(s: ConnectionState): void {
    const want: 'pairing' | 'readiness' | undefined =
      !this.running || !isLoopbackUrl(this.opts.url)
        ? undefined
        : s.kind === 'needs-pairing' && this.opts.pairingStateDir
          ? 'pairing'
          : s.kind === 'gateway-down' || s.kind === 'reconnecting'
            ? 'readiness'
            : s.kind === 'connecting'
              ? this.wakeKind
              : undefined;
    if (want === this.wakeKind) return;
    this.stopWake?.();
    this.stopWake = undefined;
    this.wakeKind = want;
    if (s.kind === 'connected' || s.kind === 'stopped') this.waitAttempts = 0;
    if (want === 'readiness') {
      this.stopWake = watchReadiness(this.opts.url, () => {
        this.wakeKind = undefined;
        if (this.running && !this.ws) this.open();
      });
    } else if (want === 'pairing' && this.opts.pairingStateDir) {
      this.stopWake = watchPairingStore(
        pairingStoreDirs(this.opts.pairingStateDir),
        () => this.wakeFromPairingStore(),
        () => this.quietUntil,
      );
    }
  }

  /** One attempt per backoff step at most, however often the store changes. */
  private wakeFromPairingStore(): void {
    if (!this.running || this.ws || this.stateValue.kind !== 'needs-pairing' || this.retryTimer) return;
    const earliest = this.quietUntil + backoffDelay(this.waitAttempts + 1, this.opts.backoff, () => 0.5);
    const delay = Math.max(0, earliest - this.opts.now());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.running || this.ws || this.stateValue.kind !== 'needs-pairing') return;
      this.waitAttempts++;
      this.open();
    }, delay);
  }

  private open(): void {
    this.clearRetry();
    this.attempt++;
    this.stats.attempts++;
    this.connectStartedAt = this.opts.now();
    this.quietUntil = Number.MAX_SAFE_INTEGER;
    this.attemptEmitter.emit({ attempt: this.attempt, at: this.connectStartedAt });
    if (this.stateValue.kind !== 'reconnecting' && this.stateValue.kind !== 'gateway-down') {
      this.setState({ kind: 'connecting', url: this.opts.url, attempt: this.attempt });
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.opts.url, {
        maxPayload: MAX_PAYLOAD,
        handshakeTimeout: this.opts.handshakeTimeoutMs,
      });
    } catch (err) {
      this.fail({ kind: 'socket-error', message: `invalid gateway URL: ${(err as Error).message}` });
      return;
    }
    this.ws = ws;
    this.lastSeq = undefined;
    let connectError: GatewayErrorShape | undefined;
    let restartExpectedMs: number | undefined;
    let failure: Failure | undefined;
    let helloDone = false;
    const connectId = randomUUID();
    let handshakeTimer: NodeJS.Timeout | undefined = setTimeout(() => {
      failure = { kind: 'timeout', what: 'challenge' };
      ws.terminate();
    }, this.opts.handshakeTimeoutMs);

    const finish = () => {
      if (handshakeTimer) clearTimeout(handshakeTimer);
      handshakeTimer = undefined;
    };

    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      this.armWatchdog(ws);
      if (isBinary) return this.drop('binary frame');
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(data as Buffer[]).toString('utf8');
      const parsed = parseInbound(text);
      if ('error' in parsed) return this.drop(parsed.error);
      const frame = parsed.frame;
      if (frame.type === 'event') {
        if (frame.event === 'connect.challenge' && !helloDone) {
          const ch = ChallengePayload.safeParse(frame.payload);
          if (!ch.success) return this.drop('malformed connect.challenge');
          if (handshakeTimer) clearTimeout(handshakeTimer);
          handshakeTimer = setTimeout(() => {
            failure = { kind: 'timeout', what: 'hello' };
            ws.terminate();
          }, this.opts.handshakeTimeoutMs);
          void this.sendConnect(ws, connectId, ch.data.nonce, ch.data.ts).catch((err: unknown) => {
            // The keychain said no (locked, denied, absent): an auth problem for the user, not a reason to loop.
            connectError = {
              code: 'KEYCHAIN_UNAVAILABLE',
              message: `Clawbar could not read its credentials from the keychain: ${(err as Error).message}`,
              details: {
                code: 'KEYCHAIN_UNAVAILABLE',
                recommendedNextStep: 'Unlock the keychain, then choose Reconnect.',
              },
            };
            ws.terminate();
          });
          return;
        }
        if (frame.event === 'shutdown') {
          const p = ShutdownPayload.safeParse(frame.payload ?? {});
          if (p.success) restartExpectedMs = p.data.restartExpectedMs;
        }
        if (!helloDone) return;
        this.trackSeq(frame.seq);
        this.eventEmitter.emit(frame);
        return;
      }
      // a response
      if (frame.id === connectId) {
        finish();
        if (frame.ok) {
          const hello = HelloOk.safeParse(frame.payload);
          if (!hello.success) {
            failure = { kind: 'bad-frame', message: 'the gateway answered connect with an unexpected hello' };
            ws.terminate();
            return;
          }
          helloDone = true;
          void this.onHelloOk(ws, hello.data);
        } else {
          connectError = frame.error ?? { code: 'UNKNOWN', message: 'connect refused' };
          // The gateway closes with 1008 next; close ourselves if it doesn't.
          setTimeout(() => ws.terminate(), 2000).unref();
        }
        return;
      }
      const call = this.pending.get(frame.id);
      if (!call) return this.drop(`response to an unknown request ${frame.id}`);
      this.pending.delete(frame.id);
      clearTimeout(call.timer);
      if (frame.ok) call.resolve(frame.payload);
      else
        call.reject(
          new GatewayRpcError(call.method, frame.error ?? { code: 'UNKNOWN', message: 'request failed' }),
        );
    });

    ws.on('error', (err: Error & { code?: string }) => {
      if (this.ws !== ws) return;
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH') {
        failure ??= { kind: 'refused', message: `nothing answers at ${this.opts.url} (${err.code})` };
      } else if (/max payload|too big|1009/i.test(err.message)) {
        failure ??= { kind: 'closed', code: 1009, reason: 'a frame was larger than Clawbar accepts' };
      } else {
        failure ??= { kind: 'socket-error', message: err.message };
      }
    });

    ws.on('close', (code, reasonBuf) => {
      finish();
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.quietUntil = this.opts.now() + 500;
      this.clearWatchdog();
      this.failPending('CONNECTION_LOST', 'the connection to the gateway was lost');
      if (!this.running) return;
      const reason = reasonBuf.toString();
      const f: Failure = connectError
        ? { kind: 'connect-error', error: connectError }
        : (failure ?? {
            kind: 'closed',
            code,
            reason,
            ...(restartExpectedMs !== undefined ? { restartExpectedMs } : {}),
          });
      this.fail(f);
    });
  }

  private async sendConnect(ws: WebSocket, id: string, nonce: string, challengeTs: number): Promise<void> {
    const c = this.opts.client;
    const role = CLAWBAR_ROLE;
    // The shared token first; the device token when the shared one is gone or was just rejected.
    const shared = await this.opts.credentials.sharedToken();
    const useDevice = !shared || this.authRetried;
    const deviceToken = useDevice ? await this.opts.credentials.deviceToken(role) : undefined;
    const auth = deviceToken ? { deviceToken } : shared ? { token: shared } : {};
    const secret = deviceToken ?? shared ?? '';
    // The challenge's own clock keeps the signature valid even when this machine's clock is off.
    const signedAt = challengeTs;
    const signature = signConnect(this.opts.identity, {
      deviceId: this.opts.identity.deviceId,
      clientId: c.id,
      clientMode: c.mode,
      role,
      scopes: this.opts.scopes,
      signedAtMs: signedAt,
      token: secret,
      nonce,
      platform: c.platform,
      deviceFamily: c.deviceFamily,
    });
    if (this.ws !== ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(
      JSON.stringify({
        type: 'req',
        id,
        method: 'connect',
        params: {
          minProtocol: 3,
          maxProtocol: 4,
          client: {
            id: c.id,
            version: c.version,
            platform: c.platform,
            mode: c.mode,
            displayName: c.displayName,
            ...(c.deviceFamily ? { deviceFamily: c.deviceFamily } : {}),
          },
          role,
          scopes: this.opts.scopes,
          caps: [],
          auth,
          device: {
            id: this.opts.identity.deviceId,
            publicKey: this.opts.identity.publicKey,
            signature,
            signedAt,
            nonce,
          },
        },
      }),
    );
  }

  private async onHelloOk(ws: WebSocket, h: HelloOk): Promise<void> {
    const now = this.opts.now();
    this.stats.connects++;
    this.stats.lastConnectMs = now - this.connectStartedAt;
    this.attempt = 0;
    this.authRetried = false;
    const hello: Hello = {
      serverVersion: h.server.version,
      protocol: h.protocol,
      scopes: h.auth?.scopes ?? this.opts.scopes,
      methods: h.features?.methods ?? [],
      events: h.features?.events ?? [],
      tickIntervalMs: h.policy?.tickIntervalMs ?? 30_000,
      snapshot: h.snapshot,
    };
    this.helloValue = hello;
    if (h.auth?.deviceToken) {
      try {
        await this.opts.credentials.saveDeviceToken(h.auth.role ?? CLAWBAR_ROLE, h.auth.deviceToken);
      } catch (err) {
        this.opts.log('warn', `could not keep the device token in the keychain: ${(err as Error).message}`);
      }
    }
    if (this.ws !== ws) return;
    this.armWatchdog(ws);
    this.setState({
      kind: 'connected',
      url: this.opts.url,
      serverVersion: hello.serverVersion,
      protocol: hello.protocol,
      scopes: hello.scopes,
      connectedSince: now,
      methods: hello.methods,
    });
    this.helloEmitter.emit(hello);
  }

  private fail(f: Failure): void {
    const d = decide(f, {
      url: this.opts.url,
      deviceId: this.opts.identity.deviceId,
      attempt: this.attempt,
      now: this.opts.now(),
      authRetried: this.authRetried,
    });
    this.opts.log(
      f.kind === 'refused' ? 'debug' : 'info',
      `gateway connection: ${d.state.kind} (${describe(f)})`,
    );
    this.schedule(d.next, d.state);
  }

  private schedule(next: NextStep, state: ConnectionState): void {
    if (next.type === 'wait') {
      this.setState(state);
      return;
    }
    if (next.type === 'retry-once') {
      this.authRetried = true;
      this.setState(state);
      this.retryTimer = setTimeout(() => this.open(), 0);
      return;
    }
    const delay = next.delayMs ?? backoffDelay(this.attempt, this.opts.backoff, this.opts.random);
    const nextTryAt = this.opts.now() + delay;
    if (state.kind === 'gateway-down') {
      const since = this.stateValue.kind === 'gateway-down' ? this.stateValue.since : state.since;
      this.setState({ ...state, since, nextTryAt });
    } else if (state.kind === 'reconnecting') {
      this.setState({ ...state, nextTryAt });
    } else {
      this.setState(state);
    }
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private trackSeq(seq: number | undefined): void {
    if (seq === undefined) return;
    if (this.lastSeq !== undefined && seq > this.lastSeq + 1) {
      this.gapEmitter.emit({ expected: this.lastSeq + 1, got: seq });
    }
    this.lastSeq = seq;
  }

  private armWatchdog(ws: WebSocket): void {
    this.clearWatchdog();
    const tick = this.helloValue?.tickIntervalMs ?? 30_000;
    if (this.stateValue.kind !== 'connected') return;
    this.watchdog = setTimeout(() => {
      if (this.ws !== ws) return;
      this.opts.log('warn', `no frame from the gateway for ${2 * tick} ms: treating the socket as dead`);
      ws.terminate();
    }, 2 * tick);
    this.watchdog.unref();
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private failPending(code: 'CONNECTION_LOST', message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new GatewayUnavailableError(code, `${p.method}: ${message}`));
      this.pending.delete(id);
    }
  }

  private drop(why: string): void {
    this.stats.droppedFrames++;
    this.opts.log('warn', `dropped a frame from the gateway: ${why}`);
  }
}

function describe(f: Failure): string {
  switch (f.kind) {
    case 'refused':
    case 'socket-error':
    case 'bad-frame':
      return f.message;
    case 'closed':
      return `close ${f.code}${f.reason ? ` ${f.reason}` : ''}`;
    case 'connect-error':
      return `${f.error.code}: ${f.error.message}`;
    case 'timeout':
      return `timeout waiting for ${f.what}`;
  }
}
