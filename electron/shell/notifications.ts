// Native notifications from the core's NotificationOps. The shell keeps only the handle of each live
// notification (by item key) and reports its buttons and clicks back with the revision it showed; the
// core decides what is shown and what each button means (op.actions, in order). A failure (unsigned
// builds cannot post) is reported so the panel can open instead.
import type { NotificationConstructorOptions } from 'electron';
import type { NotificationOp, NotificationResponse, ShownNotificationOp } from '../core/present/types.ts';

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'action', listener: (details: { actionIndex: number }, actionIndex?: number) => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

export function notificationOptions(op: ShownNotificationOp): NotificationConstructorOptions {
  return {
    // Same id for an item: an update replaces the delivered notification instead of stacking.
    id: `clawbar-${op.key}`,
    groupId: 'clawbar-inbox',
    title: op.title,
    body: op.body,
    silent: op.silent,
    timeoutType: 'never',
    actions: op.actions.map((a) => ({ type: 'button' as const, text: a.label })),
  };
}

export interface NotifierDeps {
  create(options: NotificationConstructorOptions): NotificationLike;
  onAction(key: string, revision: number, action: NotificationResponse): void;
  onFailed(key: string, error: string): void;
}

export interface Notifier {
  apply(op: NotificationOp): void;
  /** Item keys with a live notification. */
  live(): string[];
  closeAll(): void;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const live = new Map<string, NotificationLike>();

  function close(key: string): void {
    live.get(key)?.close();
    live.delete(key);
  }

  return {
    apply(op) {
      if (op.type === 'close') return close(op.key);
      if (op.type === 'test') {
        deps.create({ title: op.title, body: op.body, silent: false }).show();
        return;
      }
      const { key, revision } = op;
      close(key);
      const n = deps.create(notificationOptions(op));
      // Handlers act only while this is the item's current notification.
      const current = (): boolean => live.get(key) === n;
      n.on('action', (details, legacyIndex) => {
        const action = op.actions[details?.actionIndex ?? legacyIndex ?? -1];
        if (action && current()) deps.onAction(key, revision, action.id);
      });
      n.on('click', () => {
        if (current()) deps.onAction(key, revision, 'click');
      });
      n.on('failed', (_event, error) => {
        if (current()) deps.onFailed(key, error);
      });
      live.set(key, n);
      n.show();
    },
    live: () => [...live.keys()],
    closeAll() {
      for (const key of [...live.keys()]) close(key);
    },
  };
}
