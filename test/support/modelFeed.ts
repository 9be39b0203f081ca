// A reconciled pairing model as the inbox's device source, with the notification feed the core runs
// over it: a test replaces the model (as the engine would) and reads the notification ops it causes.
import { NotificationFeed } from '../../electron/core/app/notificationFeed.ts';
import { Inbox } from '../../electron/core/inbox/inbox.ts';
import { deviceItem } from '../../electron/core/pairing/inboxItem.ts';
import { emptyModel, type PairingModel } from '../../electron/core/pairing/reconcile.ts';
import type { NotificationOp } from '../../electron/core/present/types.ts';

export function modelFeed(o: { now?: () => number } = {}) {
  let model: PairingModel = emptyModel();
  const changed = new Set<() => void>();
  const inbox = new Inbox(o);
  inbox.attach({
    items: () => model.cards.map(deviceItem),
    onChange: (l) => (changed.add(l), () => void changed.delete(l)),
  });
  let emitted: NotificationOp[] = [];
  const feed = new NotificationFeed({
    inbox,
    emit: (op) => emitted.push(op),
    enabled: () => true,
    resettingDeviceIds: () => [],
  });
  inbox.onChange(() => feed.sync());
  /** Runs `change` and returns the ops it caused. */
  const opsOf = (change: () => void): NotificationOp[] => {
    emitted = [];
    change();
    return emitted;
  };
  return {
    inbox,
    get model(): PairingModel {
      return model;
    },
    /** Replaces the model and tells the inbox: the ops this change causes. */
    set: (next: PairingModel) =>
      opsOf(() => {
        model = next;
        for (const l of changed) l();
      }),
    snooze: (key: string) => opsOf(() => inbox.snooze(key)),
  };
}
