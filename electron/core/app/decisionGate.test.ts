// What the decision gate remembers is bounded: the revisions each path showed, and the grant revision
// of each paired device, 2000 entries each (the oldest forgotten first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrantRevisions, MAX_SHOWN, ShownTimes } from './decisionGate.ts';

test('shown revisions: 2000 per path are kept, the oldest forgotten first', () => {
  assert.equal(MAX_SHOWN, 2000);
  const shown = new ShownTimes();
  for (let i = 0; i < MAX_SHOWN; i += 1) shown.saw('tray', `device:${i}`, 1, i);
  shown.saw('tray', 'device:0', 1, 99_999); // the same revision again: nothing changes
  assert.equal(shown.at('tray', 'device:0', 1), 0);
  shown.saw('tray', `device:${MAX_SHOWN}`, 1, MAX_SHOWN);
  assert.equal(shown.at('tray', 'device:0', 1), undefined, 'the oldest is forgotten');
  assert.equal(shown.at('tray', 'device:1', 1), 1);
  assert.equal(shown.at('tray', `device:${MAX_SHOWN}`, 1), MAX_SHOWN);
  // A new revision moves an entry to the newest end: device:1 outlives device:2 now.
  shown.saw('tray', 'device:1', 2, 5);
  shown.saw('tray', 'device:x', 1, 6);
  assert.equal(shown.at('tray', 'device:2', 1), undefined);
  assert.equal(shown.at('tray', 'device:1', 2), 5);
  for (let i = 0; i < MAX_SHOWN * 2; i += 1) shown.saw('notification', `exec:${i}`, 1, i);
  let kept = 0;
  for (let i = 0; i < MAX_SHOWN * 2; i += 1)
    if (shown.at('notification', `exec:${i}`, 1) !== undefined) kept += 1;
  assert.ok(kept <= MAX_SHOWN, `${kept} kept`);
});

test('grant revisions: 2000 devices are remembered, an older one starts again at 1', () => {
  const grants = new GrantRevisions();
  const grant = (scopes: string[]) => ({ publicKey: 'pk', roles: ['operator'], scopes });
  assert.equal(grants.of('d0', grant(['operator.read']), 1).revision, 1);
  assert.equal(grants.of('d0', grant(['operator.admin']), 2).revision, 2);
  for (let i = 1; i < MAX_SHOWN; i += 1) grants.of(`d${i}`, grant([]), 3);
  const d0 = (now: number) => {
    const r = grants.of('d0', grant(['operator.admin']), now);
    return [r.revision, r.revisedAt];
  };
  assert.deepEqual(d0(4), [2, 2], 'still kept');
  grants.of(`d${MAX_SHOWN}`, grant([]), 5);
  assert.deepEqual(d0(6), [1, 6], 'forgotten');
});
