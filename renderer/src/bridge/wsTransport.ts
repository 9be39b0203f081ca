// Browser transport for the dev host (`npm run preview`): the same contract over a loopback
// WebSocket. The per-run key comes from the page URL's fragment (#key=…), is kept for reloads in
// sessionStorage and removed from the address bar.
import type { BridgeReply, BridgeTransport } from '../../../electron/core/contract/client.ts';
import type { EventName, RequestName } from '../../../electron/core/contract/contract.ts';
import { DEVHOST_WS_PATH } from '../../../electron/core/contract/wsMessages.ts';
import type { WsClientMessage, WsServerMessage } from '../../../electron/core/contract/wsMessages.ts';
import { errorMessage } from '../../../electron/core/contract/errors.ts';

const KEY_STORAGE = 'clawbar.devhost.key';

/** Takes the key out of `#key=…` (keeping any other fragment) or from this tab's storage. */
export function takeDevHostKey(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('key');
  if (fromHash) {
    storage.setItem(KEY_STORAGE, fromHash);
    params.delete('key');
    const rest = params.toString();
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  return storage.getItem(KEY_STORAGE);
}

export function createWsTransport(key: string, origin: string = window.location.origin): BridgeTransport {
  const wsUrl = `${origin.replace(/^http/, 'ws')}${DEVHOST_WS_PATH}?key=${encodeURIComponent(key)}`;
  const pending = new Map<number, (reply: BridgeReply) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 500;

  function failAll(message: string): void {
    for (const resolve of pending.values()) resolve({ ok: false, code: 'disconnected', message });
    pending.clear();
  }

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      socket = ws;
      ws.addEventListener('open', () => {
        retryMs = 500;
        resolve(ws);
      });
      ws.addEventListener('message', (ev: MessageEvent) => {
        if (typeof ev.data !== 'string') return;
        const msg = JSON.parse(ev.data) as WsServerMessage;
        if (msg.type === 'reply') {
          pending.get(msg.id)?.(msg.reply);
          pending.delete(msg.id);
        } else {
          for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
        }
      });
      ws.addEventListener('close', () => {
        opened = null;
        socket = null;
        failAll('the dev host connection closed');
        reject(new Error('the dev host refused or closed the connection'));
        // Events keep flowing after a dev host restart only if someone listens; reconnect then.
        if (listeners.size > 0) {
          setTimeout(() => void connect().catch(() => undefined), retryMs);
          retryMs = Math.min(retryMs * 2, 10_000);
        }
      });
    });
    return opened;
  }

  return {
    async request(name: RequestName, args: unknown[]): Promise<BridgeReply> {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch (err) {
        return { ok: false, code: 'disconnected', message: errorMessage(err) };
      }
      const id = nextId++;
      const msg: WsClientMessage = { type: 'request', id, name, args };
      return new Promise<BridgeReply>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify(msg));
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      if (!socket) void connect().catch(() => undefined);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(event);
      };
    },
  };
}
