// One socket's life: open → `connect.challenge` → connect → hello-ok → frames, until it closes. It
// times the handshake, routes frames to the connection, and on close reports the one Failure that
// explains the end (the connect error, a local reason, or the close code). It never retries: the
// connection that owns it decides what comes next.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { errorMessage } from '../contract/errors.ts';
import type { Failure } from './failure.ts';
import {
  ChallengePayload,
  HelloOk,
  parseInbound,
  ShutdownPayload,
  type EventFrame,
  type GatewayErrorShape,
  type ResponseFrame,
} from './frames.ts';

/** Largest frame accepted after hello-ok (the gateway's own `policy.maxPayload`). */
export const MAX_PAYLOAD = 25 * 1024 * 1024;

/** Why a connect frame was not sent: a Failure to report, or an error shape the gateway could have sent. */
export type ConnectRefusal = { failure: Failure } | { error: GatewayErrorShape };

export interface SessionHost {
  handshakeTimeoutMs: number;
  /** The connect frame for this challenge, or why none may be sent. */
  connectFrame(id: string, nonce: string, challengeTs: number): Promise<string | ConnectRefusal>;
  onHello(hello: HelloOk): void;
  onEvent(frame: EventFrame): void;
  /** A response to an RPC; false when nothing waits for it. */
  onResponse(frame: ResponseFrame): boolean;
  /** Any frame arrived (the heartbeat watchdog rearms). */
  onFrame(): void;
  drop(why: string): void;
  onEnd(failure: Failure): void;
}

export class Session {
  readonly ws: WebSocket;
  private readonly host: SessionHost;
  private readonly connectId = randomUUID();
  private connectError: GatewayErrorShape | undefined;
  private restartExpectedMs: number | undefined;
  private failure: Failure | undefined;
  private helloDone = false;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private ended = false;

  /** Throws when the URL cannot be opened at all. */
  constructor(url: string, host: SessionHost) {
    this.host = host;
    this.ws = new WebSocket(url, { maxPayload: MAX_PAYLOAD, handshakeTimeout: host.handshakeTimeoutMs });
    this.armHandshake('challenge');
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('error', (err: Error & { code?: string }) => this.onError(err, url));
    this.ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
  }

  get open(): boolean {
    return !this.ended && this.ws.readyState === WebSocket.OPEN;
  }

  /** Ends the socket for a local reason (the watchdog, a refusal), reported as that reason. */
  abort(failure?: Failure): void {
    if (failure) this.failure ??= failure;
    this.ws.terminate();
  }

  /** Closes without reporting anything (Clawbar stops or points elsewhere). */
  async dispose(): Promise<void> {
    this.ended = true;
    this.clearHandshake();
    const ws = this.ws;
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

  private armHandshake(what: 'challenge' | 'hello'): void {
    this.clearHandshake();
    this.handshakeTimer = setTimeout(
      () => this.abort({ kind: 'timeout', what }),
      this.host.handshakeTimeoutMs,
    );
  }

  private clearHandshake(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.ended) return;
    this.host.onFrame();
    if (isBinary) return this.host.drop('binary frame');
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Buffer.concat(data as Buffer[]).toString('utf8');
    const parsed = parseInbound(text);
    if ('error' in parsed) return this.host.drop(parsed.error);
    const frame = parsed.frame;
    if (frame.type === 'event') return this.onEventFrame(frame);
    if (frame.id === this.connectId) return this.onConnectAnswer(frame);
    if (!this.host.onResponse(frame))
      this.host.drop(`response to an unknown request ${frame.id.slice(0, 64)}`);
  }

  private onEventFrame(frame: EventFrame): void {
    if (frame.event === 'connect.challenge' && !this.helloDone) {
      const ch = ChallengePayload.safeParse(frame.payload);
      if (!ch.success) return this.host.drop('malformed connect.challenge');
      this.armHandshake('hello');
      void this.sendConnect(ch.data.nonce, ch.data.ts);
      return;
    }
    if (frame.event === 'shutdown') {
      const p = ShutdownPayload.safeParse(frame.payload ?? {});
      if (p.success) this.restartExpectedMs = p.data.restartExpectedMs;
    }
    if (this.helloDone) this.host.onEvent(frame);
  }

  private async sendConnect(nonce: string, challengeTs: number): Promise<void> {
    let out: string | ConnectRefusal;
    try {
      out = await this.host.connectFrame(this.connectId, nonce, challengeTs);
    } catch (err) {
      out = {
        failure: { kind: 'socket-error', message: `could not prepare the connect: ${errorMessage(err)}` },
      };
    }
    if (typeof out !== 'string') {
      if ('error' in out) this.connectError = out.error;
      this.abort('failure' in out ? out.failure : undefined);
      return;
    }
    if (this.open) this.ws.send(out);
  }

  private onConnectAnswer(frame: ResponseFrame): void {
    this.clearHandshake();
    if (!frame.ok) {
      this.connectError = frame.error ?? { code: 'UNKNOWN', message: 'connect refused' };
      // The gateway closes with 1008 next; close ourselves if it doesn't.
      setTimeout(() => this.ws.terminate(), 2000).unref();
      return;
    }
    const hello = HelloOk.safeParse(frame.payload);
    if (!hello.success) {
      return this.abort({
        kind: 'bad-frame',
        message: 'the gateway answered connect with an unexpected hello',
      });
    }
    this.helloDone = true;
    this.host.onHello(hello.data);
  }

  private onError(err: Error & { code?: string }, url: string): void {
    if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH') {
      this.failure ??= { kind: 'refused', message: `nothing answers at ${url} (${err.code})` };
    } else if (/max payload|too big|1009/i.test(err.message)) {
      this.failure ??= { kind: 'closed', code: 1009, reason: 'a frame was larger than Clawbar accepts' };
    } else {
      this.failure ??= { kind: 'socket-error', message: err.message };
    }
  }

  private onClose(code: number, reason: string): void {
    this.clearHandshake();
    if (this.ended) return;
    this.ended = true;
    const restart = this.restartExpectedMs;
    this.host.onEnd(
      this.connectError
        ? { kind: 'connect-error', error: this.connectError }
        : (this.failure ?? {
            kind: 'closed',
            code,
            reason,
            ...(restart !== undefined ? { restartExpectedMs: restart } : {}),
          }),
    );
  }
}
