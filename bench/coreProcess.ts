// Child process of the flood and idle benchmarks and of the soak: Clawbar's core (its gateway
// connection and pairing engine, as the pairing rig builds it) and nothing else, measuring itself over
// a window the parent opens and closes: CPU share, RSS, notification ops, and (idle) timer wake-ups by
// origin; for the soak, a snapshot on demand (after a forced GC when run with --expose-gc) and the
// user's decisions carried out by the engine.
// Usage: coreProcess.ts <gateway version> <flood|idle|soak>. Lines: READY · START → STOP → RESULT {…} ·
// REJECT_ALL → CLEANED · SAMPLE <id> → SAMPLED <id> {…} · ACT <id> <action> <deviceId> → DONE <id> {…}
// (approve, reject, remove, reset; card: waits for its card; gone: waits until it has none) · end of
// stdin: stop and exit.
import { createHook, executionAsyncResource } from 'node:async_hooks';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sharedGateway } from '../test/support/gateway.ts';
import { pairingRig } from '../test/support/pairingRig.ts';
import { repoRoot, type GatewayVersion } from '../test/support/toolchain.ts';
import { waitFor } from '../test/support/waitFor.ts';
import { approveIntentOf } from '../electron/core/pairing/reconcile.ts';
import { commands } from './child.ts';
import { deviceIdOfKey } from '../electron/core/pairing/inboxItem.ts';

/** What the engine did and holds: in a window (flood, idle), or since the previous snapshot (soak). */
interface EngineCounts {
  cards: number;
  lists: number;
  /** Notification ops and gateway events. */
  ops: Record<string, number>;
  events: Record<string, number>;
}

export interface CoreWindowResult extends EngineCounts {
  wallMs: number;
  cpuMs: number;
  /** CPU time over wall time, in % of one core. */
  cpuPct: number;
  rssMb: number;
  /** Peak RSS of the whole process life (getrusage maxrss). */
  peakRssMb: number;
  heapUsedMb: number;
  showsPerDevice: Record<string, number>;
  /** Timeout/Immediate callbacks run during the window (idle mode). */
  wakeups?: {
    timers: number;
    perMinute: number;
    byType: Record<string, number>;
    byOrigin: Record<string, number>;
  };
}

const [version, mode] = process.argv.slice(2) as [GatewayVersion, 'flood' | 'idle' | 'soak'];
const gw = await sharedGateway(version);
const rig = await pairingRig(gw);

const events: Record<string, number> = {};
rig.client.onEvent((e) => (events[e.event] = (events[e.event] ?? 0) + 1));

/** Where a timer was created: the first frames in our code (not node internals, not this file). */
function origin(stack: string | undefined): string {
  const frames = (stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at /, ''))
    .filter((l) => !l.includes('node:') && !l.includes('coreProcess.ts'));
  return (
    frames
      .slice(0, 2)
      .map((f) => f.replace(`file://${repoRoot}${path.sep}`, '').replace(`${repoRoot}${path.sep}`, ''))
      .join(' ← ') || '(node internals)'
  );
}

function wakeupCounter() {
  const types = new Map<number, { type: string; origin: string }>();
  const byType: Record<string, number> = {};
  const byOrigin: Record<string, number> = {};
  const hook = createHook({
    init(id, type) {
      if (type === 'PROMISE') return;
      const timer = type === 'Timeout' || type === 'Immediate';
      types.set(id, { type, origin: timer ? origin(new Error().stack) : type });
    },
    before(id) {
      // Resources created before the window (a long-lived interval, the socket) are named by their class.
      const t = types.get(id) ?? {
        type: (executionAsyncResource() as object | undefined)?.constructor.name ?? 'unknown',
        origin: '(created before the window)',
      };
      if (['TickObject', 'Object', 'Promise', 'PROMISE'].includes(t.type)) return; // same turn, not a wake-up
      byType[t.type] = (byType[t.type] ?? 0) + 1;
      if (t.type === 'Timeout' || t.type === 'Immediate') byOrigin[t.origin] = (byOrigin[t.origin] ?? 0) + 1;
    },
    destroy(id) {
      types.delete(id);
    },
  });
  return {
    enable: () => hook.enable(),
    disable: () => hook.disable(),
    result: (wallMs: number) => {
      const timers = (byType.Timeout ?? 0) + (byType.Immediate ?? 0);
      return { timers, perMinute: timers / (wallMs / 60_000), byType, byOrigin };
    },
  };
}

export interface CoreSnapshot extends EngineCounts {
  rssMb: number;
  /** V8 heap in use, after a forced GC when the process has one (--expose-gc). */
  heapMb: number;
  externalMb: number;
  gcForced: boolean;
  /** process.getActiveResourcesInfo(): open handles, requests and timers, by type. */
  resources: Record<string, number>;
  handles: number;
  devices: number;
  /** Per-device memory the engine keeps between lists, and the request ids it remembers. */
  memoryEntries: number;
  requestIdsHeld: number;
  resetting: number;
  approves: number;
}

export type SoakAction = 'approve' | 'reject' | 'remove' | 'reset' | 'card' | 'gone';
export type ActResult = { ok: boolean; error?: string; requestId?: string };

let eventsAtSnapshot: Record<string, number> = {};
function snapshot(): CoreSnapshot {
  const gcForced = typeof globalThis.gc === 'function';
  globalThis.gc?.();
  const mem = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const ops: Record<string, number> = {};
  // The rig records every op for the benchmarks' windows; over a soak that list is the harness's, not
  // Clawbar's, so it is counted and emptied here.
  for (const op of rig.ops.splice(0)) ops[op.type] = (ops[op.type] ?? 0) + 1;
  const since: Record<string, number> = {};
  for (const [k, v] of Object.entries(events))
    if (v - (eventsAtSnapshot[k] ?? 0) > 0) since[k] = v - (eventsAtSnapshot[k] ?? 0);
  eventsAtSnapshot = { ...events };
  const memory = Object.values(rig.engine.model.memory);
  return {
    rssMb: mem.rss / 2 ** 20,
    heapMb: mem.heapUsed / 2 ** 20,
    externalMb: mem.external / 2 ** 20,
    gcForced,
    resources,
    handles: Object.values(resources).reduce((a, b) => a + b, 0),
    cards: rig.engine.cards.length,
    devices: rig.engine.model.devices.length,
    memoryEntries: memory.length,
    requestIdsHeld: memory.reduce((a, m) => a + m.requestIds.length, 0),
    resetting: rig.engine.resetting.length,
    lists: rig.engine.stats.lists,
    approves: rig.engine.stats.approves,
    ops,
    events: since,
  };
}

const cardOf = (deviceId: string) => rig.engine.cards.find((c) => c.deviceId === deviceId);
const waitCard = (deviceId: string) => waitFor(() => cardOf(deviceId), 30_000, `a card for ${deviceId}`, 100);

async function act(action: SoakAction, deviceId: string): Promise<ActResult> {
  try {
    switch (action) {
      case 'approve':
        return await rig.engine.approve(approveIntentOf(await waitCard(deviceId)));
      case 'reject': {
        const card = await waitCard(deviceId);
        return await rig.engine.reject(deviceId, card.requestId);
      }
      case 'remove':
        return await rig.engine.remove(deviceId);
      case 'reset':
        return await rig.engine.reset(deviceId);
      case 'card':
        return { ok: true, requestId: (await waitCard(deviceId)).requestId };
      case 'gone':
        await waitFor(() => !cardOf(deviceId), 60_000, `the card of ${deviceId} to close`, 100);
        return { ok: true };
    }
  } catch (err) {
    return { ok: false, error: String((err as Error).message ?? err) };
  }
}

console.log('READY');

let window:
  | { t0: number; cpu: NodeJS.CpuUsage; opsFrom: number; lists: number; events: Record<string, number> }
  | undefined;
let counter: ReturnType<typeof wakeupCounter> | undefined;
for await (const cmd of commands()) {
  if (cmd === 'START') {
    // The idle window starts with nothing of ours scheduled: this process waits on stdin only.
    if (mode === 'idle') {
      counter = wakeupCounter();
      counter.enable();
    }
    window = {
      t0: performance.now(),
      cpu: process.cpuUsage(),
      opsFrom: rig.ops.length,
      lists: rig.engine.stats.lists,
      events: { ...events },
    };
  } else if (cmd === 'STOP' && window) {
    const wallMs = performance.now() - window.t0;
    const cpu = process.cpuUsage(window.cpu);
    counter?.disable();
    const ops: Record<string, number> = {};
    const showsPerDevice: Record<string, number> = {};
    for (const op of rig.ops.slice(window.opsFrom)) {
      ops[op.type] = (ops[op.type] ?? 0) + 1;
      const deviceId = deviceIdOfKey(op.key);
      if (op.type === 'show' && deviceId) showsPerDevice[deviceId] = (showsPerDevice[deviceId] ?? 0) + 1;
    }
    const since: Record<string, number> = {};
    for (const [k, v] of Object.entries(events))
      if (v - (window.events[k] ?? 0) > 0) since[k] = v - (window.events[k] ?? 0);
    const mem = process.memoryUsage();
    const result: CoreWindowResult = {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      rssMb: mem.rss / 2 ** 20,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: mem.heapUsed / 2 ** 20,
      ops,
      showsPerDevice,
      cards: rig.engine.cards.length,
      lists: rig.engine.stats.lists - window.lists,
      events: since,
      ...(counter ? { wakeups: counter.result(wallMs) } : {}),
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
    window = undefined;
  } else if (cmd.startsWith('SAMPLE ')) {
    console.log(`SAMPLED ${cmd.slice('SAMPLE '.length)} ${JSON.stringify(snapshot())}`);
  } else if (cmd.startsWith('ACT ')) {
    // Decisions run side by side, as a user's clicks on several cards would.
    const [, id, action, deviceId] = cmd.split(' ') as [string, string, SoakAction, string];
    void act(action, deviceId).then((r) => console.log(`DONE ${id} ${JSON.stringify(r)}`));
  } else if (cmd === 'REJECT_ALL') {
    await rig.engine.refresh().catch(() => undefined);
    for (const c of rig.engine.cards) await rig.engine.reject(c.deviceId, c.requestId);
    console.log(`CLEANED ${rig.engine.cards.length}`);
  }
}
await rig.stop();
process.exit(0);
