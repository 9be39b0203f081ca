// Test devices: real Ed25519 identities that connect to a real gateway the way other OpenClaw clients
// do, retry, and ask for scopes, so tests can reproduce a client stuck in a scope-upgrade loop.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { generateIdentity, signConnect, type DeviceIdentity } from '../../electron/core/gateway/identity.ts';

export interface DeviceProfile {
  displayName?: string;
  clientId?: string;
  clientMode?: string;
  platform?: string;
  deviceFamily?: string;
}

export interface ConnectOptions {
  scopes: string[];
  role?: string;
  /** Which secret to send: the gateway's shared token (default), this device's token, or none. */
  auth?: 'token' | 'device' | 'none';
  token?: string;
  /** Keep the socket open after hello-ok (the caller closes it). */
  keepOpen?: boolean;
  timeoutMs?: number;
  /** `connect.params.caps` (e.g. `["approvals"]` makes a 9.6 client an approval client). */
  caps?: string[];
}

export interface ConnectError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ConnectResult =
  | { ok: true; hello: Record<string, unknown>; ws?: WebSocket; ms: number }
  | {
      ok: false;
      error?: ConnectError;
      closeCode?: number;
      closeReason?: string;
      socketError?: string;
      ms: number;
    };

interface GatewayLike {
  url: string;
  token: string;
}

export class TestDevice {
  readonly identity: DeviceIdentity;
  readonly profile: Required<Omit<DeviceProfile, 'deviceFamily'>> & { deviceFamily?: string };
  deviceToken: string | undefined;
  readonly results: ConnectResult[] = [];

  constructor(profile: DeviceProfile = {}, identity: DeviceIdentity = generateIdentity()) {
    this.identity = identity;
    this.profile = {
      displayName: profile.displayName ?? `test-device-${identity.deviceId.slice(0, 6)}`,
      clientId: profile.clientId ?? 'gateway-client',
      clientMode: profile.clientMode ?? 'ui',
      platform: profile.platform ?? 'linux',
      ...(profile.deviceFamily ? { deviceFamily: profile.deviceFamily } : {}),
    };
  }

  get deviceId(): string {
    return this.identity.deviceId;
  }

  /** One real connect: challenge → signed connect → hello-ok or the gateway's error and close. */
  connect(gw: GatewayLike, o: ConnectOptions): Promise<ConnectResult> {
    const started = Date.now();
    const role = o.role ?? 'operator';
    const authKind = o.auth ?? 'token';
    const secret =
      o.token ?? (authKind === 'token' ? gw.token : authKind === 'device' ? (this.deviceToken ?? '') : '');
    return new Promise<ConnectResult>((resolve) => {
      const ws = new WebSocket(gw.url);
      let settled = false;
      let error: ConnectError | undefined;
      let socketError: string | undefined;
      const reqId = randomUUID();
      const done = (r: ConnectResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.results.push(r);
        resolve(r);
      };
      const timer = setTimeout(() => {
        ws.terminate();
        done({ ok: false, error: { code: 'TIMEOUT', message: 'no answer' }, ms: Date.now() - started });
      }, o.timeoutMs ?? 15_000);
      ws.on('message', (data: WebSocket.RawData) => {
        const text = Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8');
        const msg = JSON.parse(text) as Record<string, unknown>;
        if (msg.type === 'event' && msg.event === 'connect.challenge') {
          const { nonce, ts } = msg.payload as { nonce: string; ts: number };
          const signedAt = ts;
          const signature = signConnect(this.identity, {
            deviceId: this.deviceId,
            clientId: this.profile.clientId,
            clientMode: this.profile.clientMode,
            role,
            scopes: o.scopes,
            signedAtMs: signedAt,
            token: secret,
            nonce,
            platform: this.profile.platform,
            deviceFamily: this.profile.deviceFamily,
          });
          const auth = authKind === 'device' ? { deviceToken: secret } : secret ? { token: secret } : {};
          ws.send(
            JSON.stringify({
              type: 'req',
              id: reqId,
              method: 'connect',
              params: {
                minProtocol: 3,
                maxProtocol: 4,
                client: {
                  id: this.profile.clientId,
                  version: '1.0.0-test',
                  platform: this.profile.platform,
                  mode: this.profile.clientMode,
                  displayName: this.profile.displayName,
                  ...(this.profile.deviceFamily ? { deviceFamily: this.profile.deviceFamily } : {}),
                },
                role,
                scopes: o.scopes,
                caps: o.caps ?? [],
                auth,
                device: { id: this.deviceId, publicKey: this.identity.publicKey, signature, signedAt, nonce },
              },
            }),
          );
        } else if (msg.type === 'res' && msg.id === reqId) {
          if (msg.ok) {
            const hello = msg.payload as Record<string, unknown>;
            const auth = hello.auth as { deviceToken?: string } | undefined;
            if (auth?.deviceToken) this.deviceToken = auth.deviceToken;
            if (o.keepOpen) done({ ok: true, hello, ws, ms: Date.now() - started });
            else {
              done({ ok: true, hello, ms: Date.now() - started });
              ws.close();
            }
          } else {
            error = msg.error as ConnectError;
          }
        }
      });
      ws.on('close', (code, reason) => {
        done({
          ok: false,
          ...(error ? { error } : {}),
          ...(socketError ? { socketError } : {}),
          closeCode: code,
          closeReason: reason.toString(),
          ms: Date.now() - started,
        });
      });
      ws.on('error', (err: Error & { code?: string; errors?: (Error & { code?: string })[] }) => {
        // Happy-eyeballs failures arrive as an AggregateError with an empty message.
        socketError =
          err.message || err.code || err.errors?.map((e) => e.code ?? e.message).join(', ') || err.name;
      });
    });
  }

  /**
   * Connects again and again, every `intervalMs`, like a client stuck in a scope-upgrade loop.
   * Stops by itself once a connect succeeds (unless `untilStopped`).
   */
  retry(gw: GatewayLike, o: ConnectOptions & { intervalMs?: number; untilStopped?: boolean }): Retrier {
    return new Retrier(this, gw, o);
  }
}

/**
 * 2026.4.12 pairs a first local connect silently: pre-pairing Clawbar's identity at operator.read
 * makes its full-scope connect a scope upgrade that needs an approval.
 */
export async function prePairAtRead(gw: GatewayLike, identity: DeviceIdentity): Promise<void> {
  const pre = new TestDevice(
    { clientId: 'openclaw-macos', clientMode: 'ui', platform: 'linux', displayName: 'Clawbar' },
    identity,
  );
  const r = await pre.connect(gw, { scopes: ['operator.read'] });
  if (!r.ok) throw new Error(`could not pre-pair Clawbar at operator.read: ${JSON.stringify(r)}`);
}

export class Retrier {
  attempts = 0;
  last: ConnectResult | undefined;
  private stopped = false;
  private readonly loop: Promise<void>;
  private wake: (() => void) | undefined;
  /** The device that keeps asking. */
  readonly device: TestDevice;

  constructor(
    device: TestDevice,
    gw: GatewayLike,
    o: ConnectOptions & { intervalMs?: number; untilStopped?: boolean },
  ) {
    this.device = device;
    this.loop = (async () => {
      while (!this.stopped) {
        this.attempts++;
        this.last = await device.connect(gw, { ...o, keepOpen: false });
        if (this.last.ok && !o.untilStopped) return;
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, o.intervalMs ?? 1000);
        });
      }
    })();
  }

  get succeeded(): boolean {
    return this.last?.ok === true;
  }

  /** Resolves once a connect succeeded, or rejects after `timeoutMs`. */
  async untilConnected(timeoutMs: number): Promise<ConnectResult> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.last?.ok) return this.last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`device did not connect within ${timeoutMs} ms (last: ${JSON.stringify(this.last)})`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }
}
