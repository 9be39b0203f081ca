// The panel's only way out: `window.clawbar`, from the Electron preload or, in a browser on the dev host,
// from renderer/src/bridge/ (getBridge installs the WebSocket transport).
import type { ClawbarBridge } from '../../electron/core/contract/contract.ts';
import { getBridge } from './bridge/index.ts';

export function currentBridge(): ClawbarBridge | undefined {
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
    const bridge = currentBridge();
    if (bridge || Date.now() - started > timeoutMs) return bridge;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
