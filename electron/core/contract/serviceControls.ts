// Which gateway buttons Clawbar offers, for the tray and the panel alike: only actions on a gateway
// Clawbar may control, never on someone else's (attached, or on another machine).
import type { ServiceAction, ServiceView } from './views.ts';

export function offeredServiceActions(s: ServiceView): Exclude<ServiceAction, 'repair'>[] {
  if (s.startingSince !== undefined || s.mode === 'none' || s.manager === 'someone-else') return [];
  if (s.running) return s.canControl === false ? [] : ['restart', 'stop'];
  if (!s.installed && s.mode !== 'supervised') return ['install'];
  return ['start'];
}
