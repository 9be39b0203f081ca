// The notices shown at the top of the panel: the newest 20, oldest first.
import type { Notice } from '../contract/views.ts';

export const MAX_NOTICES = 20;

export class Notices {
  private readonly list: Notice[] = [];

  /** Ids come from a counter, never from the clock or the list's length: two notices in the same
   * millisecond once the list is full would otherwise share an id (the panel keys its list by it). */
  private seq = 0;

  private readonly changed: () => void;

  constructor(changed: () => void) {
    this.changed = changed;
  }

  add(level: Notice['level'], message: string): void {
    this.seq += 1;
    this.list.push({ id: `notice-${this.seq}`, level, message, at: Date.now() });
    this.trim();
    this.changed();
  }

  /** Notices from loading the settings (e.g. a corrupt file was set aside). */
  restore(loaded: readonly Notice[]): void {
    this.list.push(...loaded);
    this.trim();
    this.changed();
  }

  private trim(): void {
    if (this.list.length > MAX_NOTICES) this.list.splice(0, this.list.length - MAX_NOTICES);
  }

  all(): Notice[] {
    return [...this.list];
  }
}
