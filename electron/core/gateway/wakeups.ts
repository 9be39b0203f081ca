// Cheap signals that tell a waiting client when one more connect attempt is worth it, so it never has
// to poll the gateway with connects:
// - readiness: a loopback gateway that went down answers `GET /readyz` 200 again (restart, crash);
// - pairing store: the local gateway's pairing store changed (Clawbar's request was approved with the
//   CLI or by another admin client). Clawbar only watches these files; it never reads or writes them.
import fs from 'node:fs';
import path from 'node:path';

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

export function readyzUrl(wsUrl: string): string {
  const u = new URL(wsUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = '/readyz';
  u.search = '';
  return u.toString();
}

export async function isReady(wsUrl: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(readyzUrl(wsUrl), { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Polls `/readyz` of a loopback gateway and calls `onReady` once. HTTP to a closed loopback port costs
 * nothing and tells us the moment the gateway is ready, where connect backoff alone could wait up to
 * 30 s. Every `intervalMs` for the first `fastForMs`, then every `slowIntervalMs` for as long as the
 * caller keeps it armed: a gateway started long after Clawbar (at login, by hand) is still noticed
 * within a second or two. Each poll may take up to `probeTimeoutMs`: a busy machine answers slowly,
 * and a poll cut short would look "not ready" for ever. With `requireNotReadyFirst`, only a gateway
 * that was seen not ready and then ready counts (one that never went away must not bypass the backoff).
 */
export function watchReadiness(
  wsUrl: string,
  onReady: () => void,
  o: {
    intervalMs?: number;
    fastForMs?: number;
    slowIntervalMs?: number;
    probeTimeoutMs?: number;
    requireNotReadyFirst?: boolean;
  } = {},
): () => void {
  // 50 ms: Clawbar's share of a reconnect (ready → connect sent) has a 100 ms budget; a refused
  // loopback connect costs well under a millisecond.
  const intervalMs = o.intervalMs ?? 50;
  const slowIntervalMs = o.slowIntervalMs ?? 1000;
  const fastUntil = Date.now() + (o.fastForMs ?? 120_000);
  const probeTimeoutMs = o.probeTimeoutMs ?? 2000;
  let stopped = false;
  let armed = o.requireNotReadyFirst !== true;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    const ready = await isReady(wsUrl, probeTimeoutMs);
    if (ready && armed) {
      if (!stopped) {
        stopped = true;
        onReady();
      }
      return;
    }
    if (!ready) armed = true;
    // A gateway that answers ready but does not count yet (requireNotReadyFirst) is asked slowly.
    const fast = !ready && Date.now() < fastUntil;
    if (!stopped) timer = setTimeout(() => void tick(), fast ? intervalMs : slowIntervalMs).unref();
  };
  // unref: a watch never keeps a process alive by itself (the client's own timers decide that).
  timer = setTimeout(() => void tick(), intervalMs).unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** Where a local gateway keeps pairing state: `devices/` (JSON, 2026.4.x) and `state/` (SQLite, 2026.7+). */
export function pairingStoreDirs(stateDir: string): string[] {
  return [path.join(stateDir, 'devices'), path.join(stateDir, 'state')];
}

/**
 * Calls `onChange` (debounced) when files in the pairing store change. Changes during `quietUntil()`
 * (Clawbar's own connect attempt, which refreshes its pending request) are ignored.
 */
export function watchPairingStore(
  dirs: string[],
  onChange: () => void,
  quietUntil: () => number,
  debounceMs = 150,
): () => void {
  const watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (Date.now() < quietUntil()) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (Date.now() >= quietUntil()) onChange();
    }, debounceMs);
  };
  for (const dir of dirs) {
    try {
      const w = fs.watch(dir, { persistent: false }, fire);
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      /* that layout is not used by this gateway version */
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
