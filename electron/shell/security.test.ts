// Window options, web-contents guards and session guards, with Electron objects replaced at the
// import boundary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HandlerDetails } from 'electron';
import { BLOCKED_URL_PATTERNS, hardenSession, hardenWebContents, panelWindowOptions } from './security.ts';

describe('panel window security', () => {
  test('the panel window is frameless, hidden until placed, and has every renderer security setting', () => {
    const options = panelWindowOptions('/app/dist/preload.cjs', false);
    assert.equal(options.frame, false);
    assert.equal(options.show, false);
    assert.equal(options.skipTaskbar, true);
    assert.deepEqual(options.webPreferences, {
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
  });

  test('web contents: navigation, webviews and new windows are denied', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: HandlerDetails) => { action: string }) | null = null;
    hardenWebContents({
      on(event: string, listener: (event: { preventDefault(): void }, url: string) => void) {
        handlers.set(event, listener);
        return this;
      },
      setWindowOpenHandler(h) {
        openHandler = h;
      },
    });
    for (const event of ['will-navigate', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(event)!({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
      assert.ok(prevented, event);
    }
    assert.deepEqual(openHandler!({ url: 'https://evil.example/' } as HandlerDetails), { action: 'deny' });
  });

  test('session: every permission request and check is denied, network schemes are cancelled', () => {
    let requestHandler: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let checkHandler: ((wc: unknown, p: string) => boolean) | null = null;
    let filter: { urls: string[] } | null = null;
    let blocker: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    hardenSession({
      setPermissionRequestHandler: (h) => (requestHandler = h),
      setPermissionCheckHandler: (h) => (checkHandler = h),
      webRequest: {
        onBeforeRequest: (f, l) => {
          filter = f;
          blocker = l;
        },
      },
    });
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      requestHandler!(null, permission, (g) => (granted = g));
      assert.equal(granted, false, permission);
      assert.equal(checkHandler!(null, permission), false, permission);
    }
    assert.deepEqual(filter, { urls: BLOCKED_URL_PATTERNS });
    for (const scheme of ['http', 'https', 'ws', 'wss', 'file']) {
      assert.ok(
        BLOCKED_URL_PATTERNS.some((p) => p.startsWith(`${scheme}://`)),
        scheme,
      );
    }
    let response: { cancel: boolean } | null = null;
    blocker!({ url: 'https://cdn.example/x.js' }, (r) => (response = r));
    assert.deepEqual(response, { cancel: true });
  });
});
