// The one seam to child_process for short commands (launchctl, systemctl, openclaw --version / install).
// Injectable so the core can be driven by stand-in executables; the default runs the real program.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface ExecResult {
  /** Exit code; null when the program could not be started or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  error?: string;
}

export interface ExecOptions {
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

export type ExecFn = (file: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;

/**
 * Runs `file`, an absolute path (never looked up on PATH), and never throws: failures come back as
 * a result.
 */
export const execProgram: ExecFn = (file, args, options) =>
  new Promise((resolve) => {
    if (!path.isAbsolute(file)) {
      resolve({ code: null, stdout: '', stderr: '', error: `EINVAL: not an absolute path: ${file}` });
      return;
    }
    execFile(
      file,
      [...args],
      {
        env: options.env,
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 4 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: string | number };
        if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
        resolve({ code: null, stdout, stderr, error: e.code ? `${e.code}: ${e.message}` : e.message });
      },
    );
  });

/** The first line of a command's complaint, for a status line. */
export function firstLine(r: ExecResult): string {
  const text = (r.stderr || r.stdout || r.error || '').trim();
  return text.split('\n')[0] ?? '';
}
