import assert from 'node:assert/strict';
import { test } from 'node:test';
import { panelPosition } from './windowPosition.ts';

const mac = { x: 0, y: 25, width: 1440, height: 875 };

test('centred under a menu-bar icon, just below the menu bar', () => {
  const pos = panelPosition({
    trayBounds: { x: 1000, y: 0, width: 24, height: 24 },
    windowSize: { width: 380, height: 560 },
    workArea: mac,
  });
  assert.deepEqual(pos, { x: 1012 - 190, y: 28 });
});

test('kept inside the right edge when the icon is near the screen corner', () => {
  const pos = panelPosition({
    trayBounds: { x: 1420, y: 0, width: 20, height: 24 },
    windowSize: { width: 380, height: 560 },
    workArea: mac,
  });
  assert.equal(pos.x, 1440 - 380);
});

test('kept inside the left edge of a second display', () => {
  const pos = panelPosition({
    trayBounds: { x: -1910, y: 0, width: 20, height: 24 },
    windowSize: { width: 380, height: 560 },
    workArea: { x: -1920, y: 25, width: 1920, height: 1055 },
  });
  assert.equal(pos.x, -1920);
});

test('above the icon when the tray is at the bottom (taskbar)', () => {
  const pos = panelPosition({
    trayBounds: { x: 1800, y: 1040, width: 24, height: 40 },
    windowSize: { width: 380, height: 560 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  });
  assert.deepEqual(pos, { x: 1920 - 380, y: 1040 - 560 - 4 });
});
