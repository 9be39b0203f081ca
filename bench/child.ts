// A bench child process spoken to in lines: the parent writes commands on its stdin, the child answers
// on stdout with lines that start with a keyword (READY, RESULT {json}, …); anything else is echoed.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export class LinkedChild {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly waiting: { prefix: string; resolve: (rest: string) => void }[] = [];
  private readonly backlog: string[] = [];
  private readonly exited: Promise<number | null>;

  /** `nodeArgs` go to Node before the script (e.g. `--expose-gc`). */
  constructor(name: string, script: string, args: string[], nodeArgs: string[] = []) {
    this.name = name;
    this.child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: process.env,
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const i = this.waiting.findIndex((w) => line.startsWith(w.prefix));
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(line);
      else if (/^[A-Z]+( |$)/.test(line)) this.backlog.push(line);
      else console.log(`[${this.name}] ${line}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** The next line starting with `prefix`, without the prefix. */
  next(prefix: string, timeoutMs: number): Promise<string> {
    const strip = (line: string) => line.slice(prefix.length).trim();
    const early = this.backlog.findIndex((l) => l.startsWith(prefix));
    if (early >= 0) return Promise.resolve(strip(this.backlog.splice(early, 1)[0]!));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no ${prefix} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}) before ${prefix}`));
      });
      this.waiting.push({
        prefix,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(strip(line));
        },
      });
    });
  }

  async json<T>(prefix: string, timeoutMs: number): Promise<T> {
    return JSON.parse(await this.next(prefix, timeoutMs)) as T;
  }

  /** Closes stdin (the child's cue to clean up and exit), then SIGKILL if it does not within `graceMs`. */
  async close(graceMs = 30_000): Promise<number | null> {
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** In a child: an async iterator over the parent's command lines. */
export function commands(): AsyncIterable<string> {
  return readline.createInterface({ input: process.stdin });
}
