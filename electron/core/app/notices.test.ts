import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Notice } from '../contract/views.ts';
import { MAX_NOTICES, Notices } from './notices.ts';

test('notices keep the newest 20, oldest first', () => {
  let changes = 0;
  const notices = new Notices(() => (changes += 1));
  for (let i = 0; i < MAX_NOTICES + 15; i += 1) notices.add('info', `n${i}`);
  const all = notices.all();
  assert.equal(MAX_NOTICES, 20);
  assert.equal(all.length, MAX_NOTICES);
  assert.equal(all[0]?.message, 'n15');
  assert.equal(all.at(-1)?.message, `n${MAX_NOTICES + 14}`);
  assert.equal(changes, MAX_NOTICES + 15);
});

test('notice ids stay unique past the cap, even within one millisecond', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  const notices = new Notices(() => {});
  const seen = new Set<string>();
  for (let i = 0; i < MAX_NOTICES * 3; i += 1) {
    notices.add('warning', `same ms ${i}`);
    const ids = notices.all().map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate id among ${ids.join(',')}`);
    const newest = ids.at(-1) ?? '';
    assert.ok(!seen.has(newest), `id ${newest} was used before`);
    seen.add(newest);
  }
});

test('restored notices count towards the cap', () => {
  const notices = new Notices(() => {});
  const loaded: Notice[] = Array.from({ length: MAX_NOTICES + 3 }, (_, i) => ({
    id: `loaded-${i}`,
    level: 'error',
    message: `loaded ${i}`,
    at: 0,
  }));
  notices.restore(loaded);
  assert.equal(notices.all().length, MAX_NOTICES);
  assert.equal(notices.all()[0]?.id, 'loaded-3');
  notices.add('info', 'fresh');
  const all = notices.all();
  assert.equal(all.length, MAX_NOTICES);
  assert.equal(all.at(-1)?.message, 'fresh');
});
