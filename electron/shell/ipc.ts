// Electron's side of the bridge: one ipcMain.handle per contract request, each checking that the
// sender is our panel (its webContents, its main frame, on app://clawbar) before the generic
// dispatcher validates the payload. Core events are forwarded to the panel.
import type { ClawbarCore } from '../core/app/types.ts';
import { EVENT_NAMES, REQUEST_NAMES } from '../core/contract/contract.ts';
import { eventChannel, requestChannel } from '../core/contract/client.ts';
import type { BridgeReply } from '../core/contract/client.ts';
import { dispatch } from '../core/bridge/dispatch.ts';
import { isAppUrl } from './protocol.ts';

export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike<E extends SenderInfo> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<BridgeReply>): void;
  removeHandler(channel: string): void;
}

/** The panel's webContents id, or null while there is no panel. */
export function isPanelSender(event: SenderInfo, panelWebContentsId: number | null): boolean {
  const frame = event.senderFrame;
  if (panelWebContentsId === null || event.sender.id !== panelWebContentsId) return false;
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url);
}

export function registerBridgeIpc<E extends SenderInfo>(
  ipcMain: IpcMainLike<E>,
  core: ClawbarCore,
  panelWebContentsId: () => number | null,
): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), async (event, args) => {
      if (!isPanelSender(event, panelWebContentsId())) {
        return { ok: false, code: 'forbidden', message: `${name}: sender is not the Clawbar panel` };
      }
      return dispatch(core, name, args);
    });
  }
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name));
  };
}

export function forwardEvents(
  core: ClawbarCore,
  send: (channel: string, payload: unknown) => void,
): () => void {
  const offs = EVENT_NAMES.map((name) => core.on(name, (payload) => send(eventChannel(name), payload)));
  return () => offs.forEach((off) => off());
}
