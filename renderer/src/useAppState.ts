import { useEffect, useState } from 'react';
import type { AppState, ClawbarBridge } from '../../electron/core/bridge/contract.ts';

/** The core's state: the initial `getState()` and every `state` event after it (a newer event wins). */
export function useAppState(bridge: ClawbarBridge | undefined): {
  state: AppState | null;
  error: string | null;
} {
  const [state, setState] = useState<AppState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!bridge) return;
    let live = true;
    let pushed = false;
    const off = bridge.on('state', (s) => {
      pushed = true;
      if (live) setState(s);
    });
    bridge
      .getState()
      .then((s) => {
        if (live && !pushed) setState(s);
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
      off();
    };
  }, [bridge]);
  return { state, error };
}
