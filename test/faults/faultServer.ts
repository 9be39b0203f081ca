// A scripted stand-in gateway for faults the real gateway cannot produce on demand (a flood of
// malformed frames, a burst of events with a dropped seq): challenge → hello-ok, then every request
// goes to `onRequest`. Shared by the fault tests (test/faults/, test/faults/clientFrames.test.ts).
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
}

export function reply(ws: WebSocket, id: string, payload: unknown): void {
  ws.send(JSON.stringify({ type: 'res', id, ok: true, payload }));
}

export async function faultServer(o: FaultServerOptions = {}): Promise<FaultServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024 });
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
      const req = JSON.parse(data.toString()) as ScriptedRequest;
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
        policy: { maxPayload: MAX_PAYLOAD, maxBufferedBytes: MAX_PAYLOAD, tickIntervalMs: 30_000 },
      });
      o.afterHello?.(ws);
    });
  });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
