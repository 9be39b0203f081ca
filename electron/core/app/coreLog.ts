// Clawbar's own log file: one line per event, size-capped (one previous generation kept). Messages
// are written by Clawbar's code, which never puts a secret in them; anything that looks like a
// bearer token or a PEM block is masked anyway, as a second line of defence. Messages quote text the
// gateway chose (close reasons, error messages, device names): every message is kept to one line with
// control and invisible characters escaped and is capped, so no gateway can forge or flood log lines.
import fs from 'node:fs';
import path from 'node:path';
import { visibleText } from '../present/visibleText.ts';

const MAX_BYTES = 2 * 1024 * 1024;
/** Longest message in one log line (code points, the truncation marker included). */
export const MAX_MESSAGE_CHARS = 2000;

/**
 * A word after "token" with only a space between is prose ("token missing", "Secret Service") unless it
 * looks like a secret: long, with a capital, a digit or a base64 sign. After `=`, `:` or a quote, any
 * value is masked.
 */
const looksSecret = (value: string) => value.length >= 16 && /[A-Z0-9_+/=]/.test(value);

export function redact(line: string): string {
  return line
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[redacted key]')
    .replace(
      /\b(token|deviceToken|password|secret)(["'=:\s]+)([^\s"',}]+)/gi,
      (whole, key: string, sep: string, value: string) =>
        /["'=:]/.test(sep) || looksSecret(value) ? `${key}${sep}[redacted]` : whole,
    );
}

/** A message as it goes into the log: secrets masked, one line, escaped and capped. */
export function logLine(message: string): string {
  return visibleText(redact(message), { max: MAX_MESSAGE_CHARS });
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
      const line = `${new Date().toISOString()} ${visibleText(level, { max: 16 })} ${logLine(message)}\n`;
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
