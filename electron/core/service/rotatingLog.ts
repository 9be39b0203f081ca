// The supervised gateway's output file: size-capped, a few generations (`gateway.log`,
// `gateway.log.1`, …). The output arrives through Clawbar (redacted, see redact.ts) and is appended
// here; rotation is copy-then-truncate.
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingLogOptions {
  dir: string;
  name?: string;
  maxBytes?: number;
  /** Older files kept besides the current one. */
  generations?: number;
}

export class RotatingLog {
  readonly file: string;
  readonly maxBytes: number;
  readonly generations: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(o: RotatingLogOptions) {
    fs.mkdirSync(o.dir, { recursive: true });
    this.file = path.join(o.dir, o.name ?? 'gateway.log');
    this.maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
    this.generations = o.generations ?? 3;
  }

  /** Text as it is (the gateway's output, already redacted). */
  append(text: string): void {
    fs.appendFileSync(this.file, text, { mode: 0o600 });
    this.rotateIfNeeded();
  }

  /** Clawbar's own marker lines (start, exit), between the gateway's. */
  note(line: string): void {
    this.append(`${line}\n`);
  }

  size(): number {
    try {
      return fs.statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  rotateIfNeeded(): boolean {
    if (this.size() <= this.maxBytes) return false;
    for (let g = this.generations - 1; g >= 1; g--) {
      const from = `${this.file}.${g}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${g + 1}`);
    }
    if (this.generations > 0) fs.copyFileSync(this.file, `${this.file}.1`);
    fs.truncateSync(this.file, 0); // the writer appends, so it continues at the new end
    return true;
  }

  /** Checks the size every `intervalMs` while a writer is alive. */
  watch(intervalMs = 5000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.rotateIfNeeded(), intervalMs);
    this.timer.unref();
  }

  unwatch(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
