// The core's one event bus: a Node EventEmitter typed by the events it carries.
import { EventEmitter } from 'node:events';
import type { ConfirmPrompt, FocusRequest } from '../contract/contract.ts';
import type { AppState } from '../contract/views.ts';
import type { NotificationOp } from '../present/types.ts';

export interface CoreEvents {
  state: [AppState];
  focus: [FocusRequest];
  notification: [NotificationOp];
  confirm: [ConfirmPrompt];
}

export type CoreEmitter = EventEmitter<CoreEvents>;

export function createCoreEvents(): CoreEmitter {
  const events = new EventEmitter<CoreEvents>();
  // The panel, the tray, the notifier and the browser host each listen; none is a leak.
  events.setMaxListeners(50);
  return events;
}

/** Subscribes and returns the function that unsubscribes. */
export function listen<K extends keyof CoreEvents>(
  events: CoreEmitter,
  event: K,
  listener: (...args: CoreEvents[K]) => void,
): () => void {
  const l = listener as (...args: unknown[]) => void;
  (events as EventEmitter).on(event, l);
  return () => void (events as EventEmitter).off(event, l);
}
