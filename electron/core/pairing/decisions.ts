// The user's decisions on a device other than approve: reject its request, mute or ignore it, remove
// it, rotate or revoke its token, rename it. Each writes its own audit record.
import type { ActionResult } from '../contract/views.ts';
import { errorMessage } from '../contract/errors.ts';
import { deviceView } from './devices.ts';
import type { EngineContext } from './engineContext.ts';

export async function reject(ctx: EngineContext, deviceId: string, requestId: string): Promise<ActionResult> {
  const started = ctx.now();
  const card = ctx.card(deviceId);
  const name = card?.requester.displayName ?? deviceId.slice(0, 12);
  ctx.patchCard(deviceId, { busy: 'rejecting' }, ['notice']);
  try {
    await ctx.refresh();
    // Reject the device's live request (the one shown may have been superseded by a retry). Never the
    // id the caller named unless it is this device's: a reject cannot reach another device's request.
    const live = ctx.livePending(deviceId);
    if (!live) {
      ctx.patchCard(deviceId, {}, ['busy']);
      return { ok: false, error: `${name} has no request waiting any more, so nothing was rejected.` };
    }
    const id = live.requestId;
    if (id !== requestId) ctx.log('info', `reject: ${name} had replaced its request; rejecting the live one`);
    await ctx.client.call('device.pair.reject', { requestId: id });
    ctx.audit({
      action: 'reject',
      outcome: 'rejected',
      by: 'user',
      deviceId,
      requestId: id,
      displayName: name,
      latencyMs: ctx.now() - started,
    });
    await ctx.refresh().catch(() => undefined);
    return { ok: true, message: `Rejected ${name}.` };
  } catch (err) {
    ctx.audit({
      action: 'reject',
      outcome: 'failed',
      by: 'user',
      deviceId,
      displayName: name,
      detail: errorMessage(err),
    });
    ctx.patchCard(deviceId, { notice: `Could not reject: ${errorMessage(err)}` }, ['busy']);
    return { ok: false, error: `Could not reject ${name}: ${errorMessage(err)}` };
  } finally {
    if (ctx.card(deviceId)?.busy === 'rejecting') ctx.patchCard(deviceId, {}, ['busy']);
  }
}

/** Stored end of a mute "until unmuted". */
export const MUTED_UNTIL_UNMUTED = Number.MAX_SAFE_INTEGER;
/** The panel asks for "until I unmute" as about a century of minutes: anything over 10 years is that. */
const FOREVER_MINUTES = 10 * 365 * 24 * 60;

function muteWords(minutes: number): string {
  if (minutes >= FOREVER_MINUTES) return 'until you unmute it';
  if (minutes % (24 * 60) === 0) return minutes === 24 * 60 ? 'for 1 day' : `for ${minutes / (24 * 60)} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'for 1 hour' : `for ${minutes / 60} hours`;
  return `for ${minutes} minutes`;
}

/**
 * Mute a device's notifications for `minutes` (60 = 1 h, 1440 = 1 day; 10 years or more = until
 * unmuted); 0 unmutes.
 */
export async function mute(ctx: EngineContext, deviceId: string, minutes: number): Promise<ActionResult> {
  if (minutes <= 0) return unmute(ctx, deviceId);
  const until = minutes >= FOREVER_MINUTES ? MUTED_UNTIL_UNMUTED : ctx.now() + minutes * 60_000;
  await ctx.prefs.setMuted(deviceId, until);
  const card = ctx.card(deviceId);
  if (card) ctx.patchCard(deviceId, { mutedUntil: until });
  const name = card?.requester.displayName ?? ctx.paired(deviceId)?.displayName;
  ctx.audit({
    action: 'mute',
    outcome: `muted ${muteWords(minutes)}`,
    by: 'user',
    deviceId,
    ...(name ? { displayName: name } : {}),
  });
  return { ok: true, message: `Muted ${muteWords(minutes)}.` };
}

/** Notifications for the device again (its pending request notifies at once). */
export async function unmute(ctx: EngineContext, deviceId: string): Promise<ActionResult> {
  await ctx.prefs.setMuted(deviceId, null);
  const card = ctx.card(deviceId);
  if (card) ctx.patchCard(deviceId, {}, ['mutedUntil']);
  const name = card?.requester.displayName ?? ctx.paired(deviceId)?.displayName;
  ctx.audit({
    action: 'mute',
    title: 'Unmuted',
    outcome: 'unmuted',
    by: 'user',
    deviceId,
    ...(name ? { displayName: name } : {}),
  });
  return { ok: true, message: 'Unmuted.' };
}

export async function setIgnored(
  ctx: EngineContext,
  deviceId: string,
  ignored: boolean,
): Promise<ActionResult> {
  await ctx.prefs.setIgnored(deviceId, ignored);
  if (ctx.card(deviceId)) ctx.patchCard(deviceId, { ignored });
  return { ok: true };
}

export async function remove(ctx: EngineContext, deviceId: string): Promise<ActionResult> {
  const dev = ctx.paired(deviceId);
  // Named as Devices shows it (escaped, capped), in the result line and the audit record alike.
  const name = dev ? deviceView(dev).displayName : deviceId.slice(0, 12);
  try {
    await ctx.client.call('device.pair.remove', { deviceId });
    ctx.audit({
      action: 'remove',
      outcome: 'removed',
      by: 'user',
      deviceId,
      displayName: name,
      ...(dev ? { scopesBefore: dev.scopes, scopesAfter: [] } : {}),
    });
    await ctx.refresh().catch(() => undefined);
    return { ok: true, message: `Removed ${name}. It must pair again to connect.` };
  } catch (err) {
    ctx.audit({
      action: 'remove',
      outcome: 'failed',
      by: 'user',
      deviceId,
      displayName: name,
      detail: errorMessage(err),
    });
    return { ok: false, error: `Could not remove ${name}: ${errorMessage(err)}` };
  }
}

export async function tokenAction(
  ctx: EngineContext,
  kind: 'rotate' | 'revoke',
  deviceId: string,
  role: string,
): Promise<ActionResult> {
  const dev = ctx.paired(deviceId);
  const name = dev ? deviceView(dev).displayName : deviceId.slice(0, 12);
  try {
    // The rotated token comes back in the result: it is the device's secret, so it is dropped here.
    await ctx.client.call(`device.token.${kind}`, { deviceId, role });
    ctx.audit({
      action: kind,
      outcome: kind === 'rotate' ? 'rotated' : 'revoked',
      by: 'user',
      deviceId,
      displayName: name,
      detail: `role ${role}`,
    });
    await ctx.refresh().catch(() => undefined);
    return {
      ok: true,
      message:
        kind === 'rotate'
          ? `Issued ${name} a new ${role} token; the old one no longer works.`
          : `Revoked ${name}'s ${role} token.`,
    };
  } catch (err) {
    ctx.audit({
      action: kind,
      outcome: 'failed',
      by: 'user',
      deviceId,
      displayName: name,
      detail: errorMessage(err),
    });
    return { ok: false, error: `Could not ${kind} the token of ${name}: ${errorMessage(err)}` };
  }
}

export async function rename(ctx: EngineContext, deviceId: string, label: string): Promise<ActionResult> {
  if (!ctx.client.hasMethod('device.pair.rename')) {
    return { ok: false, error: 'This gateway cannot rename devices (it needs OpenClaw 2026.9 or newer).' };
  }
  try {
    await ctx.client.call('device.pair.rename', { deviceId, label });
    ctx.audit({ action: 'rename', outcome: 'renamed', by: 'user', deviceId, displayName: label });
    await ctx.refresh().catch(() => undefined);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `Could not rename: ${errorMessage(err)}` };
  }
}
