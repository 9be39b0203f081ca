// Turns inbox changes into notification ops for the shell: asks the one decision function
// (present/notifications.ts) what to do, records what is now live in the inbox, and emits the ops.
import type { Inbox } from '../inbox/inbox.ts';
import { deviceKey } from '../pairing/inboxItem.ts';
import { notificationOps } from '../present/notifications.ts';
import { TEST_NOTIFICATION_KEY, type NotificationOp } from '../present/types.ts';

export interface NotificationFeedDeps {
  inbox: Inbox;
  emit(op: NotificationOp): void;
  /** The user's notifications setting. */
  enabled(): boolean;
  /** Device ids being reset (their new request is Clawbar's own doing). */
  resettingDeviceIds(): readonly string[];
  /** A show or update op went out for this revision. */
  onShown?(key: string, revision: number): void;
}

export class NotificationFeed {
  private readonly d: NotificationFeedDeps;

  constructor(d: NotificationFeedDeps) {
    this.d = d;
  }

  /** Brings the shell's notifications in line with the inbox. */
  sync(): NotificationOp[] {
    const ops = notificationOps({
      live: this.d.inbox.live(),
      liveGroups: this.d.inbox.liveShown(),
      items: this.d.inbox.items(),
      enabled: this.d.enabled(),
      resetting: new Set(this.d.resettingDeviceIds().map(deviceKey)),
    });
    for (const op of ops) {
      if (op.type === 'test') continue;
      if (op.type === 'close') this.d.inbox.setLive(op.key, undefined);
      else
        this.d.inbox.setLive(
          op.key,
          op.revision,
          op.group !== undefined ? { group: op.group, more: op.more ?? 0 } : undefined,
        );
      // The settle rule counts a notification's revision from the moment it was shown.
      if (op.type !== 'close') this.d.onShown?.(op.key, op.revision);
      this.d.emit(op);
    }
    return ops;
  }

  /**
   * The shell reported an action on a notification that showed `revision`: record that as what is
   * live, so the next sync updates it if the item has moved on (or closes it if it is gone).
   */
  shownAt(key: string, revision: number): NotificationOp[] {
    if (this.d.inbox.live().has(key)) this.d.inbox.setLive(key, revision, this.d.inbox.liveShown().get(key));
    return this.sync();
  }

  test(): void {
    this.d.emit({
      type: 'test',
      key: TEST_NOTIFICATION_KEY,
      title: 'Clawbar notifications work',
      body: 'Pairing requests will appear like this, with Approve first.',
    });
  }
}
