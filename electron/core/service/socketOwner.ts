// Who owns the TCP socket listening on a loopback port. A secret (the gateway token) goes only to a
// gateway this user runs: while our gateway is down, another account on a shared machine could bind
// the port and answer like a gateway. Linux reads /proc/net/tcp{,6}; macOS asks lsof by absolute path.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export type OwnerCheck =
  | { ok: true }
  | {
      ok: false;
      /** `none`: nothing listens; `foreign`: another user's program (uid unknown when it cannot be seen). */
      reason: 'none' | 'foreign' | 'unsupported';
      ownerUid?: number;
      message: string;
    };

export interface OwnerCheckOptions {
  /** The uid that must own the listener; defaults to this process's uid. */
  uid?: number;
  platform?: NodeJS.Platform;
}

const LSOF = '/usr/sbin/lsof';
const TCP_LISTEN = '0A';

/** Local addresses a connection to 127.0.0.1 or ::1 can land on: loopback and the wildcards. */
const V4_REACHABLE = new Set(['0100007F', '00000000']);
const V6_REACHABLE = new Set([
  '00000000000000000000000001000000', // ::1
  '00000000000000000000000000000000', // ::
  '0000000000000000FFFF00000100007F', // ::ffff:127.0.0.1
  '0000000000000000FFFF000000000000', // ::ffff:0.0.0.0
]);

/**
 * The owner uids of the LISTEN sockets on `port` reachable from loopback, from the text of
 * /proc/net/tcp or /proc/net/tcp6 (columns: sl local rem st queues tr retrnsmt uid timeout inode).
 */
export function parseProcNetTcp(text: string, port: number): number[] {
  const uids: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== TCP_LISTEN) continue;
    const [addr, portHex] = (cols[1] ?? '').split(':');
    if (!addr || !portHex || parseInt(portHex, 16) !== port) continue;
    const reachable = addr.length === 8 ? V4_REACHABLE : V6_REACHABLE;
    if (!reachable.has(addr.toUpperCase())) continue;
    const uid = Number(cols[7]);
    if (Number.isInteger(uid)) uids.push(uid);
  }
  return uids;
}

/** The uids in `lsof -F u` output (`p<pid>`, `u<uid>`, `f<fd>` lines; the `u` lines are owners). */
export function parseLsofUids(text: string): number[] {
  const uids: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('u')) continue;
    const uid = Number(line.slice(1).trim());
    if (Number.isInteger(uid) && line.length > 1) uids.push(uid);
  }
  return uids;
}

function readProc(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function lsofListenerUids(port: number): Promise<number[]> {
  return new Promise((resolve) => {
    execFile(
      LSOF,
      ['-a', '-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fu'],
      { timeout: 5000, encoding: 'utf8', env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' } },
      // lsof exits 1 when it finds nothing; the output decides either way.
      (_err, stdout) => resolve(parseLsofUids(stdout ?? '')),
    );
  });
}

/** Whether something accepts connections on 127.0.0.1:<port> or [::1]:<port>. */
function acceptsOnLoopback(port: number): Promise<boolean> {
  const tryHost = (host: string) =>
    new Promise<boolean>((resolve) => {
      const sock = net.connect({ host, port });
      const done = (open: boolean) => {
        sock.destroy();
        resolve(open);
      };
      sock.setTimeout(2000, () => done(false));
      sock.once('connect', () => done(true));
      sock.once('error', () => done(false));
    });
  return tryHost('127.0.0.1').then((v4) => v4 || tryHost('::1'));
}

/** A user name for `uid` from /etc/passwd, or undefined. */
export function userNameFromPasswd(passwd: string, uid: number): string | undefined {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && Number(f[2]) === uid && f[2] !== '') return f[0];
  }
  return undefined;
}

function userName(uid: number, platform: NodeJS.Platform): Promise<string | undefined> {
  const fromPasswd = userNameFromPasswd(readProc('/etc/passwd'), uid);
  if (fromPasswd || platform !== 'darwin') return Promise.resolve(fromPasswd);
  // macOS keeps most accounts in Directory Services, not /etc/passwd.
  return new Promise((resolve) => {
    execFile('/usr/bin/id', ['-un', String(uid)], { timeout: 3000, encoding: 'utf8' }, (err, out) =>
      resolve(err ? undefined : out.trim() || undefined),
    );
  });
}

/** The decision, pure: the listeners' owner uids against the uid that must own them. */
export function judgeOwners(port: number, owners: readonly number[], uid: number): OwnerCheck {
  if (owners.length === 0)
    return { ok: false, reason: 'none', message: `Nothing is listening on port ${port}.` };
  const foreign = owners.find((o) => o !== uid);
  if (foreign === undefined) return { ok: true };
  return { ok: false, reason: 'foreign', ownerUid: foreign, message: foreignMessage(port, `uid ${foreign}`) };
}

function foreignMessage(port: number, owner: string): string {
  return (
    `Port ${port} is held by a program of another user (${owner}), not by your gateway. ` +
    'Clawbar will not send your gateway token to it.'
  );
}

export async function checkListenerOwner(port: number, o: OwnerCheckOptions = {}): Promise<OwnerCheck> {
  const platform = o.platform ?? process.platform;
  const uid = o.uid ?? process.getuid?.();
  if (uid === undefined || (platform !== 'linux' && platform !== 'darwin')) {
    return {
      ok: false,
      reason: 'unsupported',
      message: `Clawbar cannot check who owns port ${port} on this system.`,
    };
  }
  let owners: number[];
  if (platform === 'linux') {
    owners = [
      ...parseProcNetTcp(readProc('/proc/net/tcp'), port),
      ...parseProcNetTcp(readProc('/proc/net/tcp6'), port),
    ];
  } else {
    owners = await lsofListenerUids(port);
    // lsof run by a normal user may not see other users' sockets: a listener it cannot see is not ours.
    if (owners.length === 0 && (await acceptsOnLoopback(port))) {
      return { ok: false, reason: 'foreign', message: foreignMessage(port, 'an account Clawbar cannot see') };
    }
  }
  const verdict = judgeOwners(port, owners, uid);
  if (verdict.ok || verdict.ownerUid === undefined) return verdict;
  const name = await userName(verdict.ownerUid, platform);
  const owner = name ? `${name}, uid ${verdict.ownerUid}` : `uid ${verdict.ownerUid}`;
  return { ...verdict, message: foreignMessage(port, owner) };
}
