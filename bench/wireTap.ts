// Timestamps Clawbar's handshake frames as they cross the socket, in this process: the gateway's
// `connect.challenge` arriving, Clawbar's `connect` leaving, and the answer to it arriving. Installed on
// `ws`'s WebSocket prototype (the library the core's Session uses), so the core runs unchanged; only
// sockets whose connect names the client "Clawbar" are recorded.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface HandshakeFrame {
  at: number;
  kind: 'challenge' | 'connect' | 'hello-ok' | 'refused';
  /** Which socket (one number per socket, in order of first sight). */
  socket: number;
}

const frames: HandshakeFrame[] = [];
const socketIds = new WeakMap<WebSocket, number>();
const connectIds = new Map<string, number>();
let sockets = 0;
let installed = false;

function socketOf(ws: WebSocket): number {
  let id = socketIds.get(ws);
  if (id === undefined) {
    id = ++sockets;
    socketIds.set(ws, id);
  }
  return id;
}

function parse(data: unknown): Record<string, unknown> | undefined {
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : undefined;
  if (!text?.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Starts recording (idempotent). */
export function installWireTap(): void {
  if (installed) return;
  installed = true;
  const proto = WebSocket.prototype as unknown as {
    send: (data: unknown, ...rest: unknown[]) => void;
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  const send = proto.send;
  proto.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    const at = performance.now();
    const msg = parse(data);
    const params = msg?.params as { client?: { displayName?: string } } | undefined;
    if (
      msg?.method === 'connect' &&
      params?.client?.displayName === 'Clawbar' &&
      typeof msg.id === 'string'
    ) {
      const socket = socketOf(this);
      connectIds.set(msg.id, socket);
      frames.push({ at, kind: 'connect', socket });
    }
    send.call(this, data, ...rest);
  };
  const emit = proto.emit;
  proto.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') {
      const at = performance.now();
      const msg = parse(args[0]);
      if (msg?.type === 'event' && msg.event === 'connect.challenge') {
        frames.push({ at, kind: 'challenge', socket: socketOf(this) });
      } else if (msg?.type === 'res' && typeof msg.id === 'string' && connectIds.has(msg.id)) {
        frames.push({ at, kind: msg.ok === true ? 'hello-ok' : 'refused', socket: connectIds.get(msg.id)! });
      }
    }
    return emit.call(this, event, ...args);
  };
}

/**
 * The handshake that succeeded first after `since`: its challenge, its connect and its hello-ok.
 * Challenges of sockets that never sent a connect (not Clawbar's, or refused before) are skipped.
 */
export function successfulHandshake(
  since: number,
): { challenge: number | undefined; connect: number; helloOk: number; socket: number } | undefined {
  const hello = frames.find((f) => f.at >= since && f.kind === 'hello-ok');
  if (!hello) return undefined;
  const of = (kind: HandshakeFrame['kind']) =>
    frames.find((f) => f.at >= since && f.socket === hello.socket && f.kind === kind)?.at;
  const connect = of('connect');
  if (connect === undefined) return undefined;
  return { challenge: of('challenge'), connect, helloOk: hello.at, socket: hello.socket };
}

/** Connect frames Clawbar sent after `since` (each one an attempt that reached the handshake). */
export function connectsSince(since: number): number {
  return frames.filter((f) => f.at >= since && f.kind === 'connect').length;
}
