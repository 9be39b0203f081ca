// The supervisor's restart pacing with a gateway that exits at once (the stand-in `openclaw`
// refuses `gateway run` with exit 2): growing, capped delays, a crash-loop flag, a clean stop
// during backoff. The real gateway's crash and restart are in supervised.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { freePortRange } from '../../../test/support/ports.ts';
import { STANDINS_DIR, standins } from '../../../test/support/standins/standins.ts';
import { Supervisor, type SupervisorState } from './supervisor.ts';

test('a gateway that keeps exiting is restarted after 100, 200, 400, 400 ms and flagged as a crash loop', async () => {
  const s = standins();
  const port = await freePortRange(1);
  const sup = new Supervisor({
    openclawPath: path.join(STANDINS_DIR, 'openclaw'),
    port,
    bind: 'loopback',
    env: s.env,
    logDir: path.join(s.dir, 'logs'),
    backoff: { initialMs: 100, maxMs: 400, resetAfterMs: 60_000, crashLoopAfter: 3 },
  });
  const backoffs: SupervisorState[] = [];
  sup.on('change', (st) => {
    if (st.phase === 'backoff') backoffs.push(st);
  });
  await sup.start();
  const deadline = Date.now() + 30_000;
  while (backoffs.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await sup.stop();

  assert.ok(backoffs.length >= 4, `only ${backoffs.length} exits seen`);
  assert.deepEqual(
    backoffs.slice(0, 4).map((b) => b.nextRestartAt! - b.lastExit!.at),
    [100, 200, 400, 400],
  );
  assert.deepEqual(
    backoffs.slice(0, 4).map((b) => b.crashLoop),
    [false, false, true, true],
  );
  assert.equal(backoffs[0]?.lastExit?.code, 2);
  assert.equal(sup.state().phase, 'stopped');
  assert.equal(sup.owns, false);

  // no restart after stop
  const calls = s.calls('openclaw').length;
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(s.calls('openclaw').length, calls, 'nothing was started after stop()');
  assert.deepEqual(s.calls('openclaw')[0], [
    'openclaw',
    'gateway',
    'run',
    '--port',
    String(port),
    '--bind',
    'loopback',
  ]);

  const log = fs.readFileSync(sup.logFile, 'utf8');
  assert.match(log, /openclaw stand-in: unsupported gateway run/, 'the child output is in the log');
  assert.match(log, /gateway exited \(code 2, signal null\)/);
});

test("the gateway's output is captured with its tokens redacted and ordinary lines intact", async () => {
  const s = standins();
  const token = 'gw_0123456789abcdef0123456789abcdef';
  const deviceToken = 'dev_fedcba9876543210fedcba9876543210';
  s.setState('openclaw', {
    runOutput: `[gateway] listening on ws://127.0.0.1:1 (PID 1)\nControl UI: http://127.0.0.1:1/#token=${token}\nhello-ok {"deviceToken":"${deviceToken}"}\ntoken mismatch for device d1\n`,
  });
  const port = await freePortRange(1);
  const sup = new Supervisor({
    openclawPath: path.join(STANDINS_DIR, 'openclaw'),
    port,
    env: s.env,
    logDir: path.join(s.dir, 'logs'),
    secrets: () => [token],
    backoff: { initialMs: 60_000, maxMs: 60_000, resetAfterMs: 60_000, crashLoopAfter: 3 },
  });
  let exited = false;
  sup.on('change', (st) => (exited ||= st.phase === 'backoff'));
  await sup.start();
  const deadline = Date.now() + 15_000;
  while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200)); // the pipes drain after the exit
  await sup.stop();
  const log = fs.readFileSync(sup.logFile, 'utf8');
  assert.ok(!log.includes(token), 'the gateway token reached the log');
  assert.ok(!log.includes(deviceToken), 'a device token reached the log');
  assert.match(log, /Control UI: http:\/\/127\.0\.0\.1:1\/#token=\[redacted\]/);
  assert.match(log, /\[gateway\] listening on ws:\/\/127\.0\.0\.1:1 \(PID 1\)\n/);
  assert.match(log, /token mismatch for device d1\n/);
});
