import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PairingCard } from '../contract/views.ts';
import { Inbox, MAX_RETIRED } from './inbox.ts';
import { APPROVE_OR_NOT_NOW, type DecisionSource, type SourceItem } from './types.ts';

/** A source whose items the test sets. */
function source(): DecisionSource & { set(items: SourceItem[]): void } {
  let items: SourceItem[] = [];
  const listeners = new Set<() => void>();
  return {
    items: () => items,
    onChange: (l) => (listeners.add(l), () => void listeners.delete(l)),
    set(next) {
      items = next;
      for (const l of listeners) l();
    },
  };
}

const item = (
  key: string,
  fingerprint: string,
  o: Partial<Extract<SourceItem, { kind: 'device' }>> = {},
): SourceItem => ({
  key,
  kind: 'device',
  fingerprint,
  title: key,
  summary: '',
  risk: 'low',
  actions: [...APPROVE_OR_NOT_NOW],
  expiresAt: 0,
  quiet: false,
  card: {} as PairingCard,
  ...o,
});

describe('Inbox', () => {
  test('revisions: first sight is 1; the same fingerprint keeps it; a new one bumps it and revisedAt', () => {
    let now = 1000;
    const inbox = new Inbox({ now: () => now });
    const s = source();
    inbox.attach(s);
    s.set([item('device:a', 'x')]);
    assert.deepEqual(
      inbox.items().map((i) => [i.key, i.revision, i.revisedAt, i.snoozed]),
      [['device:a', 1, 1000, false]],
    );
    now = 2000;
    s.set([item('device:a', 'x', { title: 'busy changed' })]);
    assert.equal(inbox.item('device:a')?.revision, 1);
    assert.equal(inbox.item('device:a')?.revisedAt, 1000);
    assert.equal(inbox.item('device:a')?.title, 'busy changed');
    now = 3000;
    s.set([item('device:a', 'y')]);
    assert.equal(inbox.item('device:a')?.revision, 2);
    assert.equal(inbox.item('device:a')?.revisedAt, 3000);
    assert.equal('fingerprint' in inbox.item('device:a')!, false, 'the fingerprint stays inside');
  });

  test('"Not now" holds at its revision and ends with a new one', () => {
    const inbox = new Inbox();
    const s = source();
    inbox.attach(s);
    s.set([item('device:a', 'x'), item('device:b', 'x')]);
    assert.equal(inbox.snooze('device:a')?.snoozed, true);
    assert.equal(inbox.item('device:b')?.snoozed, false, 'only that item');
    s.set([item('device:a', 'x'), item('device:b', 'x')]);
    assert.equal(inbox.item('device:a')?.snoozed, true);
    s.set([item('device:a', 'wider'), item('device:b', 'x')]);
    assert.equal(inbox.item('device:a')?.snoozed, false);
    assert.equal(inbox.item('device:a')?.revision, 2);
    assert.equal(inbox.snooze('device:gone'), undefined);
  });

  test('an item that leaves and comes back unchanged keeps its revision (and its "Not now"); changed, it moves on', () => {
    const inbox = new Inbox();
    const s = source();
    inbox.attach(s);
    s.set([item('device:a', 'x')]);
    inbox.snooze('device:a');
    s.set([]);
    assert.deepEqual(inbox.items(), []);
    s.set([item('device:a', 'x')]);
    assert.equal(inbox.item('device:a')?.revision, 1);
    assert.equal(inbox.item('device:a')?.snoozed, true);
    s.set([]);
    s.set([item('device:a', 'z')]);
    assert.equal(inbox.item('device:a')?.revision, 2);
    assert.equal(inbox.item('device:a')?.snoozed, false);
  });

  test('sources in attach order; detaching removes their items; changes are announced', () => {
    const inbox = new Inbox();
    const a = source();
    const b = source();
    let changes = 0;
    inbox.onChange(() => changes++);
    inbox.attach(a);
    const detachB = inbox.attach(b);
    b.set([item('exec:1', 'e')]);
    a.set([item('device:a', 'x')]);
    assert.deepEqual(
      inbox.items().map((i) => i.key),
      ['device:a', 'exec:1'],
    );
    detachB();
    assert.deepEqual(
      inbox.items().map((i) => i.key),
      ['device:a'],
    );
    b.set([item('exec:2', 'e')]);
    assert.deepEqual(
      inbox.items().map((i) => i.key),
      ['device:a'],
      'a detached source is not listened to',
    );
    assert.equal(changes, 5);
  });

  test('live notifications: what the shell was told to show, per key', () => {
    const inbox = new Inbox();
    inbox.setLive('device:a', 2);
    assert.equal(inbox.live().get('device:a'), 2);
    inbox.setLive('device:a', undefined);
    assert.equal(inbox.live().has('device:a'), false);
  });
});

test('retired revisions are bounded: the newest 500 come back unchanged, older ones start anew', () => {
  assert.equal(MAX_RETIRED, 500);
  for (const [others, remembered] of [
    [MAX_RETIRED - 1, true],
    [MAX_RETIRED, false],
  ] as const) {
    let now = 1000;
    const inbox = new Inbox({ now: () => now });
    const s = source();
    inbox.attach(s);
    s.set([item('device:first', 'x')]);
    s.set([item('device:first', 'y')]);
    inbox.snooze('device:first');
    assert.deepEqual([inbox.item('device:first')?.revision, inbox.item('device:first')?.snoozed], [2, true]);
    s.set([]); // retired first, so it is the oldest
    s.set(Array.from({ length: others }, (_, i) => item(`device:other-${i}`, 'x')));
    s.set([]);
    now = 9000;
    s.set([item('device:first', 'y')]);
    const back = inbox.item('device:first');
    assert.deepEqual(
      [back?.revision, back?.revisedAt, back?.snoozed],
      remembered ? [2, 1000, true] : [1, 9000, false],
      `after ${others} others retired`,
    );
  }
});
