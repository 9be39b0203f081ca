// Which processes listen on a TCP port and which belong to a gateway home, read from /proc (Linux), so a
// test can say "exactly one gateway listens here, and it is the one the test started".
import fs from 'node:fs';

const TCP_LISTEN = '0A';

/** Socket inodes of the LISTEN sockets on `port` (any address) in the text of /proc/net/tcp{,6}. */
function listeningInodes(text: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== TCP_LISTEN) continue;
    const portHex = (cols[1] ?? '').split(':')[1];
    if (portHex && parseInt(portHex, 16) === port && cols[9]) inodes.push(cols[9]);
  }
  return inodes;
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function pids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

/** The pids holding a listening socket on `port`. */
export function listenerPids(port: number): number[] {
  const inodes = new Set(
    [read('/proc/net/tcp'), read('/proc/net/tcp6')].flatMap((t) => listeningInodes(t, port)),
  );
  if (inodes.size === 0) return [];
  const found: number[] = [];
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m !== null && inodes.has(m[1]!);
      } catch {
        return false;
      }
    });
    if (holds) found.push(pid);
  }
  return found;
}

/** The process group of `pid` (field 5 of /proc/<pid>/stat), or undefined once it is gone. */
export function processGroupOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(rest[2]);
  return Number.isInteger(pgrp) && pgrp > 0 ? pgrp : undefined;
}

/** Processes whose environment has `NAME=value` (e.g. the gateway home's OPENCLAW_CONFIG_PATH). */
export function processesWithEnv(name: string, value: string): number[] {
  const marker = `\0${name}=${value}\0`;
  return pids().filter((pid) => `\0${read(`/proc/${pid}/environ`)}`.includes(marker));
}

/** The parent of `pid` (field 4 of /proc/<pid>/stat), or undefined once it is gone. */
function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

/** Whether `pid` is `ancestor` or was started by it, directly or through its children. */
export function descendsFrom(pid: number, ancestor: number): boolean {
  for (let p: number | undefined = pid, hops = 0; p !== undefined && hops < 64; hops++) {
    if (p === ancestor) return true;
    p = parentOf(p);
  }
  return false;
}

/** The command line of `pid`, arguments joined by spaces ('' once it is gone). */
export function commandLineOf(pid: number): string {
  return read(`/proc/${pid}/cmdline`).split('\0').join(' ').trim();
}
