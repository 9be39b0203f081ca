// Notification adapter with Electron's Notification replaced at the import boundary (a factory).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NotificationConstructorOptions } from 'electron';
import type { ShownNotificationOp } from '../core/present/types.ts';
import { createNotifier } from './notifications.ts';
import type { NotificationLike } from './notifications.ts';

class FakeNotification implements NotificationLike {
  readonly options: NotificationConstructorOptions;
  readonly calls: string[] = [];
  readonly handlers = new Map<string, (...args: never[]) => void>();
  constructor(options: NotificationConstructorOptions) {
    this.options = options;
  }
  show(): void {
    this.calls.push('show');
  }
  close(): void {
    this.calls.push('close');
  }
  on(event: string, listener: (...args: never[]) => void): this {
    this.handlers.set(event, listener);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    (this.handlers.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  }
}

const show = (key: string, title = 'Wants to pair (read) · MacBook', revision = 1): ShownNotificationOp => ({
  type: 'show',
  key,
  revision,
  title,
  body: 'asks for: read\nfrom this Mac',
  actions: [
    { id: 'approve', label: 'Approve' },
    { id: 'not-now', label: 'Not now' },
  ],
  silent: false,
});

function setup() {
  const created: FakeNotification[] = [];
  const actions: Array<[string, number, string]> = [];
  const failures: Array<[string, string]> = [];
  const notifier = createNotifier({
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    onAction: (key, revision, action) => actions.push([key, revision, action]),
    onFailed: (key, error) => failures.push([key, error]),
  });
  return { notifier, created, actions, failures };
}

describe('notifications', () => {
  test('show: title, body and buttons from the op (Approve first), one id per item', () => {
    const { notifier, created } = setup();
    notifier.apply(show('device:dev-1'));
    assert.equal(created.length, 1);
    const n = created[0]!;
    assert.equal(n.options.title, 'Wants to pair (read) · MacBook');
    assert.equal(n.options.body, 'asks for: read\nfrom this Mac');
    assert.deepEqual(n.options.actions, [
      { type: 'button', text: 'Approve' },
      { type: 'button', text: 'Not now' },
    ]);
    assert.equal(n.options.id, 'clawbar-device:dev-1');
    assert.equal(n.options.silent, false);
    assert.deepEqual(n.calls, ['show']);
  });

  test('action buttons map to the action ids of the op, reported with the key and the revision shown', () => {
    const { notifier, created, actions } = setup();
    notifier.apply(show('device:dev-1', 'Title', 3));
    const n = created[0]!;
    n.fire('action', { actionIndex: 0, preventDefault() {} }, 0);
    n.fire('action', { actionIndex: 1, preventDefault() {} }, 1);
    n.fire('action', { actionIndex: 7, preventDefault() {} }, 7);
    n.fire('click', {});
    assert.deepEqual(actions, [
      ['device:dev-1', 3, 'approve'],
      ['device:dev-1', 3, 'not-now'],
      ['device:dev-1', 3, 'click'],
    ]);
  });

  test('update replaces the notification of the item silently, close closes it; at most one per item', () => {
    const { notifier, created, actions } = setup();
    notifier.apply(show('dev-1'));
    notifier.apply(show('dev-2'));
    notifier.apply({ ...show('dev-1', 'Updated', 2), type: 'update', silent: true });
    assert.equal(created.length, 3);
    assert.deepEqual(created[0]!.calls, ['show', 'close']);
    assert.equal(created[2]!.options.title, 'Updated');
    assert.equal(created[2]!.options.silent, true);
    assert.deepEqual(notifier.live().sort(), ['dev-1', 'dev-2']);
    // The replaced notification no longer acts.
    created[0]!.fire('action', { actionIndex: 0 }, 0);
    assert.deepEqual(actions, []);
    notifier.apply({ type: 'close', key: 'dev-2', revision: 1 });
    assert.deepEqual(created[1]!.calls, ['show', 'close']);
    assert.deepEqual(notifier.live(), ['dev-1']);
    notifier.closeAll();
    assert.deepEqual(created[2]!.calls, ['show', 'close']);
    assert.deepEqual(notifier.live(), []);
  });

  test('a failed notification (unsigned build) is reported for the fallback', () => {
    const { notifier, created, failures } = setup();
    notifier.apply(show('dev-1'));
    created[0]!.fire('failed', {}, 'not authorized');
    assert.deepEqual(failures, [['dev-1', 'not authorized']]);
  });
});
