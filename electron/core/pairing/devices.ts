// Paired devices as the panel and the tray show them (no token values: the list never carries them).
import type { DeviceView } from '../contract/views.ts';
import type { PairedDevice } from '../gateway/wire.ts';
import { visibleText } from '../present/visibleText.ts';
import { DISPLAY_NAME_MAX, keyFingerprint, rolesOf, shortDeviceId } from './classify.ts';
import { scopeLine } from './scopes.ts';

export interface DeviceViewContext {
  /** Clawbar's own device id: its record is marked, since removing it disconnects Clawbar. */
  selfDeviceId?: string | undefined;
  /** The previous views, to carry UI state (a reset in progress) across refreshes. */
  previous?: readonly DeviceView[];
}

export function deviceView(d: PairedDevice, ctx: DeviceViewContext = {}): DeviceView {
  const prev = ctx.previous?.find((p) => p.deviceId === d.deviceId);
  const label = d.operatorLabel?.trim() || undefined;
  return {
    deviceId: d.deviceId,
    publicKey: d.publicKey,
    displayName: visibleText(
      label ?? (d.displayName?.trim() || d.clientId?.trim() || `device ${shortDeviceId(d.deviceId)}`),
      { max: DISPLAY_NAME_MAX },
    ),
    ...(label !== undefined ? { label } : {}),
    ...(d.platform !== undefined ? { platform: d.platform } : {}),
    ...(d.clientId !== undefined ? { clientId: d.clientId } : {}),
    ...(d.clientMode !== undefined ? { clientMode: d.clientMode } : {}),
    roles: rolesOf(d),
    scopes: [...d.scopes],
    scopeLines: d.scopes.map(scopeLine),
    tokens: d.tokens.map((t) => ({
      role: t.role,
      scopes: [...t.scopes],
      ...(t.createdAtMs !== undefined ? { createdAtMs: t.createdAtMs } : {}),
      ...(t.rotatedAtMs !== undefined ? { rotatedAtMs: t.rotatedAtMs } : {}),
      ...(t.revokedAtMs !== undefined ? { revokedAtMs: t.revokedAtMs } : {}),
      ...(t.lastUsedAtMs !== undefined ? { lastUsedAtMs: t.lastUsedAtMs } : {}),
    })),
    ...(d.createdAtMs !== undefined ? { createdAtMs: d.createdAtMs } : {}),
    ...(d.approvedAtMs !== undefined ? { approvedAtMs: d.approvedAtMs } : {}),
    ...(d.lastSeenAtMs !== undefined ? { lastSeenAtMs: d.lastSeenAtMs } : {}),
    ...(d.connected !== undefined ? { connected: d.connected } : {}),
    isClawbar: ctx.selfDeviceId !== undefined && d.deviceId === ctx.selfDeviceId,
    keyFingerprint: keyFingerprint(d.publicKey),
    ...(prev?.resetting ? { resetting: prev.resetting } : {}),
  };
}

/** Clawbar first, then by name; stable for the menu. */
export function deviceViews(paired: readonly PairedDevice[], ctx: DeviceViewContext = {}): DeviceView[] {
  return paired
    .map((d) => deviceView(d, ctx))
    .sort(
      (a, b) =>
        Number(b.isClawbar) - Number(a.isClawbar) ||
        a.displayName.localeCompare(b.displayName) ||
        a.deviceId.localeCompare(b.deviceId),
    );
}
