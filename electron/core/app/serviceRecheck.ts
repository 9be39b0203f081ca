// The gateway service's status follows the connection: when Clawbar connects, loses the gateway or stops,
// the service is checked again (is it running, on which port, under which manager), so the panel's service
// view is true without "Check for problems". A burst of state changes (reconnect attempts, a flapping
// gateway) makes one check after it settles, and never two at once.
import type { ConnectionState } from '../contract/views.ts';

/** Whether a state change is one the service's status can have changed with. */
type Link = 'up' | 'down' | 'other';

function linkOf(s: ConnectionState): Link {
  if (s.kind === 'connected') return 'up';
  if (s.kind === 'gateway-down' || s.kind === 'reconnecting' || s.kind === 'stopped') return 'down';
  return 'other';
}

export interface ServiceRecheck {
  /** Feed every connection state; a change between connected and not schedules one check. */
  onState(s: ConnectionState): void;
  dispose(): void;
}

export function serviceRecheck(check: () => Promise<unknown>, settleMs = 300): ServiceRecheck {
  let last: Link | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let disposed = false;

  const run = (): void => {
    timer = undefined;
    if (disposed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void check()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again && !disposed) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, settleMs);
    timer.unref();
  };

  return {
    onState(s) {
      const link = linkOf(s);
      if (link === 'other' || link === last) return;
      const first = last === undefined;
      last = link;
      // The first state (connecting at start) is not a change: start() checks the service itself.
      if (!first || link === 'up') schedule();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
