// The core's confirmation port in the Electron shell. A critical grant asks for the system's
// authentication (Touch ID) where the Mac offers it; everything else, and a Mac without Touch ID, gets a
// native dialog whose default (Return) and Esc answer Cancel. The words come from the core.
import type { Dialog, MessageBoxOptions, SystemPreferences } from 'electron';
import type { ConfirmPort, ConfirmRequest } from '../core/app/types.ts';

export type TouchIdLike = Pick<SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>;
export type MessageBoxLike = Pick<Dialog, 'showMessageBox'>;

/** The dialog for a request: the confirming button first, Cancel the default and what Esc answers. */
export function confirmBox(req: ConfirmRequest): MessageBoxOptions {
  return {
    type: req.purpose === 'settings-change' ? 'question' : 'warning',
    message: req.title,
    detail: req.message,
    buttons: [req.confirmLabel, 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** Touch ID's prompt reads "Clawbar is trying to <reason>": one line, no trailing period. */
export function touchIdReason(req: ConfirmRequest): string {
  const line = req.message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function canUseTouchId(system: TouchIdLike | undefined): system is TouchIdLike {
  try {
    // Only macOS has the call; elsewhere (or without a sensor) the dialog asks instead.
    return typeof system?.canPromptTouchID === 'function' && system.canPromptTouchID();
  } catch {
    return false;
  }
}

export function createConfirmPort(dialog: MessageBoxLike, system?: TouchIdLike): ConfirmPort {
  return async (req) => {
    if (req.systemAuth && canUseTouchId(system)) {
      // Resolves when the person authenticated; rejects when they cancelled or failed.
      return system.promptTouchID(touchIdReason(req)).then(
        () => true,
        () => false,
      );
    }
    const { response } = await dialog.showMessageBox(confirmBox(req));
    return response === 0;
  };
}
