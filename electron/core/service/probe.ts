// Liveness of whatever listens on the gateway port: nothing, an OpenClaw gateway (its `/healthz`
// answers `{ok:true,status:"live"}`), some other program, or a program of another user. A listener
// this user does not own is never talked to: it could be posing as the gateway.
import net from 'node:net';
import { z } from 'zod';
import { checkListenerOwner, type OwnerCheck } from './socketOwner.ts';

export type Listener = 'none' | 'gateway' | 'other' | 'foreign';

export interface PortProbe {
  port: number;
  listener: Listener;
  /** `/readyz` answered 200. */
  ready: boolean;
  /** Why the listener is `foreign`: the port and its owner in plain words. */
  ownerMessage?: string;
}

export type OwnerCheckFn = (port: number) => Promise<OwnerCheck>;

const HealthBody = z.looseObject({ ok: z.literal(true), status: z.string().optional() });

function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (open: boolean) => {
      sock.destroy();
      resolve(open);
    };
    sock.setTimeout(timeoutMs, () => done(true)); // accepted but silent: something holds the port
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function getJson(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  } catch {
    return undefined;
  }
}

export async function probePort(
  port: number,
  host = '127.0.0.1',
  timeoutMs = 3000,
  checkOwner: OwnerCheckFn = checkListenerOwner,
): Promise<PortProbe> {
  if (!(await tcpOpen(host, port, timeoutMs))) return { port, listener: 'none', ready: false };
  const owner = await checkOwner(port);
  if (!owner.ok) {
    // Closed between the two looks: nothing listens any more.
    if (owner.reason === 'none') return { port, listener: 'none', ready: false };
    return { port, listener: 'foreign', ready: false, ownerMessage: owner.message };
  }
  const health = await getJson(`http://${host}:${port}/healthz`, timeoutMs);
  const isGateway = health?.status === 200 && HealthBody.safeParse(health.body).success;
  if (!isGateway) return { port, listener: 'other', ready: false };
  const ready = await getJson(`http://${host}:${port}/readyz`, timeoutMs);
  return { port, listener: 'gateway', ready: ready?.status === 200 };
}

/** Polls until the gateway on `port` is ready, `stop()` says to give up, or the deadline passes. */
export async function waitForReady(
  port: number,
  o: { timeoutMs: number; intervalMs?: number; stop?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (o.stop?.()) return false;
    const p = await probePort(port);
    if (p.ready) return true;
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 250));
  }
  return false;
}
