// A scripted stand-in gateway for faults the real gateway cannot produce on demand (a flood of
// malformed frames, a burst of events with a dropped seq, absurd delays, a port held by another user):
// challenge → hello-ok (or a scripted connect error), then every request goes to `onRequest`. Shared by
// the fault tests (test/faults/). Run as a script (`node faultServer.ts`), it listens on a free port,
// prints `{"url"}` and then every frame it receives as one JSON line each (`{"frame"}`): that is how a
// test runs it as another user (`setpriv --reuid=65534 … node faultServer.ts`).
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_PAYLOAD } from '../../electron/core/gateway/client.ts';

export interface ScriptedRequest {
  id: string;
  method: string;
  params: unknown;
}

export interface FaultServer {
  url: string;
  connections: WebSocket[];
  /** Every request after connect, in arrival order. */
  requests: ScriptedRequest[];
  close: () => Promise<void>;
}

export interface FaultServerOptions {
  /** false: never send `connect.challenge` (a gateway that hangs before the handshake). */
  challenge?: boolean;
  methods?: string[];
  /** Answers a request; unanswered requests time out on the client. */
  onRequest?: (ws: WebSocket, req: ScriptedRequest) => void;
  afterHello?: (ws: WebSocket) => void;
  /** Answers every connect with this error (then closes with 1013), instead of hello-ok. */
  connectError?: { code: string; message: string; retryable?: boolean; retryAfterMs?: number };
  /** hello-ok's `policy.tickIntervalMs` (30 s by default). */
  tickIntervalMs?: number;
  /** The address to listen on (127.0.0.1 by default). */
  host?: string;
  /** Sees every frame a client sends, connect included, as received. */
  onFrame?: (text: string) => void;
}

export function reply(ws: WebSocket, id: string, payload: unknown): void {
  ws.send(JSON.stringify({ type: 'res', id, ok: true, payload }));
}

export async function faultServer(o: FaultServerOptions = {}): Promise<FaultServer> {
  const wss = new WebSocketServer({ host: o.host ?? '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024 });
  const connections: WebSocket[] = [];
  const requests: ScriptedRequest[] = [];
  wss.on('connection', (ws) => {
    connections.push(ws);
    if (o.challenge !== false)
      ws.send(
        JSON.stringify({
          type: 'event',
          event: 'connect.challenge',
          payload: { nonce: randomUUID(), ts: Date.now() },
        }),
      );
    ws.on('message', (data: Buffer) => {
      o.onFrame?.(data.toString());
      const req = JSON.parse(data.toString()) as ScriptedRequest;
      if (req.method === 'connect' && o.connectError) {
        ws.send(JSON.stringify({ type: 'res', id: req.id, ok: false, error: o.connectError }));
        ws.close(1013, 'try again later');
        return;
      }
      if (req.method !== 'connect') {
        requests.push(req);
        o.onRequest?.(ws, req);
        return;
      }
      reply(ws, req.id, {
        type: 'hello-ok',
        protocol: 4,
        server: { version: 'fault-server', connId: randomUUID() },
        features: { methods: o.methods ?? ['device.pair.list'], events: [] },
        snapshot: {},
        policy: {
          maxPayload: MAX_PAYLOAD,
          maxBufferedBytes: MAX_PAYLOAD,
          tickIntervalMs: o.tickIntervalMs ?? 30_000,
        },
      });
      o.afterHello?.(ws);
    });
  });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://${o.host?.includes(':') ? `[${o.host}]` : (o.host ?? '127.0.0.1')}:${port}`,
    connections,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

// As a script: a fault server that reports what it receives on stdout (for a run as another user).
if (import.meta.main) {
  const srv = await faultServer({
    onFrame: (text) => process.stdout.write(`${JSON.stringify({ frame: text })}\n`),
  });
  process.stdout.write(`${JSON.stringify({ url: srv.url })}\n`);
  process.on('SIGTERM', () => void srv.close().then(() => process.exit(0)));
}
