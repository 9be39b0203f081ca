// The dev host: serves the built panel and the bridge contract over a loopback WebSocket so the panel
// runs in an ordinary browser against the real core. Loopback only, one random key per run (required
// by the WebSocket handshake and the JSON endpoints), the WebSocket Origin must be the host's own.
// Bodies and frames are capped (413 / close 1009); an action that changed nothing says so.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ClawbarCore } from '../core/app/types.ts';
import type { NotificationOp } from '../core/present/types.ts';
import { EVENT_NAMES } from '../core/contract/contract.ts';
import { dispatch } from '../core/bridge/dispatch.ts';
import { panelHeaders } from '../core/bridge/csp.ts';
import { loadStaticFile, panelCspFor } from '../core/bridge/staticFiles.ts';
import { DEVHOST_WS_PATH } from '../core/contract/wsMessages.ts';
import type { WsServerMessage } from '../core/contract/wsMessages.ts';
import type { MemoryLoginItems } from './loginItems.ts';
import { errorMessage } from '../core/contract/errors.ts';

export interface DevHostOptions {
  /** The core to serve (the real one in `npm run preview`). */
  core: ClawbarCore;
  /** Folder of the built panel (dist/renderer). */
  rootDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed key (tests); random otherwise. */
  key?: string;
  /** Login items the dev host's core was given, shown at /__clawbar/login-items. */
  loginItems?: MemoryLoginItems;
}

export interface LoggedNotification {
  at: number;
  op: NotificationOp;
}

export interface DevHost {
  /** The panel URL with the key in its fragment: http://127.0.0.1:P/#key=… */
  url: string;
  origin: string;
  port: number;
  key: string;
  /** Every NotificationOp the core emitted (a browser has no OS notifier). */
  notifications: LoggedNotification[];
  close(): Promise<void>;
}

const wsRequest = z.strictObject({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  args: z.array(z.unknown()).max(16),
});

const notificationAction = z.strictObject({
  key: z.string().min(1).max(256),
  revision: z.number().int().positive(),
  action: z.enum(['approve', 'not-now', 'click']),
});

export const DEVHOST_API = {
  notifications: '/__clawbar/notifications',
  notificationAction: '/__clawbar/notification-action',
  loginItems: '/__clawbar/login-items',
} as const;

function sameKey(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice('Bearer '.length) : null;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The largest request body and WebSocket frame the host accepts (bridge calls are far smaller). */
export const MAX_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLarge();
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Why a notification action will change nothing, or undefined when it can: the item is not in the
 * inbox (unknown, or decided meanwhile), or an approve names a revision that is no longer current.
 */
export function notificationNoop(
  inbox: ReadonlyArray<{ key: string; revision: number }> | undefined,
  action: { key: string; revision: number; action: string },
): string | undefined {
  const item = inbox?.find((i) => i.key === action.key);
  if (!item) return `No pending item ${action.key}: nothing was done.`;
  if (action.action === 'approve' && item.revision !== action.revision) {
    return `${action.key} changed since revision ${action.revision} (now ${item.revision}): nothing was approved.`;
  }
  return undefined;
}

/** A core that answers an ActionResult for a notification action (older cores answer nothing). */
function failedResult(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || (r as { ok?: unknown }).ok !== false) return undefined;
  const error = (r as { error?: unknown }).error;
  return typeof error === 'string' ? error : 'nothing was done';
}

export async function startDevHost(opts: DevHostOptions): Promise<DevHost> {
  const key = opts.key ?? randomBytes(24).toString('base64url');
  const notifications: LoggedNotification[] = [];
  const unsubscribers: Array<() => void> = [];
  unsubscribers.push(opts.core.onNotification((op) => notifications.push({ at: Date.now(), op })));

  let origin = '';
  const hostHeader = (): string => origin.slice('http://'.length);

  async function handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    if (!sameKey(key, bearer(req))) return sendJson(res, 401, { error: 'missing or wrong key' });
    if (pathname === DEVHOST_API.notifications && req.method === 'GET')
      return sendJson(res, 200, notifications);
    if (pathname === DEVHOST_API.loginItems && req.method === 'GET') {
      return sendJson(res, 200, opts.loginItems?.snapshot() ?? null);
    }
    if (pathname === DEVHOST_API.notificationAction && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (err) {
        if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: 'body too large' });
        return sendJson(res, 400, { error: 'body must be JSON' });
      }
      const parsed = notificationAction.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
      const { key: itemKey, revision, action } = parsed.data;
      const noop = notificationNoop((await opts.core.getState()).inbox, parsed.data);
      // The core still hears it: a stale notification is brought up to date (or closed).
      const result: unknown = await opts.core.onNotificationAction(itemKey, revision, action);
      const failed = noop ?? failedResult(result);
      if (failed) return sendJson(res, 409, { ok: false, noop: true, error: failed });
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 404, { error: 'not found' });
  }

  const server = http.createServer((req, res) => {
    // DNS rebinding: only our own Host is served.
    if (req.headers.host !== hostHeader()) {
      res.writeHead(421).end('wrong host');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const work = url.pathname.startsWith('/__clawbar/')
      ? handleApi(req, res, url.pathname)
      : (async () => {
          if (req.method !== 'GET' && req.method !== 'HEAD') {
            res.writeHead(405).end();
            return;
          }
          const file = await loadStaticFile(opts.rootDir, url.pathname);
          if (file.status !== 200) {
            res.writeHead(file.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(file.message);
            return;
          }
          // A damaged build manifest rejects here: answered 500 with its message below.
          res.writeHead(200, panelHeaders(file.contentType, await panelCspFor(opts.rootDir)));
          res.end(req.method === 'HEAD' ? undefined : file.body);
        })();
    work.catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: errorMessage(err) });
      else res.destroy();
    });
  });

  // A larger frame closes the socket with 1009 (message too big).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== DEVHOST_WS_PATH) return refuse(404, 'Not Found');
    if (req.headers.host !== hostHeader() || req.headers.origin !== origin) return refuse(403, 'Forbidden');
    if (!sameKey(key, url.searchParams.get('key'))) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, msg: WsServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  for (const name of EVENT_NAMES) {
    unsubscribers.push(
      opts.core.on(name, (payload) => {
        for (const ws of wss.clients) send(ws, { type: 'event', name, payload });
      }),
    );
  }

  wss.on('connection', (ws: WebSocket) => {
    // A frame over maxPayload: ws has already closed the socket with 1009; nothing else to do.
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = !isBinary && Buffer.isBuffer(data) ? JSON.parse(data.toString('utf8')) : undefined;
      } catch {
        raw = undefined;
      }
      const msg = wsRequest.safeParse(raw);
      if (!msg.success) {
        ws.close(1003, 'bad message');
        return;
      }
      const { id, name, args } = msg.data;
      void dispatch(opts.core, name, args).then((reply) => send(ws, { type: 'reply', id, reply }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#key=${key}`,
    origin,
    port,
    key,
    notifications,
    async close() {
      for (const off of unsubscribers) off();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
