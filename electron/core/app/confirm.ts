// The core's one way to ask the person before it acts: the platform's native confirmation when the
// shell gives one, otherwise a `confirm` event to the panel (browser host, tests) answered by
// `answerConfirm`. Unanswered or unavailable means no.
import { randomUUID } from 'node:crypto';
import type { ConfirmPrompt } from '../contract/contract.ts';
import type { ActionResult } from '../contract/views.ts';
import type { ConfirmPort, ConfirmRequest } from './types.ts';

/** A panel question left unanswered this long is a "no" (the person walked away). */
export const PANEL_CONFIRM_TIMEOUT_MS = 5 * 60_000;

export interface Confirmer {
  ask(req: ConfirmRequest): Promise<boolean>;
  /** The panel's answer; false when no question with this id is waiting. */
  answer(id: string, ok: boolean): ActionResult;
  /** Every waiting question is answered "no" (dispose). */
  cancelAll(): void;
}

export function createConfirmer(
  port: ConfirmPort | undefined,
  pushToPanel: (prompt: ConfirmPrompt) => void,
  timeoutMs = PANEL_CONFIRM_TIMEOUT_MS,
): Confirmer {
  const waiting = new Map<string, { resolve(ok: boolean): void; timer: NodeJS.Timeout }>();
  const settle = (id: string, ok: boolean): boolean => {
    const w = waiting.get(id);
    if (!w) return false;
    waiting.delete(id);
    clearTimeout(w.timer);
    w.resolve(ok);
    return true;
  };
  return {
    async ask(req) {
      if (port) return port(req).catch(() => false);
      const id = randomUUID();
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => settle(id, false), timeoutMs);
        timer.unref?.();
        waiting.set(id, { resolve, timer });
        pushToPanel({ id, title: req.title, message: req.message, confirmLabel: req.confirmLabel });
      });
    },
    answer(id, ok) {
      return settle(id, ok)
        ? { ok: true }
        : { ok: false, error: 'That question is no longer waiting for an answer.', code: 'UNKNOWN_CONFIRM' };
    },
    cancelAll() {
      for (const id of [...waiting.keys()]) settle(id, false);
    },
  };
}
