// Panel entry. The panel talks only to `window.clawbar` (found by bridgeAccess.ts, handed to the views by
// BridgeProvider). The state is asked for before React mounts, so the first screen is committed once,
// with its content (the bench's "first render"); a slow answer falls back to "Loading…" after
// FIRST_STATE_WAIT_MS.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { waitForBridge } from './bridgeAccess.ts';
import { createCoreFeed } from './coreFeed.ts';

const FIRST_STATE_WAIT_MS = 300;

async function start(rootElement: HTMLElement): Promise<void> {
  const bridge = await waitForBridge();
  const root = bridge ? { bridge, feed: createCoreFeed(bridge) } : null;
  await root?.feed.settled(FIRST_STATE_WAIT_MS);
  createRoot(rootElement).render(
    <StrictMode>
      <App root={root} />
    </StrictMode>,
  );
}

const root = document.getElementById('root');
if (root) void start(root);
