// The question a destructive tray action asks before the core acts. The shell shows it in a native
// dialog; the words live here so the tray and the panel say the same thing about the same device.
import type { DeviceView } from '../contract/views.ts';
import type { MenuAction } from './types.ts';

export interface Confirmation {
  /** The dialog's first line: the question, naming the device. */
  message: string;
  /** What will happen, in plain words. */
  detail: string;
  confirmLabel: string;
  cancelLabel: string;
}

/** The confirmation a tray action needs, or undefined when it acts at once. */
export function destructiveConfirmation(
  action: MenuAction,
  devices: readonly DeviceView[],
): Confirmation | undefined {
  if (action.kind !== 'remove' && action.kind !== 'reset') return undefined;
  const device = devices.find((d) => d.deviceId === action.deviceId);
  const name = device ? `“${device.displayName}”` : 'this device';
  const self = device?.isClawbar
    ? ' This is Clawbar itself: it will disconnect and need approval again.'
    : '';
  if (action.kind === 'remove') {
    return {
      message: `Remove ${name}?`,
      detail: `${name} loses its access and is disconnected. It can ask to pair again.${self}`,
      confirmLabel: 'Remove',
      cancelLabel: 'Cancel',
    };
  }
  const had = device?.scopeLines.map((l) => l.label).join(', ');
  return {
    message: `Reset ${name}?`,
    detail:
      `Clawbar removes the pairing of ${name} and waits for it to ask again. ` +
      `If it asks for exactly what it had${had ? ` (${had})` : ''} with the same key, Clawbar approves it again; ` +
      `if it asks for more, less or anything else, nothing is approved and its request waits for you under Pending.${self}`,
    confirmLabel: 'Reset',
    cancelLabel: 'Cancel',
  };
}
