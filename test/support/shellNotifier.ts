// The Electron shell's notifier (electron/shell/notifications.ts) on a core, with Electron's
// Notification replaced at the shell's import boundary: what a person sees and presses, recorded.
import assert from 'node:assert/strict';
import type { NotificationConstructorOptions } from 'electron';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import { createNotifier, type NotificationLike } from '../../electron/shell/notifications.ts';

/** Electron's Notification, replaced at the shell's import boundary. */
export class FakeNotification implements NotificationLike {
  readonly options: NotificationConstructorOptions;
  private readonly handlers = new Map<string, (...args: never[]) => void>();
  constructor(options: NotificationConstructorOptions) {
    this.options = options;
  }
  show(): void {}
  close(): void {}
  on(event: string, listener: (...args: never[]) => void): this {
    this.handlers.set(event, listener);
    return this;
  }
  pressButton(index: number): void {
    (this.handlers.get('action') as ((d: { actionIndex: number }) => void) | undefined)?.({
      actionIndex: index,
    });
  }
  press(label: string): void {
    const index = this.options.actions?.findIndex((a) => a.text === label) ?? -1;
    assert.ok(index >= 0, `the notification offers ${label}`);
    (this.handlers.get('action') as (d: { actionIndex: number }) => void)({ actionIndex: index });
  }
}

export interface ShellNotifier {
  /** Every notification the shell created, in order. */
  created: FakeNotification[];
  /** Item keys with a live notification. */
  live: () => string[];
  /** Settles when the last notification action reported to the core has been handled. */
  handled: () => Promise<void>;
}

/** The shell's notifier applying every op `core` emits from now on; its buttons report back to `core`. */
export function shellNotifier(core: ClawbarCore): ShellNotifier {
  const created: FakeNotification[] = [];
  let last: Promise<void> = Promise.resolve();
  const notifier = createNotifier({
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    onAction: (key, revision, action) => {
      last = core.onNotificationAction(key, revision, action);
    },
    onFailed: () => undefined,
  });
  core.onNotification((op) => notifier.apply(op));
  return { created, live: () => notifier.live(), handled: () => last };
}
