// Starts the test run's shared gateways (one per pinned version), writes their descriptors for the
// test processes (CLAWBAR_TEST_GATEWAYS), and on SIGTERM stops them by PID and checks the DNS guard.
// Run by scripts/test.mjs under Node 24: `node test/support/gateway-pool.ts <descriptors.json>`.
import fs from 'node:fs';
import { startGateway, type GatewayDescriptor, type TestGateway } from './gateway.ts';
import { GATEWAY_VERSIONS } from './toolchain.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: gateway-pool.ts <descriptors.json>');

const started = Date.now();
const gateways: TestGateway[] = await Promise.all(
  GATEWAY_VERSIONS.map((version) => startGateway({ version })),
);
const descriptors: GatewayDescriptor[] = gateways.map((g) => ({
  version: g.version,
  dir: g.dir,
  port: g.port,
  token: g.token,
  pid: g.pid ?? 0,
}));
fs.writeFileSync(out, JSON.stringify(descriptors, null, 2), { mode: 0o600 });
console.log(
  `[gateways] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${gateways.map((g) => `${g.version} pid ${g.pid} port ${g.port}`).join(', ')}`,
);
console.log('READY');

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const pids = gateways.map((g) => g.pid).filter((p): p is number => p !== undefined);
  await Promise.all(gateways.map((g) => g.stop()));
  let failed = false;
  const groupAlive = (pid: number) => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const pid of pids) {
    // The group was just sent SIGKILL: its last members may take a moment to be reaped on a busy machine.
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(pid)) {
      console.log(`[gateways] process group ${pid} is still running after stop`);
      failed = true;
    }
  }
  for (const g of gateways) {
    const lookups = g.dnsLookups();
    const leaked = g.leakedLookups();
    const blocked = lookups.filter((e) => !e.allowed).map((e) => e.host);
    console.log(
      `[gateways] ${g.version}: ${lookups.length} lookups, ${blocked.length} blocked (${[...new Set(blocked)].join(', ') || 'none'}), ${leaked.length} got through`,
    );
    if (leaked.length > 0) failed = true;
  }
  process.exit(failed ? 1 : 0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.stdin.on('end', () => void shutdown());
process.stdin.resume();
