// The dev host's WebSocket messages (browser panel <-> dev host). Web-safe, types only.
import type { BridgeReply } from './client.ts';

export type WsClientMessage = { type: 'request'; id: number; name: string; args: unknown[] };

export type WsServerMessage =
  { type: 'reply'; id: number; reply: BridgeReply } | { type: 'event'; name: string; payload: unknown };

/** Path of the dev host's WebSocket endpoint; the per-run key goes in the `key` query parameter. */
export const DEVHOST_WS_PATH = '/__clawbar/ws';
