// Timestamps what Clawbar's core sees: pairing events as its client receives them and the notification
// ops its inbox's notification feed emits (by item key), so a benchmark can measure from one to the other on the same clock.
import { performance } from 'node:perf_hooks';
import { deviceKey } from '../electron/core/pairing/inboxItem.ts';
import type { NotificationOp } from '../electron/core/present/types.ts';
import type { PairingRig } from '../test/support/pairingRig.ts';

export interface Seen<T> {
  at: number;
  value: T;
}

interface PairEvent {
  event: string;
  requestId?: string;
  deviceId?: string;
  decision?: string;
}

export class CoreTap {
  readonly events: Seen<PairEvent>[] = [];
  readonly ops: Seen<NotificationOp>[] = [];
  private readonly off: (() => void)[] = [];

  constructor(rig: PairingRig) {
    this.off.push(
      rig.client.onEvent((e) => {
        if (!e.event.startsWith('device.pair.')) return;
        const at = performance.now();
        const p = (e.payload ?? {}) as Record<string, unknown>;
        const str = (k: string) => (typeof p[k] === 'string' ? p[k] : undefined);
        this.events.push({
          at,
          value: {
            event: e.event,
            ...(str('requestId') ? { requestId: str('requestId') } : {}),
            ...(str('deviceId') ? { deviceId: str('deviceId') } : {}),
            ...(str('decision') ? { decision: str('decision') } : {}),
          },
        });
      }),
    );
    // The rig's own listener (registered first) has already appended this change's ops.
    let seen = rig.ops.length;
    this.off.push(
      rig.engine.onChange(() => {
        const at = performance.now();
        for (const op of rig.ops.slice(seen)) this.ops.push({ at, value: op });
        seen = rig.ops.length;
      }),
    );
  }

  /** When the client received `device.pair.requested` for this request id. */
  requestedAt(requestId: string): number | undefined {
    return this.events.find(
      (e) => e.value.event === 'device.pair.requested' && e.value.requestId === requestId,
    )?.at;
  }

  async waitShow(deviceId: string, since: number, timeoutMs: number): Promise<Seen<NotificationOp>> {
    return this.waitUntil(
      () =>
        this.ops.find((o) => o.at >= since && o.value.type === 'show' && o.value.key === deviceKey(deviceId)),
      timeoutMs,
      `a show op for ${deviceId.slice(0, 12)}`,
    );
  }

  async waitClose(deviceId: string, since: number, timeoutMs: number): Promise<Seen<NotificationOp>> {
    return this.waitUntil(
      () =>
        this.ops.find(
          (o) => o.at >= since && o.value.type === 'close' && o.value.key === deviceKey(deviceId),
        ),
      timeoutMs,
      `a close op for ${deviceId.slice(0, 12)}`,
    );
  }

  async waitResolved(deviceId: string, since: number, timeoutMs: number): Promise<Seen<PairEvent>> {
    return this.waitUntil(
      () =>
        this.events.find(
          (e) =>
            e.at >= since &&
            e.value.event === 'device.pair.resolved' &&
            e.value.deviceId === deviceId &&
            e.value.decision === 'approved',
        ),
      timeoutMs,
      `device.pair.resolved (approved) for ${deviceId.slice(0, 12)}`,
    );
  }

  /** Polls every 2 ms: the waits measure nothing themselves (the timestamps come from the listeners). */
  private async waitUntil<T>(pred: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v !== undefined) return v;
      if (performance.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  stop(): void {
    for (const f of this.off.splice(0)) f();
  }
}
