// Tray adapter with Electron's Tray, Menu and nativeImage replaced at the import boundary.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { MenuItemConstructorOptions, Rectangle } from 'electron';
import type { MenuAction, MenuItem, TrayIconName } from '../core/present/types.ts';
import { createTrayController, loadTrayIcon, menuTemplate, runTrayAction, trayIconFile } from './tray.ts';
import type { TrayLike } from './tray.ts';

class FakeImage {
  readonly file: string;
  readonly empty: boolean;
  template = false;
  constructor(file: string, empty = false) {
    this.file = file;
    this.empty = empty;
  }
  isEmpty(): boolean {
    return this.empty;
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
}

class FakeTray implements TrayLike<{ template: MenuItemConstructorOptions[] }, FakeImage> {
  readonly calls: Array<[string, unknown]> = [];
  readonly handlers = new Map<string, () => void>();
  setImage(image: FakeImage): void {
    this.calls.push(['setImage', image.file]);
  }
  setTitle(title: string): void {
    this.calls.push(['setTitle', title]);
  }
  setToolTip(toolTip: string): void {
    this.calls.push(['setToolTip', toolTip]);
  }
  popUpContextMenu(menu?: { template: MenuItemConstructorOptions[] }): void {
    this.calls.push(['popUpContextMenu', menu]);
  }
  getBounds(): Rectangle {
    return { x: 100, y: 0, width: 22, height: 24 };
  }
  on(event: string, listener: () => void): this {
    this.handlers.set(event, listener);
    return this;
  }
}

const ICONS = '/app/dist/icons';
const items: MenuItem[] = [
  { type: 'label', id: 'status', label: 'Connected to 127.0.0.1:18789' },
  { type: 'separator', id: 's1' },
  {
    type: 'submenu',
    id: 'pending',
    label: '1 pending',
    items: [
      {
        type: 'action',
        id: 'approve-dev-1',
        label: 'Approve MacBook',
        enabled: true,
        action: {
          kind: 'approve',
          key: 'device:dev-1',
          revision: 1,
        },
      },
    ],
  },
  { type: 'action', id: 'quit', label: 'Quit Clawbar', enabled: false, action: { kind: 'quit' } },
];

function setup(emptyIcons = false) {
  const tray = new FakeTray();
  const actions: MenuAction[] = [];
  const toggles: Rectangle[] = [];
  const loaded: TrayIconName[] = [];
  const controller = createTrayController({
    tray,
    buildMenu: (template) => ({ template }),
    loadIcon: (name) => {
      loaded.push(name);
      return new FakeImage(trayIconFile(ICONS, name), emptyIcons);
    },
    onAction: (a) => actions.push(a),
    onToggle: (b) => toggles.push(b),
  });
  return { tray, controller, actions, toggles, loaded };
}

describe('tray', () => {
  test('one template icon per state, named …Template.png, marked as template', () => {
    const created: string[] = [];
    const nativeImage = {
      createFromPath: (file: string) => {
        created.push(file);
        return new FakeImage(file);
      },
    };
    for (const name of ['connected', 'attention', 'disconnected', 'stopped', 'error'] as const) {
      const image = loadTrayIcon(nativeImage, ICONS, name);
      assert.equal(image.template, true);
      assert.equal(image.file, path.join(ICONS, `tray-${name}Template.png`));
    }
    assert.equal(new Set(created).size, 5);
  });

  test('icon follows the model, badge becomes the title, tooltip is set', () => {
    const { tray, controller, loaded } = setup();
    controller.update({
      menu: items,
      icon: { icon: 'attention', badge: '2', tooltip: 'Clawbar — 2 pending' },
    });
    controller.update({
      menu: items,
      icon: { icon: 'attention', badge: '3', tooltip: 'Clawbar — 3 pending' },
    });
    controller.update({ menu: items, icon: { icon: 'connected', tooltip: 'Clawbar — connected' } });
    assert.deepEqual(loaded, ['attention', 'connected'], 'the image is only reloaded when the state changes');
    assert.deepEqual(
      tray.calls.filter(([c]) => c !== 'popUpContextMenu'),
      [
        ['setImage', trayIconFile(ICONS, 'attention')],
        ['setTitle', '2'],
        ['setToolTip', 'Clawbar — 2 pending'],
        ['setTitle', '3'],
        ['setToolTip', 'Clawbar — 3 pending'],
        ['setImage', trayIconFile(ICONS, 'connected')],
        ['setTitle', ''],
        ['setToolTip', 'Clawbar — connected'],
      ],
    );
  });

  test('without icon files the title keeps the tray visible', () => {
    const { tray, controller } = setup(true);
    controller.update({ menu: items, icon: { icon: 'attention', badge: '1', tooltip: 't' } });
    assert.deepEqual(
      tray.calls.find(([c]) => c === 'setTitle'),
      ['setTitle', 'Clawbar 1'],
    );
  });

  test('left click toggles the panel at the icon; right click pops up the menu built from the model', () => {
    const { tray, controller, toggles } = setup();
    controller.update({ menu: items, icon: { icon: 'connected', tooltip: 't' } });
    tray.handlers.get('click')!();
    assert.deepEqual(toggles, [{ x: 100, y: 0, width: 22, height: 24 }]);
    tray.handlers.get('right-click')!();
    const popped = tray.calls.find(([c]) => c === 'popUpContextMenu')?.[1] as {
      template: MenuItemConstructorOptions[];
    };
    assert.equal(popped.template.length, 4);
  });

  test('menu items map to Electron templates and clicks carry the core action', () => {
    const actions: MenuAction[] = [];
    const template = menuTemplate(items, (a) => actions.push(a));
    assert.deepEqual(template[0], { id: 'status', label: 'Connected to 127.0.0.1:18789', enabled: false });
    assert.deepEqual(template[1], { id: 's1', type: 'separator' });
    assert.equal(template[3]!.enabled, false);
    const sub = template[2]!.submenu as MenuItemConstructorOptions[];
    assert.equal(sub[0]!.label, 'Approve MacBook');
    (sub[0]!.click as () => void)();
    assert.deepEqual(actions, [{ kind: 'approve', key: 'device:dev-1', revision: 1 }]);
  });
});

describe('tray actions', () => {
  const device = (id: string, name: string, isClawbar = false) =>
    ({
      deviceId: id,
      displayName: name,
      isClawbar,
      scopeLines: [{ label: 'read status' }],
    }) as unknown as import('../core/contract/views.ts').DeviceView;

  function deps(answer: boolean) {
    const log: string[] = [];
    return {
      log,
      deps: {
        showPanel: (focus: unknown) => log.push(`show ${JSON.stringify(focus ?? null)}`),
        quit: () => log.push('quit'),
        devices: () => Promise.resolve([device('d1', 'Kitchen iPad')]),
        confirm: (c: { message: string }) => {
          log.push(`confirm ${c.message}`);
          return Promise.resolve(answer);
        },
        act: (a: MenuAction) => {
          log.push(`act ${a.kind}`);
          return Promise.resolve();
        },
      },
    };
  }

  test('History…, Preferences…, a card and a device open the panel on their screen', async () => {
    const { log, deps: d } = deps(true);
    await runTrayAction({ kind: 'open-panel', view: 'history' }, d);
    await runTrayAction({ kind: 'open-panel', view: 'settings' }, d);
    await runTrayAction({ kind: 'open-panel', view: 'pending', key: 'device:d2' }, d);
    await runTrayAction({ kind: 'open-panel', view: 'devices', deviceId: 'd1' }, d);
    await runTrayAction({ kind: 'open-panel' }, d);
    assert.deepEqual(log, [
      'show {"view":"history"}',
      'show {"view":"settings"}',
      'show {"view":"pending","key":"device:d2"}',
      'show {"view":"devices","deviceId":"d1"}',
      'show null',
    ]);
  });

  test('Remove and Reset ask first, naming the device; only a confirmation reaches the core', async () => {
    const no = deps(false);
    await runTrayAction({ kind: 'remove', deviceId: 'd1' }, no.deps);
    await runTrayAction({ kind: 'reset', deviceId: 'd1', revision: 1 }, no.deps);
    assert.deepEqual(no.log, ['confirm Remove “Kitchen iPad”?', 'confirm Reset “Kitchen iPad”?']);
    const yes = deps(true);
    await runTrayAction({ kind: 'remove', deviceId: 'd1' }, yes.deps);
    await runTrayAction({ kind: 'reconnect' }, yes.deps);
    await runTrayAction({ kind: 'quit' }, yes.deps);
    assert.deepEqual(yes.log, ['confirm Remove “Kitchen iPad”?', 'act remove', 'act reconnect', 'quit']);
  });

  test('Unmute goes to the core at once: it takes nothing away, so it asks nothing', async () => {
    const { log, deps: d } = deps(false);
    await runTrayAction({ kind: 'unmute', deviceId: 'd1' }, d);
    assert.deepEqual(log, ['act unmute']);
  });
});
