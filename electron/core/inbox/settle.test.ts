import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTLE_MS, settleVerdict, type SettleInput } from './settle.ts';

const base: SettleInput = {
  current: { revision: 2, revisedAt: 10_000 },
  revision: 2,
  path: 'panel',
  pathShownAt: undefined,
  now: 10_000 + SETTLE_MS,
  name: '“Build box”',
};

test('a current revision visible for 1.5 s on its path counts', () => {
  assert.deepEqual(settleVerdict(base), { ok: true });
  assert.deepEqual(settleVerdict({ ...base, path: 'tray', pathShownAt: 9_000 }), { ok: true });
});

test('too early on its path: refused in plain words, with when it settles', () => {
  const v = settleVerdict({ ...base, now: 10_400 });
  assert.deepEqual(v, {
    ok: false,
    reason: 'settling',
    message: '“Build box” changed what it asks 0.4 s ago — look again; Approve unlocks in a moment.',
    settlesAt: 10_000 + SETTLE_MS,
  });
  // The notification showed the revision later than it began: its own moment counts.
  const late = settleVerdict({ ...base, path: 'notification', pathShownAt: 11_000, now: 12_000 });
  assert.equal(late.ok, false);
  assert.equal(!late.ok && late.settlesAt, 11_000 + SETTLE_MS);
});

test('a stale, unshown or gone revision never counts', () => {
  const stale = settleVerdict({ ...base, revision: 1, now: 20_000 });
  assert.equal(!stale.ok && stale.reason, 'changed');
  assert.match(
    !stale.ok ? stale.message : '',
    /changed what it asks 10\.0 s ago — look again; nothing was approved/,
  );
  const unshown = settleVerdict({ ...base, path: 'tray', pathShownAt: undefined, now: 20_000 });
  assert.equal(!unshown.ok && unshown.reason, 'not-shown');
  const gone = settleVerdict({ ...base, current: undefined });
  assert.equal(!gone.ok && gone.reason, 'gone');
});
