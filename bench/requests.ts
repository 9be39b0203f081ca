// Pending requests on demand, of the kind each gateway holds for approval and its CLI can approve:
// 2026.4.12 pairs new local devices silently but holds scope upgrades, so a device paired at read asks
// for approvals; 2026.9.6 (autoApproveLocal off) holds new devices, and its CLI cannot approve a pure
// read → approvals upgrade (known bug), so there a new device asks to pair.
import fs from 'node:fs';
import { TestDevice, type ConnectResult } from '../test/support/device.ts';
import type { TestGateway } from '../test/support/gateway.ts';

export type RequestKind = 'scope-upgrade' | 'new-device';

export function requestKindFor(gw: TestGateway): RequestKind {
  return gw.version === '2026.4.12' ? 'scope-upgrade' : 'new-device';
}

/** 9.6 holds new devices and upgrades only with autoApproveLocal off; returns the undo. */
export async function holdRequests(gw: TestGateway): Promise<() => Promise<void>> {
  if (gw.version === '2026.4.12') return () => Promise.resolve();
  await setAutoApproveLocal(gw, false);
  return () => setAutoApproveLocal(gw, true);
}

/**
 * `gw.setAutoApproveLocal`, raced with a byte-exact wait for the reload line: TestGateway.waitForLog
 * slices the decoded text at a byte offset, so once the log holds enough multi-byte characters (9.6
 * logs "⇄ res ✓ …" per RPC) it skips the line it waits for and times out although the reload applied.
 */
async function setAutoApproveLocal(gw: TestGateway, on: boolean): Promise<void> {
  const from = fs.existsSync(gw.logPath) ? fs.statSync(gw.logPath).size : 0;
  const own = gw.setAutoApproveLocal(on);
  own.catch(() => undefined);
  const deadline = Date.now() + 15_000;
  const applied = (async () => {
    while (Date.now() < deadline) {
      const text = fs.readFileSync(gw.logPath).subarray(from).toString('utf8');
      if (/config hot reload applied/.test(text)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    await own; // neither saw it: the harness's own error says why
  })();
  await Promise.race([own, applied]);
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
