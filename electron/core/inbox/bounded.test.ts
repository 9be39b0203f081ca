// The buffers a flood of gateway events could grow are bounded: the pairing engine's events between two
// lists (500 of each kind) and the approval tracker's tombstones (2000 resolved ids).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TOMBSTONES } from '../approvals/tracker.ts';
import { MAX_BUFFERED_EVENTS } from '../pairing/engine.ts';
import { pushCapped, RecentKeys } from './bounded.ts';

test('pushCapped keeps the newest entries: the engine buffers 500 events between two lists', () => {
  assert.equal(MAX_BUFFERED_EVENTS, 500);
  const buf: number[] = [];
  for (let i = 0; i < MAX_BUFFERED_EVENTS * 3 + 7; i += 1) {
    pushCapped(buf, i, MAX_BUFFERED_EVENTS);
    assert.ok(buf.length <= MAX_BUFFERED_EVENTS);
  }
  assert.equal(buf.length, MAX_BUFFERED_EVENTS);
  assert.equal(buf[0], MAX_BUFFERED_EVENTS * 2 + 7, 'the oldest kept');
  assert.equal(buf.at(-1), MAX_BUFFERED_EVENTS * 3 + 6, 'the newest kept');
});

test('RecentKeys forgets the oldest: the tracker remembers 2000 resolved approvals', () => {
  assert.equal(MAX_TOMBSTONES, 2000);
  const keys = new RecentKeys(MAX_TOMBSTONES);
  for (let i = 0; i < MAX_TOMBSTONES; i += 1) keys.add(`exec:${i}`);
  keys.add('exec:0'); // already there: not added twice, not refreshed
  assert.equal(keys.size, MAX_TOMBSTONES);
  assert.ok(keys.has('exec:0'));
  keys.add(`exec:${MAX_TOMBSTONES}`);
  assert.equal(keys.size, MAX_TOMBSTONES);
  assert.equal(keys.has('exec:0'), false, 'the oldest is forgotten');
  assert.ok(keys.has('exec:1') && keys.has(`exec:${MAX_TOMBSTONES}`));
  for (let i = 0; i < MAX_TOMBSTONES * 2; i += 1) keys.add(`plugin:${i}`);
  assert.equal(keys.size, MAX_TOMBSTONES);
});
