// Clawbar's own log file: one line per event, size-capped (one previous generation kept). Messages
// are written by Clawbar's code, which never puts a secret in them; anything that looks like a
// bearer token or a PEM block is masked anyway, as a second line of defence.
import fs from 'node:fs';
import path from 'node:path';

const MAX_BYTES = 2 * 1024 * 1024;

export function redact(line: string): string {
  return line
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[redacted key]')
    .replace(/\b(token|deviceToken|password|secret)(["'=:\s]+)[^\s"',}]+/gi, '$1$2[redacted]');
}

export class CoreLog {
  private fd: number | undefined;
  private size = 0;
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  write(level: string, message: string): void {
    try {
      if (this.fd === undefined) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'a', 0o600);
        this.size = fs.fstatSync(this.fd).size;
      }
      const line = `${new Date().toISOString()} ${level} ${redact(message)}\n`;
      if (this.size + line.length > MAX_BYTES) this.rotate();
      fs.writeSync(this.fd, line);
      this.size += Buffer.byteLength(line);
    } catch {
      /* logging must never take the app down */
    }
  }

  private rotate(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
