// The preload: sandboxed, bundled to one CJS file, using only contextBridge and ipcRenderer. It
// exposes exactly the contract (window.clawbar), built by the same generic client as the browser.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, eventChannel, requestChannel } from './core/contract/client.ts';
import type { BridgeReply, BridgeTransport } from './core/contract/client.ts';

const ipcTransport: BridgeTransport = {
  request: (name, args) => ipcRenderer.invoke(requestChannel(name), args) as Promise<BridgeReply>,
  subscribe(event, listener) {
    const channel = eventChannel(event);
    // The IPC event object stays here: only the payload reaches the page.
    const handler = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};

contextBridge.exposeInMainWorld('clawbar', createBridge(ipcTransport));
