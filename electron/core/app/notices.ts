// The notices shown at the top of the panel: the newest 20, oldest first.
import type { Notice } from '../contract/views.ts';

const MAX_NOTICES = 20;

export class Notices {
  private readonly list: Notice[] = [];

  private readonly changed: () => void;

  constructor(changed: () => void) {
    this.changed = changed;
  }

  add(level: Notice['level'], message: string): void {
    this.list.push({ id: `${Date.now()}-${this.list.length}`, level, message, at: Date.now() });
    if (this.list.length > MAX_NOTICES) this.list.splice(0, this.list.length - MAX_NOTICES);
    this.changed();
  }

  /** Notices from loading the settings (e.g. a corrupt file was set aside). */
  restore(loaded: readonly Notice[]): void {
    this.list.push(...loaded);
    this.changed();
  }

  all(): Notice[] {
    return [...this.list];
  }
}
