// The panel's plain-words rule (renderer/src/plainText.ts): codes leave the main text for a details
// line, commands in backticks stay as code, the sentence around them stays whole.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plainMessage } from '../renderer/src/plainText.ts';

const mainText = (raw: string) =>
  plainMessage(raw)
    .parts.map((p) => p.text)
    .join('')
    .trim();

describe('plain words', () => {
  test('protocol codes and method prefixes go to the details line', () => {
    const m = plainMessage(
      'device.pair.list: the request changed (WIDER_THAN_SHOWN); retry_with_device_token',
    );
    assert.equal(mainText('device.pair.list: the request changed (WIDER_THAN_SHOWN)'), 'the request changed');
    assert.deepEqual(m.details, ['device.pair.list', 'WIDER_THAN_SHOWN', 'retry_with_device_token']);
  });

  test('a command in backticks stays as code, and the punctuation after it stays', () => {
    const m = plainMessage('Install it with `npm install -g openclaw`, or set its path in Settings.');
    assert.deepEqual(m.parts, [
      { text: 'Install it with ', code: false },
      { text: 'npm install -g openclaw', code: true },
      { text: ', or set its path in Settings.', code: false },
    ]);
  });

  test('a URL said twice is said once', () => {
    assert.equal(
      mainText('Could not reach ws://127.0.0.1:18789: nothing answers at ws://127.0.0.1:18789.'),
      'Could not reach ws://127.0.0.1:18789: nothing answers at it.',
    );
  });
});
