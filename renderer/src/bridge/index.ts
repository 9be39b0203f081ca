// Where the panel gets `window.clawbar`: from the Electron preload when there is one, otherwise
// (a browser on the dev host) from the WebSocket transport speaking the same contract.
import { createBridge } from '../../../electron/core/contract/client.ts';
import type { ClawbarBridge } from '../../../electron/core/contract/contract.ts';
import { createWsTransport, takeDevHostKey } from './wsTransport.ts';

declare global {
  interface Window {
    clawbar?: ClawbarBridge;
  }
}

export class NoBridgeError extends Error {
  constructor() {
    super(
      'No Clawbar bridge: open the panel from the Electron app, or from the URL `npm run preview` prints.',
    );
    this.name = 'NoBridgeError';
  }
}

let cached: ClawbarBridge | null = null;

/** The bridge for this page; throws NoBridgeError when neither the preload nor a dev host key is there. */
export function getBridge(): ClawbarBridge {
  if (cached) return cached;
  if (window.clawbar) return (cached = window.clawbar);
  const key = takeDevHostKey();
  if (!key) throw new NoBridgeError();
  cached = createBridge(createWsTransport(key));
  window.clawbar = cached;
  return cached;
}
