// Finding the panel's bridge at start-up: `window.clawbar`, from the Electron preload or, in a browser on
// the browser host, from renderer/src/bridge/ (getBridge installs the WebSocket transport). Views never
// call this: the root hands the bridge to BridgeProvider and views use `useBridge()`.
import type { ClawbarBridge } from '../../electron/core/contract/contract.ts';
import { getBridge } from './bridge/index.ts';

function findBridge(): ClawbarBridge | undefined {
  try {
    return getBridge();
  } catch {
    return undefined;
  }
}

/** Waits briefly for a bridge installed late (a preload is synchronous, but be lenient). */
export async function waitForBridge(timeoutMs = 1500): Promise<ClawbarBridge | undefined> {
  const started = Date.now();
  for (;;) {
    const bridge = findBridge();
    if (bridge || Date.now() - started > timeoutMs) return bridge;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
