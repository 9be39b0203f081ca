// The panel's pure time formatting (renderer/src/format.ts), run by Node like the core's tests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clock, duration, relativeAge } from '../renderer/src/format.ts';

describe('panel time formats', () => {
  test('duration: seconds, minutes, hours with minutes, days with hours', () => {
    assert.equal(duration(-5), '0 s');
    assert.equal(duration(59_999), '59 s');
    assert.equal(duration(60_000), '1 min');
    assert.equal(duration(3_599_000), '59 min');
    assert.equal(duration(3_600_000), '1 h');
    assert.equal(duration(3_600_000 + 5 * 60_000), '1 h 5 min');
    assert.equal(duration(24 * 3_600_000), '1 d');
    assert.equal(duration(50 * 3_600_000 + 59 * 60_000), '2 d 2 h');
  });

  test('relative age and countdown', () => {
    assert.equal(relativeAge(1000, 3000), 'just now');
    assert.equal(relativeAge(0, 61_000), '1 min ago');
    assert.equal(clock(65_000), '1:05');
    assert.equal(clock(-1), '0:00');
  });
});
