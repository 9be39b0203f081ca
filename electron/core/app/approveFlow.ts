// Approve, from any path: the settle rule first (the revision is current and has been visible long
// enough on the path the click came from), then the second confirmation for critical grants (or for
// every approval when the user asked for it), then the engine's binding check against the live request.
import type { ActionResult, ApproveBinding, PairingCard } from '../contract/views.ts';
import type { DecisionPath } from '../inbox/settle.ts';
import { approvalQuestion, isCriticalGrant } from '../pairing/critical.ts';
import { approveIntentOf } from '../pairing/reconcile.ts';
import { scopesWithin } from '../pairing/scopes.ts';
import type { CoreContext } from './context.ts';
import { checkDecision, itemName } from './decisionGate.ts';

/** Codes of an approve that was not attempted (the plain message says why). */
export type NotApprovedCode =
  'GONE' | 'CHANGED' | 'SETTLING' | 'NOT_SHOWN' | 'NOT_AS_SHOWN' | 'NOT_CONFIRMED';

const CODE = { gone: 'GONE', changed: 'CHANGED', settling: 'SETTLING', 'not-shown': 'NOT_SHOWN' } as const;

/** The panel's intent binds no more than the card at that revision: same key and role, scopes within. */
function withinCard(binding: ApproveBinding, card: PairingCard): boolean {
  return (
    binding.deviceId === card.deviceId &&
    binding.publicKey === card.publicKey &&
    binding.role === card.role &&
    scopesWithin(binding.scopes, card.scopes)
  );
}

export async function approveItem(
  ctx: CoreContext,
  key: string,
  revision: number,
  path: DecisionPath,
  shownBinding?: ApproveBinding,
): Promise<ActionResult> {
  const verdict = checkDecision({ inbox: ctx.inbox, shown: ctx.shown }, key, revision, path);
  if (!verdict.ok) return { ok: false, error: verdict.message, code: CODE[verdict.reason] };
  const item = ctx.inbox.item(key);
  if (item?.kind !== 'device')
    return { ok: false, error: 'That request cannot be approved here.', code: 'GONE' };
  const card = item.card;
  const name = itemName(item);
  if (shownBinding && !withinCard(shownBinding, card)) {
    return {
      ok: false,
      error: `That approval asks for more than the card of ${name} shows; nothing was approved. Look again.`,
      code: 'NOT_AS_SHOWN',
    };
  }
  const binding = shownBinding ?? approveIntentOf(card);
  const critical = isCriticalGrant(card);
  if (critical || ctx.settings.get().confirmEveryApproval) {
    const confirmed = await ctx.confirmer.ask(approvalQuestion(card, critical));
    if (!confirmed) {
      void ctx.audit
        .append({
          ts: Date.now(),
          action: 'approve',
          title: 'Approval cancelled',
          outcome: 'not confirmed: nothing was approved',
          by: 'user',
          deviceId: card.deviceId,
          displayName: card.requester.displayName,
          requestId: card.requestId,
          ...(critical ? { critical: true } : {}),
        })
        .catch(() => undefined);
      return {
        ok: false,
        error: `Nothing was approved: ${name} needs your confirmation.`,
        code: 'NOT_CONFIRMED',
      };
    }
    // The dialog took time: what was confirmed must still be what the item asks.
    if (ctx.inbox.item(key)?.revision !== revision) {
      return {
        ok: false,
        error: `${name} changed what it asks while you were confirming — look again; nothing was approved.`,
        code: 'CHANGED',
      };
    }
  }
  return ctx.needEngine().approve(binding, critical ? { critical: true } : {});
}
