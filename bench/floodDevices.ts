// Child process of the flood benchmark: N test devices (each its own identity) paired at read, then,
// on GO, retrying every second with a scope upgrade, like clients stuck in the user's loop. Kept out of
// the core's process so the core's CPU and memory are its own.
// Usage: floodDevices.ts <gateway version> <count> <intervalMs>. Lines: PAIRED [ids] · GO → STOP → RESULT {…}.
import { sharedGateway } from '../test/support/gateway.ts';
import type { GatewayVersion } from '../test/support/toolchain.ts';
import type { Retrier } from '../test/support/device.ts';
import { commands } from './child.ts';
import { pairedAtRead } from './requests.ts';

const [version, countArg, intervalArg] = process.argv.slice(2) as [GatewayVersion, string, string];
const count = Number(countArg);
const intervalMs = Number(intervalArg);

const gw = await sharedGateway(version);
const devices = await Promise.all(
  Array.from({ length: count }, (_, i) => pairedAtRead(gw, `Flood ${version} #${i}`)),
);
console.log(`PAIRED ${JSON.stringify(devices.map((d) => d.deviceId))}`);

let loops: Retrier[] = [];
for await (const cmd of commands()) {
  if (cmd === 'GO') {
    loops = devices.map((d) => d.retry(gw, { scopes: ['operator.approvals'], intervalMs }));
  } else if (cmd === 'STOP') {
    await Promise.all(loops.map((l) => l.stop()));
    const attempts = loops.map((l) => l.attempts);
    const connected = loops.filter((l) => l.succeeded).length;
    console.log(
      `RESULT ${JSON.stringify({ attempts: attempts.reduce((a, b) => a + b, 0), minAttempts: Math.min(...attempts), connected })}`,
    );
    break;
  }
}
process.exit(0);
