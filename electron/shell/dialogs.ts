// Native confirmation dialogs. The words come from the core (core/present/confirm.ts); the shell only
// shows them and reports which button the person chose.
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { Confirmation } from '../core/present/confirm.ts';

export interface DialogLike {
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

/** The confirming button first; Cancel is the default and what Esc answers, so a stray Return removes nothing. */
export function confirmationBox(c: Confirmation): MessageBoxOptions {
  return {
    type: 'warning',
    message: c.message,
    detail: c.detail,
    buttons: [c.confirmLabel, c.cancelLabel],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** True only when the person chose the confirming button. */
export async function confirmInDialog(dialog: DialogLike, c: Confirmation): Promise<boolean> {
  const { response } = await dialog.showMessageBox(confirmationBox(c));
  return response === 0;
}
