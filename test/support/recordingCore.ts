// A test double of the ClawbarCore for transport tests (bridge dispatch, dev host, IPC): every request
// is recorded and answered by an override or `{ ok: true }`; events and notifications are emitted by
// the test. It tests the transports, not the core.
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import type { MenuAction, NotificationOp, NotificationResponse } from '../../electron/core/present/types.ts';
import { REQUEST_NAMES } from '../../electron/core/contract/contract.ts';
import type {
  ClawbarEvents,
  ClawbarRequests,
  EventName,
  RequestName,
} from '../../electron/core/contract/contract.ts';

export interface RecordingCore extends ClawbarCore {
  calls: Array<{ name: RequestName; args: unknown[] }>;
  notificationActions: Array<{ key: string; revision: number; action: NotificationResponse }>;
  menuActions: MenuAction[];
  emit<E extends EventName>(event: E, payload: ClawbarEvents[E]): void;
  notify(op: NotificationOp): void;
  listenerCount(event: EventName): number;
}

export function recordingCore(
  overrides: Partial<Record<RequestName, (...args: unknown[]) => unknown>> = {},
): RecordingCore {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const notificationListeners = new Set<(op: NotificationOp) => void>();
  const calls: RecordingCore['calls'] = [];
  const requests: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of REQUEST_NAMES) {
    requests[name] = async (...args: unknown[]) => {
      calls.push({ name, args });
      const override = overrides[name];
      return override ? await override(...args) : { ok: true };
    };
  }
  const core = {
    ...(requests as unknown as ClawbarRequests),
    calls,
    notificationActions: [] as RecordingCore['notificationActions'],
    menuActions: [] as MenuAction[],
    on<E extends EventName>(event: E, listener: (payload: ClawbarEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    onNotification(listener: (op: NotificationOp) => void) {
      notificationListeners.add(listener);
      return () => void notificationListeners.delete(listener);
    },
    tray: () => ({ menu: [], icon: { icon: 'connected' as const, tooltip: 'Clawbar' } }),
    onMenuAction(action: MenuAction) {
      core.menuActions.push(action);
      return Promise.resolve();
    },
    onNotificationAction(key: string, revision: number, action: NotificationResponse) {
      core.notificationActions.push({ key, revision, action });
      return Promise.resolve();
    },
    async start() {},
    async dispose() {},
    emit<E extends EventName>(event: E, payload: ClawbarEvents[E]) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    notify(op: NotificationOp) {
      for (const l of notificationListeners) l(op);
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
  return core;
}
