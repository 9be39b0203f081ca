// Native notifications from the core's NotificationOps: one live notification per device, Approve as
// the first action. A click opens the panel on that card; a failure (unsigned builds cannot post)
// falls back to opening the panel.
import type { NotificationConstructorOptions } from 'electron';
import type { NotificationActionId, NotificationOp } from '../core/app/types.ts';

/** Action ids in display order; the index Electron reports maps into this list. */
export const NOTIFICATION_ACTIONS: readonly NotificationActionId[] = ['approve', 'not-now'];
const ACTION_TEXT: Record<NotificationActionId, string> = { approve: 'Approve', 'not-now': 'Not now' };

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'action', listener: (details: { actionIndex: number }, actionIndex?: number) => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

export function notificationOptions(
  op: Extract<NotificationOp, { type: 'show' | 'update' }>,
): NotificationConstructorOptions {
  return {
    // Same id for a device: an update replaces the delivered notification instead of stacking.
    id: `clawbar-pairing-${op.deviceId}`,
    groupId: 'clawbar-pairing',
    title: op.title,
    body: op.body,
    silent: op.silent ?? op.type === 'update',
    timeoutType: 'never',
    actions: NOTIFICATION_ACTIONS.map((id) => ({ type: 'button' as const, text: ACTION_TEXT[id] })),
  };
}

export interface NotifierDeps {
  create(options: NotificationConstructorOptions): NotificationLike;
  onAction(deviceId: string, action: NotificationActionId | 'click'): void;
  onFailed(deviceId: string, error: string): void;
}

export interface Notifier {
  apply(op: NotificationOp): void;
  /** Device ids with a live notification. */
  live(): string[];
  closeAll(): void;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const live = new Map<string, NotificationLike>();

  function close(deviceId: string): void {
    live.get(deviceId)?.close();
    live.delete(deviceId);
  }

  return {
    apply(op) {
      if (op.type === 'close') return close(op.deviceId);
      if (op.type === 'test') {
        deps.create({ title: op.title, body: op.body, silent: false }).show();
        return;
      }
      const { deviceId } = op;
      close(deviceId);
      const n = deps.create(notificationOptions(op));
      // Handlers act only while this is the device's current notification.
      const current = (): boolean => live.get(deviceId) === n;
      n.on('action', (details, legacyIndex) => {
        const action = NOTIFICATION_ACTIONS[details?.actionIndex ?? legacyIndex ?? -1];
        if (action && current()) deps.onAction(deviceId, action);
      });
      n.on('click', () => {
        if (current()) deps.onAction(deviceId, 'click');
      });
      n.on('failed', (_event, error) => {
        if (current()) deps.onFailed(deviceId, error);
      });
      live.set(deviceId, n);
      n.show();
    },
    live: () => [...live.keys()],
    closeAll() {
      for (const id of [...live.keys()]) close(id);
    },
  };
}
