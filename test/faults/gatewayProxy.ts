// A loopback proxy in front of a real gateway, for faults on the wire the gateway cannot be asked to
// produce (a challenge from a skewed clock, an answer lost with the gateway). Each client connection
// gets its own upstream connection; `/readyz` is forwarded so a client's readiness probe still works.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface ProxyHooks {
  /** Rewrites a gateway → client text frame; null swallows it. */
  fromGateway?: (text: string) => string | null;
  /** Sees every client → gateway text frame (passed on unchanged). */
  fromClient?: (text: string) => void;
}

export interface GatewayProxy {
  url: string;
  httpUrl: string;
  /** Client connections accepted so far. */
  connections: number;
  close: () => Promise<void>;
}

export async function gatewayProxy(
  target: { url: string; httpUrl: string },
  hooks: ProxyHooks = {},
): Promise<GatewayProxy> {
  const server = http.createServer((req, res) => {
    void fetch(`${target.httpUrl}${req.url ?? '/'}`, { signal: AbortSignal.timeout(2000) })
      .then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(await r.text());
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
  const wss = new WebSocketServer({ server });
  const proxy: GatewayProxy = { url: '', httpUrl: '', connections: 0, close: () => Promise.resolve() };
  wss.on('connection', (down) => {
    proxy.connections++;
    const up = new WebSocket(target.url);
    const queued: string[] = [];
    down.on('message', (d: Buffer) => {
      const text = d.toString();
      hooks.fromClient?.(text);
      if (up.readyState === WebSocket.OPEN) up.send(text);
      else queued.push(text);
    });
    up.on('open', () => {
      for (const m of queued.splice(0)) up.send(m);
    });
    up.on('message', (d: Buffer) => {
      const out = hooks.fromGateway ? hooks.fromGateway(d.toString()) : d.toString();
      if (out !== null && down.readyState === WebSocket.OPEN) down.send(out);
    });
    up.on('close', (code, reason) => {
      // 1005/1006 cannot be sent in a close frame: an abnormal end upstream is an abnormal end here.
      if (code === 1005 || code === 1006) down.terminate();
      else if (down.readyState === WebSocket.OPEN) down.close(code, reason.toString());
    });
    down.on('close', () => up.terminate());
    up.on('error', () => down.terminate());
    down.on('error', () => up.terminate());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  proxy.url = `ws://127.0.0.1:${port}`;
  proxy.httpUrl = `http://127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
