// Where the panel opens: centred under the tray icon (menu bar at the top, macOS) or above it (a
// taskbar at the bottom), always fully inside the display's work area.
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelPlacementInput {
  trayBounds: Rect;
  windowSize: { width: number; height: number };
  /** The work area of the display the tray icon is on (screen minus menu bar / dock / taskbar). */
  workArea: Rect;
  /** Space between the icon and the panel. */
  gap?: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}

export function panelPosition({ trayBounds, windowSize, workArea, gap = 4 }: PanelPlacementInput): {
  x: number;
  y: number;
} {
  const trayCentreX = trayBounds.x + trayBounds.width / 2;
  const trayCentreY = trayBounds.y + trayBounds.height / 2;
  const workCentreY = workArea.y + workArea.height / 2;
  const below = trayCentreY <= workCentreY;
  const rawX = Math.round(trayCentreX - windowSize.width / 2);
  const rawY = below ? trayBounds.y + trayBounds.height + gap : trayBounds.y - windowSize.height - gap;
  return {
    x: clamp(rawX, workArea.x, workArea.x + workArea.width - windowSize.width),
    y: clamp(Math.round(rawY), workArea.y, workArea.y + workArea.height - windowSize.height),
  };
}
