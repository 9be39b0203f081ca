// The user's decisions on inbox items and devices, as the bridge requests them. Every Approve names the
// revision it was made on and goes through approveFlow (settled, confirmed when critical, bound).
import type { ClawbarRequests } from '../contract/contract.ts';
import type { ActionResult, ApproveIntent, HistoryEntry } from '../contract/views.ts';
import { DISPLAY_NAME_MAX } from '../pairing/classify.ts';
import { visibleText } from '../present/visibleText.ts';
import { deviceIdOfKey, deviceKey } from '../pairing/inboxItem.ts';
import type { DecisionPath } from '../inbox/settle.ts';
import { approveItem } from './approveFlow.ts';
import type { CoreContext } from './context.ts';
import { checkReset } from './decisionGate.ts';

type DecisionRequests = Pick<
  ClawbarRequests,
  | 'approve'
  | 'reject'
  | 'notNow'
  | 'mute'
  | 'unmute'
  | 'setIgnored'
  | 'removeDevice'
  | 'resetDevice'
  | 'rotateToken'
  | 'revokeToken'
  | 'renameDevice'
  | 'getHistory'
>;

/** "Not now" on an item: the inbox snoozes it at its revision; the audit log records it. */
export function notNow(ctx: CoreContext, key: string): ActionResult {
  const item = ctx.inbox.snooze(key);
  // The inbox announces the change: the notification feed closes its notification.
  if (!item) return { ok: false, error: 'That request is gone.' };
  const deviceId = deviceIdOfKey(key);
  if (item.kind === 'device' && deviceId) {
    void ctx.audit
      .append({
        ts: Date.now(),
        action: 'not-now',
        outcome: 'snoozed',
        by: 'user',
        deviceId,
        requestId: item.card.requestId,
        displayName: item.card.requester.displayName,
      })
      .catch(() => undefined);
  }
  ctx.scheduleEmit();
  return { ok: true };
}

/**
 * Approve from the tray or a notification, as seen at `revision`: the same rule as the panel's approve.
 * When nothing was approved the user is told in plain words and shown the card.
 */
export async function approveAtRevision(
  ctx: CoreContext,
  key: string,
  revision: number,
  path: Exclude<DecisionPath, 'panel'>,
): Promise<ActionResult> {
  const r = await ctx.guarded('approve', () => approveItem(ctx, key, revision, path));
  if (!r.ok) {
    ctx.notices.add('warning', r.error);
    ctx.focus({ view: 'pending', ...(ctx.inbox.item(key) ? { key } : {}) });
  }
  return r;
}

/**
 * Reset & re-approve, decided on `revision` of the device's grant as shown on `path`: it re-approves
 * exactly that grant, so the revision must be current and settled; otherwise nothing is reset and the
 * result says why.
 */
export async function resetAtRevision(
  ctx: CoreContext,
  deviceId: string,
  revision: number,
  path: 'panel' | 'tray',
): Promise<ActionResult> {
  return ctx.guarded('reset', async () => {
    const engine = ctx.needEngine();
    // Judge the device as the gateway lists it now, not as the last list had it.
    await engine.refresh().catch(() => undefined);
    const device = engine.model.devices.find((d) => d.deviceId === deviceId);
    if (!device) return { ok: false, error: 'That device is not paired.' };
    const refusal = checkReset(ctx.shown, device, revision, path);
    if (refusal) {
      ctx.scheduleEmit(); // the panel and the tray show the current revision
      return { ok: false, error: refusal, code: 'CHANGED' };
    }
    const p = engine.reset(deviceId, device);
    ctx.scheduleEmit();
    return p;
  });
}

/**
 * A record as History shows it: names and free text from devices escaped (bidi overrides, controls and
 * line breaks become visible) and names capped like everywhere else — also for records written raw.
 */
function shownInHistory(e: HistoryEntry): HistoryEntry {
  const text = (s: string | undefined, max?: number) =>
    s === undefined ? undefined : visibleText(s, max === undefined ? {} : { max });
  const displayName = text(e.displayName, DISPLAY_NAME_MAX);
  const title = text(e.title);
  const detail = text(e.detail);
  return {
    ...e,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

export function userDecisions(ctx: CoreContext): DecisionRequests {
  const engine = () => ctx.needEngine();
  return {
    approve: ({ revision, ...shown }: ApproveIntent) =>
      ctx.guarded('approve', () => approveItem(ctx, deviceKey(shown.deviceId), revision, 'panel', shown)),
    reject: (deviceId, requestId) => ctx.guarded('reject', () => engine().reject(deviceId, requestId)),
    notNow: (deviceId) => ctx.guarded('not now', () => notNow(ctx, deviceKey(deviceId))),
    mute: (deviceId, minutes) => ctx.guarded('mute', () => engine().mute(deviceId, minutes)),
    unmute: (deviceId) => ctx.guarded('unmute', () => engine().unmute(deviceId)),
    setIgnored: (deviceId, ignored) => ctx.guarded('ignore', () => engine().setIgnored(deviceId, ignored)),
    removeDevice: (deviceId) => ctx.guarded('remove', () => engine().remove(deviceId)),
    resetDevice: (deviceId, revision) => resetAtRevision(ctx, deviceId, revision, 'panel'),
    rotateToken: (deviceId, role) => ctx.guarded('rotate', () => engine().rotateToken(deviceId, role)),
    revokeToken: (deviceId, role) => ctx.guarded('revoke', () => engine().revokeToken(deviceId, role)),
    renameDevice: (deviceId, label) => ctx.guarded('rename', () => engine().rename(deviceId, label)),
    getHistory: async (limit) =>
      (await ctx.audit.read(Math.max(1, Math.min(limit, 1000)))).map(shownInHistory),
  };
}
