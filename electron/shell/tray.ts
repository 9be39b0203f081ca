// The tray: its menu is built from the core's MenuItem[] and its icon follows the core's
// TrayIconModel (template icon per state, badge as the tray title). Left click toggles the panel,
// right click opens the menu. Its choices go to runTrayAction. No decisions here.
import path from 'node:path';
import type { MenuItemConstructorOptions, Rectangle } from 'electron';
import type { FocusRequest } from '../core/contract/contract.ts';
import type { DeviceView } from '../core/contract/views.ts';
import { destructiveConfirmation, type Confirmation } from '../core/present/confirm.ts';
import { focusOfMenuAction } from '../core/present/launch.ts';
import type { MenuAction, MenuItem, TrayIconModel, TrayIconName } from '../core/present/types.ts';

export interface TrayLike<M, I> {
  setImage(image: I): void;
  setTitle(title: string): void;
  setToolTip(toolTip: string): void;
  popUpContextMenu(menu?: M): void;
  getBounds(): Rectangle;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'right-click', listener: () => void): unknown;
}

/** File name of a state's template icon (Electron picks the @2x sibling on Retina by itself). */
export function trayIconFile(iconsDir: string, name: TrayIconName): string {
  return path.join(iconsDir, `tray-${name}Template.png`);
}

export interface ImageLike {
  isEmpty(): boolean;
  setTemplateImage(option: boolean): void;
}

export function loadTrayIcon<I extends ImageLike>(
  nativeImage: { createFromPath(path: string): I },
  iconsDir: string,
  name: TrayIconName,
): I {
  const image = nativeImage.createFromPath(trayIconFile(iconsDir, name));
  image.setTemplateImage(true);
  return image;
}

export function menuTemplate(
  items: MenuItem[],
  onAction: (action: MenuAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'label':
        return { id: item.id, label: item.label, enabled: false };
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'action':
        return { id: item.id, label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'submenu':
        return { id: item.id, label: item.label, submenu: menuTemplate(item.items, onAction) };
    }
  });
}

export interface TrayControllerDeps<M, I extends ImageLike> {
  tray: TrayLike<M, I>;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  loadIcon(name: TrayIconName): I;
  onAction(action: MenuAction): void;
  onToggle(bounds: Rectangle): void;
}

export interface TrayController {
  update(model: { menu: MenuItem[]; icon: TrayIconModel }): void;
}

export function createTrayController<M, I extends ImageLike>(deps: TrayControllerDeps<M, I>): TrayController {
  let menu: M | null = null;
  let iconName: TrayIconName | null = null;
  let iconMissing = false;
  deps.tray.on('click', () => deps.onToggle(deps.tray.getBounds()));
  deps.tray.on('right-click', () => {
    if (menu) deps.tray.popUpContextMenu(menu);
  });
  return {
    update({ menu: items, icon }) {
      menu = deps.buildMenu(menuTemplate(items, (action) => deps.onAction(action)));
      if (icon.icon !== iconName) {
        const image = deps.loadIcon(icon.icon);
        iconMissing = image.isEmpty();
        deps.tray.setImage(image);
        iconName = icon.icon;
      }
      // Without an icon file (icons not built) the title keeps the tray clickable.
      const badge = icon.badge ?? '';
      deps.tray.setTitle(iconMissing ? `Clawbar${badge ? ` ${badge}` : ''}` : badge);
      deps.tray.setToolTip(icon.tooltip);
    },
  };
}

export interface TrayActionDeps {
  /** Shows the panel, on a screen (and card or device) when asked. */
  showPanel(focus: FocusRequest | undefined): void;
  quit(): void;
  devices(): Promise<readonly DeviceView[]>;
  /** Asks the person in a native dialog; true when they confirmed. */
  confirm(confirmation: Confirmation): Promise<boolean>;
  /** Everything else is the core's. */
  act(action: MenuAction): Promise<void>;
}

/**
 * What a tray menu choice does: quitting and opening the panel are the shell's own jobs; destructive
 * actions (Remove, Reset) ask first, naming the device; the rest goes to the core.
 */
export async function runTrayAction(action: MenuAction, deps: TrayActionDeps): Promise<void> {
  if (action.kind === 'quit') return deps.quit();
  if (action.kind === 'open-panel') return deps.showPanel(focusOfMenuAction(action));
  const confirmation = destructiveConfirmation(action, await deps.devices());
  if (confirmation && !(await deps.confirm(confirmation))) return;
  await deps.act(action);
}
