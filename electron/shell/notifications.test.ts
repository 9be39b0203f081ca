// Notification adapter with Electron's Notification replaced at the import boundary (a factory).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NotificationConstructorOptions } from 'electron';
import type { NotificationOp } from '../core/app/types.ts';
import type { PairingCard } from '../core/contract/views.ts';
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

const card = { deviceId: 'dev-1' } as PairingCard;
const show = (
  deviceId: string,
  title = 'New device wants to pair',
): Extract<NotificationOp, { type: 'show' }> => ({
  type: 'show',
  deviceId,
  title,
  body: 'MacBook (this Mac) asks for: read',
  card,
});

function setup() {
  const created: FakeNotification[] = [];
  const actions: Array<[string, string]> = [];
  const failures: Array<[string, string]> = [];
  const notifier = createNotifier({
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    onAction: (deviceId, action) => actions.push([deviceId, action]),
    onFailed: (deviceId, error) => failures.push([deviceId, error]),
  });
  return { notifier, created, actions, failures };
}

describe('notifications', () => {
  test('show: title and body from the op, Approve as the first action, one id per device', () => {
    const { notifier, created } = setup();
    notifier.apply(show('dev-1'));
    assert.equal(created.length, 1);
    const n = created[0]!;
    assert.equal(n.options.title, 'New device wants to pair');
    assert.equal(n.options.body, 'MacBook (this Mac) asks for: read');
    assert.deepEqual(n.options.actions, [
      { type: 'button', text: 'Approve' },
      { type: 'button', text: 'Not now' },
    ]);
    assert.equal(n.options.id, 'clawbar-pairing-dev-1');
    assert.equal(n.options.silent, false);
    assert.deepEqual(n.calls, ['show']);
  });

  test('action buttons map to approve / not-now for that device; clicks open the card', () => {
    const { notifier, created, actions } = setup();
    notifier.apply(show('dev-1'));
    const n = created[0]!;
    n.fire('action', { actionIndex: 0, preventDefault() {} }, 0);
    n.fire('action', { actionIndex: 1, preventDefault() {} }, 1);
    n.fire('action', { actionIndex: 7, preventDefault() {} }, 7);
    n.fire('click', {});
    assert.deepEqual(actions, [
      ['dev-1', 'approve'],
      ['dev-1', 'not-now'],
      ['dev-1', 'click'],
    ]);
  });

  test('update replaces the device notification silently, close closes it; at most one per device', () => {
    const { notifier, created, actions } = setup();
    notifier.apply(show('dev-1'));
    notifier.apply(show('dev-2'));
    notifier.apply({ ...show('dev-1', 'Updated'), type: 'update' });
    assert.equal(created.length, 3);
    assert.deepEqual(created[0]!.calls, ['show', 'close']);
    assert.equal(created[2]!.options.title, 'Updated');
    assert.equal(created[2]!.options.silent, true);
    assert.deepEqual(notifier.live().sort(), ['dev-1', 'dev-2']);
    // The replaced notification no longer acts.
    created[0]!.fire('action', { actionIndex: 0 }, 0);
    assert.deepEqual(actions, []);
    notifier.apply({ type: 'close', deviceId: 'dev-2' });
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
