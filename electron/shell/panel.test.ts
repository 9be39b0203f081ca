// The panel controller with BrowserWindow replaced at the import boundary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createPanelController } from './panel.ts';
import type { PanelWindowLike } from './panel.ts';

class FakeWindow implements PanelWindowLike {
  readonly options: BrowserWindowConstructorOptions;
  readonly calls: unknown[][] = [];
  readonly handlers = new Map<string, () => void>();
  readonly contentsHandlers = new Map<string, () => void>();
  visible = false;
  readonly webContents = {
    id: 11,
    send: (channel: string, ...args: unknown[]) => void this.calls.push(['send', channel, ...args]),
    on: (event: string, listener: () => void) => void this.contentsHandlers.set(event, listener),
  };
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
  }
  isDestroyed = () => false;
  isVisible = () => this.visible;
  show = () => {
    this.visible = true;
    this.calls.push(['show']);
  };
  hide = () => {
    this.visible = false;
    this.calls.push(['hide']);
  };
  focus = () => void this.calls.push(['focus']);
  setPosition = (x: number, y: number) => void this.calls.push(['setPosition', x, y]);
  loadURL = (url: string) => {
    this.calls.push(['loadURL', url]);
    return Promise.resolve();
  };
  on(event: string, listener: () => void): this {
    this.handlers.set(event, listener);
    return this;
  }
}

function setup() {
  const windows: FakeWindow[] = [];
  let clock = 1000;
  const panel = createPanelController({
    createWindow: (options) => {
      const w = new FakeWindow(options);
      windows.push(w);
      return w;
    },
    workAreaNear: () => ({ x: 0, y: 25, width: 1440, height: 875 }),
    trayBounds: () => ({ x: 1000, y: 0, width: 24, height: 24 }),
    preloadPath: '/app/dist/preload.cjs',
    url: 'app://clawbar/index.html',
    devTools: false,
    now: () => clock,
  });
  return { panel, windows, tick: (ms: number) => (clock += ms) };
}

describe('panel window', () => {
  test('created once with the secure options, loaded from app://, placed under the tray icon', () => {
    const { panel, windows } = setup();
    assert.equal(panel.webContentsId(), null);
    panel.toggle({ x: 1000, y: 0, width: 24, height: 24 });
    assert.equal(windows.length, 1);
    const w = windows[0]!;
    assert.equal(w.options.webPreferences?.sandbox, true);
    assert.equal(w.options.webPreferences?.contextIsolation, true);
    assert.equal(w.options.webPreferences?.preload, '/app/dist/preload.cjs');
    assert.deepEqual(w.calls, [
      ['loadURL', 'app://clawbar/index.html'],
      ['setPosition', 822, 28],
      ['show'],
      ['focus'],
    ]);
    assert.equal(panel.webContentsId(), 11);
  });

  test('prepare loads the window hidden; the first click shows that same window', () => {
    const { panel, windows } = setup();
    panel.prepare();
    panel.prepare();
    assert.equal(windows.length, 1);
    const w = windows[0]!;
    assert.deepEqual(w.calls, [['loadURL', 'app://clawbar/index.html']]);
    assert.equal(w.visible, false);
    panel.toggle({ x: 1000, y: 0, width: 24, height: 24 });
    assert.equal(windows.length, 1);
    assert.deepEqual(w.calls.slice(1), [['setPosition', 822, 28], ['show'], ['focus']]);
  });

  test('toggle hides a visible panel; blur hides it and the same click does not reopen it', () => {
    const { panel, windows, tick } = setup();
    panel.toggle();
    panel.toggle();
    const w = windows[0]!;
    assert.equal(w.visible, false);
    panel.toggle();
    assert.equal(w.visible, true);
    w.handlers.get('blur')!();
    assert.equal(w.visible, false);
    panel.toggle(); // the tray click that caused the blur
    assert.equal(w.visible, false);
    tick(1000);
    panel.toggle();
    assert.equal(w.visible, true);
    assert.equal(windows.length, 1);
  });

  test('messages wait for the page to load', () => {
    const { panel, windows } = setup();
    panel.show();
    const w = windows[0]!;
    panel.send('clawbar:event:focus', { deviceId: 'dev-1' });
    assert.equal(w.calls.filter((c) => c[0] === 'send').length, 0);
    w.contentsHandlers.get('did-finish-load')!();
    panel.send('clawbar:event:state', { x: 1 });
    assert.deepEqual(
      w.calls.filter((c) => c[0] === 'send'),
      [
        ['send', 'clawbar:event:focus', { deviceId: 'dev-1' }],
        ['send', 'clawbar:event:state', { x: 1 }],
      ],
    );
  });
});
