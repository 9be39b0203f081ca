// What the core pushes to the panel, taken from the moment the panel's script runs (before React
// mounts): the state (with `getState()` asked at once, so the first commit can already be the content
// rather than "Loading…") and focus requests (a notification click may arrive before the panel listens;
// the latest one waits for the first listener).
import type { AppState, ClawbarBridge, FocusRequest } from '../../electron/core/contract/contract.ts';
import { errorMessage } from '../../electron/core/contract/errors.ts';

export interface StateSnapshot {
  state: AppState | null;
  /** Why the first state could not be had (shown only while there is no state). */
  error: string | null;
}

export interface CoreFeed {
  // Arrow properties: React calls these detached (useSyncExternalStore).
  get: () => StateSnapshot;
  subscribe: (listener: () => void) => () => void;
  /** Resolves when the first state (or its error) is in, or after `ms`, whichever comes first. */
  settled(ms: number): Promise<void>;
  onFocus(listener: (request: FocusRequest) => void): () => void;
}

export function createCoreFeed(bridge: ClawbarBridge): CoreFeed {
  let snapshot: StateSnapshot = { state: null, error: null };
  let pushed = false;
  const listeners = new Set<() => void>();
  const publish = (next: StateSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };
  const focusListeners = new Set<(request: FocusRequest) => void>();
  let unclaimedFocus: FocusRequest | null = null;

  // Both subscriptions live as long as the page: the panel has one feed.
  bridge.on('state', (state) => {
    pushed = true;
    publish({ state, error: null });
  });
  bridge.on('focus', (request) => {
    if (focusListeners.size === 0) unclaimedFocus = request;
    for (const listener of focusListeners) listener(request);
  });
  // An event newer than the answer wins: the answer is only taken when nothing was pushed yet.
  const first = bridge.getState().then(
    (state) => {
      if (!pushed) publish({ state, error: null });
    },
    (err: unknown) => {
      if (!snapshot.state) publish({ state: null, error: errorMessage(err) });
    },
  );

  return {
    get: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled: (ms) => Promise.race([first, new Promise<void>((resolve) => setTimeout(resolve, ms))]),
    onFocus(listener) {
      focusListeners.add(listener);
      if (unclaimedFocus !== null) {
        const request = unclaimedFocus;
        unclaimedFocus = null;
        listener(request);
      }
      return () => focusListeners.delete(listener);
    },
  };
}
