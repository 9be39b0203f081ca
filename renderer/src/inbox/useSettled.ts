// Tracks, for one card element, since when it has been visible (in view, panel shown) and when its current
// revision reached the panel; re-renders often enough to show a countdown until it settles.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { settleState, type SettleState } from './settle.ts';

function enoughInView(e: IntersectionObserverEntry): boolean {
  if (!e.isIntersecting) return false;
  if (e.intersectionRatio >= 0.5) return true;
  // A card taller than the panel: half the panel's height showing it is enough.
  return e.rootBounds !== null && e.intersectionRect.height >= e.rootBounds.height * 0.5;
}

export interface Settle extends SettleState {
  /** Re-evaluated at the moment of a click or key press (a render may be up to a tick old). */
  check(): SettleState;
}

export function useSettled(ref: RefObject<HTMLElement | null>, revision: number, revisedAt: number): Settle {
  // When this revision reached the panel (set during render so the first render of a new revision is
  // already unsettled).
  const received = useRef<{ revision: number; at: number; changed: boolean } | null>(null);
  if (received.current?.revision !== revision)
    received.current = { revision, at: Date.now(), changed: received.current !== null };
  const [visibleSince, setVisibleSince] = useState<number | null>(null);
  const [, tick] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let inView = false;
    const update = () => {
      const shown = inView && document.visibilityState === 'visible';
      setVisibleSince((since) => (shown ? (since ?? Date.now()) : null));
    };
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) inView = enoughInView(e);
        update();
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    io.observe(el);
    document.addEventListener('visibilitychange', update);
    return () => {
      io.disconnect();
      document.removeEventListener('visibilitychange', update);
    };
  }, [ref]);

  const r = received.current;
  const clock = { revisedAt, receivedAt: r.at, visibleSince, changed: r.changed };
  const state = settleState(clock, Date.now());
  // While settling, re-render every 100 ms for the countdown; nothing runs once settled.
  useEffect(() => {
    if (state.settled || visibleSince === null) return;
    const timer = setInterval(() => tick((n) => n + 1), 100);
    return () => clearInterval(timer);
  }, [state.settled, visibleSince, revision]);
  return { ...state, check: () => settleState(clock, Date.now()) };
}
