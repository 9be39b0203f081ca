// Child process of the flood and idle benchmarks: Clawbar's core (its gateway connection and pairing
// engine, as the pairing rig builds it) and nothing else, measuring itself over a window the parent
// opens and closes: CPU share, RSS, notification ops, and (idle) timer wake-ups by origin.
// Usage: coreProcess.ts <gateway version> <flood|idle>. Lines: READY · START → STOP → RESULT {…} ·
// REJECT_ALL → CLEANED · end of stdin: stop and exit.
import { createHook, executionAsyncResource } from 'node:async_hooks';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sharedGateway } from '../test/support/gateway.ts';
import { pairingRig } from '../test/support/pairingRig.ts';
import { repoRoot, type GatewayVersion } from '../test/support/toolchain.ts';
import { commands } from './child.ts';

export interface CoreWindowResult {
  wallMs: number;
  cpuMs: number;
  /** CPU time over wall time, in % of one core. */
  cpuPct: number;
  rssMb: number;
  /** Peak RSS of the whole process life (getrusage maxrss). */
  peakRssMb: number;
  heapUsedMb: number;
  ops: Record<string, number>;
  showsPerDevice: Record<string, number>;
  cards: number;
  lists: number;
  events: Record<string, number>;
  /** Timeout/Immediate callbacks run during the window (idle mode). */
  wakeups?: {
    timers: number;
    perMinute: number;
    byType: Record<string, number>;
    byOrigin: Record<string, number>;
  };
}

const [version, mode] = process.argv.slice(2) as [GatewayVersion, 'flood' | 'idle'];
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
      if (op.type === 'show') showsPerDevice[op.deviceId] = (showsPerDevice[op.deviceId] ?? 0) + 1;
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
  } else if (cmd === 'REJECT_ALL') {
    await rig.engine.refresh().catch(() => undefined);
    for (const c of rig.engine.cards) await rig.engine.reject(c.deviceId, c.requestId);
    console.log(`CLEANED ${rig.engine.cards.length}`);
  }
}
await rig.stop();
process.exit(0);
