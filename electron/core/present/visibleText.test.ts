import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasHiddenCharacters, TRUNCATION_MARKER, visibleText } from './visibleText.ts';

test('ANSI escapes show as ␛ followed by the sequence, acting on nothing', () => {
  assert.equal(visibleText('\u001b[31mred\u001b[0m'), '␛[31mred␛[0m');
});

test('a right-to-left override (U+202E) and bidi isolates are shown as escapes', () => {
  const spoof = 'ls \u202Etxt.exe';
  assert.equal(visibleText(spoof), 'ls \\u202Etxt.exe');
  assert.equal(visibleText('a\u2066b\u2069'), 'a\\u2066b\\u2069');
  assert.ok(hasHiddenCharacters(spoof));
});

test('newlines, carriage returns and tabs are escaped, so a command is one visible line', () => {
  assert.equal(visibleText('echo ok\nrm -rf ~\r\tx'), 'echo ok\\nrm -rf ~\\r\\tx');
});

test('zero-width and other invisible characters are escaped', () => {
  assert.equal(visibleText('r\u200Bm'), 'r\\u200Bm');
  assert.equal(visibleText('\uFEFFx\u2060y\u00ADz'), '\\uFEFFx\\u2060y\\u00ADz');
  assert.equal(visibleText('tag\u{E0041}'), 'tag\\u{E0041}');
  assert.equal(visibleText('bell\u0007'), 'bell\\u0007');
  assert.equal(visibleText('c1\u009b'), 'c1\\u009B');
});

test('ordinary text, including non-Latin scripts and emoji, is left alone', () => {
  for (const s of ['git status', 'ls /Users/zoë', 'echo שלום', 'echo 👍🏽', 'C:\\Windows\\path']) {
    assert.equal(visibleText(s), s);
    assert.equal(hasHiddenCharacters(s), false);
  }
});

test('a long value is capped with a marker, never cutting an escape in half', () => {
  const long = 'x'.repeat(500);
  const out = visibleText(long, { max: 80 });
  assert.equal([...out].length, 80);
  assert.ok(out.endsWith(TRUNCATION_MARKER));
  // "ab" + "\u202E" (6 code points) does not fit in 5: the escape is dropped whole.
  assert.equal(visibleText('ab\u202Ecd', { max: 5 }), `ab${TRUNCATION_MARKER}`);
  assert.equal(visibleText('abc', { max: 3 }), 'abc');
  assert.equal([...visibleText('👍'.repeat(10), { max: 4 })].length, 4);
});
