// A real pairing rig for engine and app tests: Clawbar's own admin connection to a real gateway, the
// pairing engine over it as the inbox's device source, an audit log in a temp dir, and every
// notification op the core's notification feed decides (as the shell would receive them).
import { AuditLog } from '../../electron/core/audit/auditLog.ts';
import { GatewayClient } from '../../electron/core/gateway/client.ts';
import { generateIdentity } from '../../electron/core/gateway/identity.ts';
import { NotificationFeed } from '../../electron/core/app/notificationFeed.ts';
import { Inbox } from '../../electron/core/inbox/inbox.ts';
import { deviceKey } from '../../electron/core/pairing/inboxItem.ts';
import type { NotificationOp } from '../../electron/core/present/types.ts';
import {
  PairingEngine,
  type EnginePrefs,
  type PairingEngineOptions,
} from '../../electron/core/pairing/engine.ts';
import { tempDir, type TestGateway } from './gateway.ts';
import { memoryCredentials } from './memoryCredentials.ts';
import { waitFor } from './waitFor.ts';

export function memoryPrefs(): EnginePrefs & { muted: Record<string, number>; ignoredIds: string[] } {
  const prefs = {
    muted: {} as Record<string, number>,
    ignoredIds: [] as string[],
    mutedUntil: () => prefs.muted,
    ignored: () => prefs.ignoredIds,
    setMuted: (id: string, until: number | null) => {
      if (until === null) delete prefs.muted[id];
      else prefs.muted[id] = until;
      return Promise.resolve();
    },
    setIgnored: (id: string, on: boolean) => {
      prefs.ignoredIds = on
        ? [...new Set([...prefs.ignoredIds, id])]
        : prefs.ignoredIds.filter((x) => x !== id);
      return Promise.resolve();
    },
  };
  return prefs;
}

export interface PairingRig {
  client: GatewayClient;
  engine: PairingEngine;
  inbox: Inbox;
  feed: NotificationFeed;
  audit: AuditLog;
  ops: NotificationOp[];
  dataDir: string;
  stop(): Promise<void>;
}

export async function pairingRig(
  gw: TestGateway,
  o: Partial<PairingEngineOptions> = {},
): Promise<PairingRig> {
  const client = new GatewayClient({
    url: gw.url,
    identity: generateIdentity(),
    credentials: memoryCredentials(gw.token),
    client: { version: '0.1.0-test' },
    pairingStateDir: gw.stateDir,
  });
  const dataDir = tempDir('clawbar-data-');
  const audit = new AuditLog(dataDir);
  const engine = new PairingEngine({ client, audit, prefs: memoryPrefs(), ...o });
  const ops: NotificationOp[] = [];
  const inbox = new Inbox();
  const feed = new NotificationFeed({
    inbox,
    emit: (op) => ops.push(op),
    enabled: () => true,
    resettingDeviceIds: () => engine.resetting.map((r) => r.deviceId),
  });
  inbox.onChange(() => feed.sync());
  const detach = inbox.attach(engine);
  engine.start();
  client.start();
  await waitFor(() => client.state.kind === 'connected', 20_000, 'Clawbar connected');
  await engine.refresh();
  return {
    client,
    engine,
    inbox,
    feed,
    audit,
    ops,
    dataDir,
    stop: async () => {
      detach();
      engine.stop();
      await client.stop();
    },
  };
}

/** The ops for one device's item (`device:<deviceId>`). */
export function opsOf(rig: PairingRig, deviceId: string): NotificationOp[] {
  const key = deviceKey(deviceId);
  return rig.ops.filter((o) => o.key === key);
}
