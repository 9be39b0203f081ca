// The dev host's login items: a browser cannot register one, so the state lives in memory and every
// call is logged (served at /__clawbar/login-items for e2e tests).
import type { LoginItemsPort } from '../core/app/types.ts';

export interface MemoryLoginItems extends LoginItemsPort {
  snapshot(): {
    openAtLogin: boolean;
    calls: Array<{ at: number; call: 'set' | 'openSystemSettings'; value?: boolean }>;
  };
}

export function createMemoryLoginItems(initial = false): MemoryLoginItems {
  let openAtLogin = initial;
  const calls: Array<{ at: number; call: 'set' | 'openSystemSettings'; value?: boolean }> = [];
  return {
    get: () => ({ openAtLogin, status: openAtLogin ? 'enabled' : 'not-registered', wasOpenedAtLogin: false }),
    set(value: boolean) {
      openAtLogin = value;
      calls.push({ at: Date.now(), call: 'set', value });
    },
    openSystemSettings() {
      calls.push({ at: Date.now(), call: 'openSystemSettings' });
    },
    snapshot: () => ({ openAtLogin, calls: [...calls] }),
  };
}
