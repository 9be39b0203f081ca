// The bridge, provided once at the root: every view asks `useBridge()` instead of reaching for a global.
import { createContext, useContext, type ReactNode } from 'react';
import type { ClawbarBridge } from '../../electron/core/contract/contract.ts';

const BridgeContext = createContext<ClawbarBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: ClawbarBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

/** The panel's bridge. A view rendered outside BridgeProvider is a programming error, said plainly. */
export function useBridge(): ClawbarBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside BridgeProvider: the panel root provides the bridge');
  return bridge;
}
