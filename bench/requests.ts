// Pending requests on demand, of the kind each gateway holds for approval and its CLI can approve:
// 2026.4.12 pairs new local devices silently but holds scope upgrades, so a device paired at read asks
// for approvals; 2026.9.6 (autoApproveLocal off) holds new devices, and its CLI cannot approve a pure
// read → approvals upgrade (known bug), so there a new device asks to pair.
import { TestDevice, type ConnectResult } from '../test/support/device.ts';
import type { TestGateway } from '../test/support/gateway.ts';

export type RequestKind = 'scope-upgrade' | 'new-device';

export function requestKindFor(gw: TestGateway): RequestKind {
  return gw.version === '2026.4.12' ? 'scope-upgrade' : 'new-device';
}

/** 9.6 holds new devices and upgrades only with autoApproveLocal off; returns the undo. */
export async function holdRequests(gw: TestGateway): Promise<() => Promise<void>> {
  if (gw.version === '2026.4.12') return () => Promise.resolve();
  await gw.setAutoApproveLocal(false);
  return () => gw.setAutoApproveLocal(true);
}

/** Connects, retrying handshakes dropped under load (1006 with no answer): transport noise. */
async function connectOnce(d: TestDevice, gw: TestGateway, scopes: string[]): Promise<ConnectResult> {
  let r = await d.connect(gw, { scopes });
  for (let i = 0; i < 3 && !r.ok && r.closeCode === 1006 && !r.error; i++) {
    await new Promise((res) => setTimeout(res, 200));
    r = await d.connect(gw, { scopes });
  }
  return r;
}

/** A device paired at operator.read (before requests are held on 9.6; silently on 4.12). */
export async function pairedAtRead(gw: TestGateway, displayName: string): Promise<TestDevice> {
  const d = new TestDevice({ displayName });
  const r = await connectOnce(d, gw, ['operator.read']);
  if (!r.ok) throw new Error(`${displayName} could not pair at operator.read: ${JSON.stringify(r)}`);
  return d;
}

/**
 * A fresh device (its own identity) prepared so that `ask()` leaves exactly one pending request:
 * on 4.12 it is paired at read first (untimed), on 9.6 it is new.
 */
export async function requester(
  gw: TestGateway,
  displayName: string,
): Promise<{ device: TestDevice; ask: () => Promise<ConnectResult> }> {
  if (requestKindFor(gw) === 'scope-upgrade') {
    const device = await pairedAtRead(gw, displayName);
    return { device, ask: () => device.connect(gw, { scopes: ['operator.approvals'] }) };
  }
  const device = new TestDevice({ displayName });
  return { device, ask: () => device.connect(gw, { scopes: ['operator.read'] }) };
}
