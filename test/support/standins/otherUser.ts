// A program run as another user (nobody, uid 65534) through setpriv: the stand-in for another
// account on a shared machine holding the gateway port. Needs root on Linux (the test machine).
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '../waitFor.ts';

export const NOBODY_UID = 65534;
export const canRunAsOtherUser = process.platform === 'linux' && process.getuid?.() === 0;

export interface OtherUserProcess {
  child: ChildProcess;
  /** Everything it printed on stdout so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Runs `script` (Node, CommonJS) as nobody; resolves once it prints `ready`. */
export async function runAsOtherUser(script: string): Promise<OtherUserProcess> {
  const child = spawn(
    '/usr/bin/setpriv',
    [`--reuid=${NOBODY_UID}`, `--regid=${NOBODY_UID}`, '--clear-groups', process.execPath, '-e', script],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    });
  try {
    await waitFor(() => out.includes('ready'), 10_000, 'the program run as another user');
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, output: () => out, stop };
}

/**
 * A gateway look-alike as nobody on 127.0.0.1:<port>: `/healthz` and `/readyz` answer like a
 * gateway; every request and WebSocket upgrade is printed (`hit <url>`) so a test can prove nobody
 * talked to it.
 */
export function fakeGatewayAsOtherUser(port: number): Promise<OtherUserProcess> {
  return runAsOtherUser(`
    const http = require('node:http');
    const srv = http.createServer((req, res) => {
      console.log('hit ' + req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, status: 'live' }));
    });
    srv.on('upgrade', (req, sock) => { console.log('hit upgrade ' + req.url); sock.destroy(); });
    srv.listen(${port}, '127.0.0.1', () => console.log('ready'));
  `);
}
