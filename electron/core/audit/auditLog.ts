// Append-only audit log of pairing decisions: one JSON line per HistoryEntry, synced to disk before
// append() resolves, rotated by size (audit.jsonl → audit.1.jsonl → …). Entries are validated by a
// closed schema, so nothing but the HistoryEntry fields (never a token) can be written.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { HistoryEntry } from '../contract/views.ts';

const scopes = z.array(z.string().max(200)).max(100);

export const HistoryEntrySchema = z.strictObject({
  ts: z.number().int().nonnegative(),
  action: z.enum([
    'approve',
    'reject',
    'remove',
    'reset',
    'rotate',
    'revoke',
    'rename',
    'mute',
    'not-now',
    'observed',
  ]),
  outcome: z.string().max(200),
  by: z.enum(['user', 'other-client', 'gateway']),
  deviceId: z.string().max(200),
  displayName: z.string().max(200).optional(),
  requestId: z.string().max(200).optional(),
  scopesBefore: scopes.optional(),
  scopesAfter: scopes.optional(),
  latencyMs: z.number().nonnegative().optional(),
  detail: z.string().max(1000).optional(),
  approvalKind: z.enum(['exec', 'plugin']).optional(),
  approvalId: z.string().max(200).optional(),
  command: z.string().max(1000).optional(),
  decision: z.enum(['allow-once', 'allow-always', 'deny', 'expired']).optional(),
  critical: z.boolean().optional(),
  title: z.string().max(200).optional(),
});

// Compile-time check that the schema and the shared view type describe the same record.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesView: Same<z.infer<typeof HistoryEntrySchema>, HistoryEntry> = true;
void _schemaMatchesView;

export interface AuditLogOptions {
  /** Rotate when the current file would grow past this many bytes. */
  maxBytes?: number;
  /** Rotated generations kept besides the current file. */
  keep?: number;
}

/** Text limits of a record, matching the schema; longer values are cut and end in a marker. */
const TEXT_LIMITS: Partial<Record<keyof HistoryEntry, number>> = {
  outcome: 200,
  deviceId: 200,
  displayName: 200,
  requestId: 200,
  detail: 1000,
  approvalId: 200,
  command: 1000,
  title: 200,
};
const CUT_MARKER = '… [cut]';

function fitted(entry: HistoryEntry): HistoryEntry {
  const out: Record<string, unknown> = { ...entry };
  for (const [field, max] of Object.entries(TEXT_LIMITS)) {
    const v = out[field];
    if (typeof v === 'string' && v.length > max)
      out[field] = v.slice(0, max - CUT_MARKER.length) + CUT_MARKER;
  }
  for (const field of ['scopesBefore', 'scopesAfter'] as const) {
    const list = entry[field];
    if (list)
      out[field] = list.slice(0, 100).map((sc) => (sc.length > 200 ? sc.slice(0, 193) + CUT_MARKER : sc));
  }
  return out as unknown as HistoryEntry;
}

export class AuditLog {
  readonly dir: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  /** Appends run one after another (rotation must not interleave with a write). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: AuditLogOptions = {}) {
    this.dir = dataDir;
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = Math.max(1, options.keep ?? 3);
  }

  /** audit.jsonl for generation 0, audit.N.jsonl for older ones. */
  fileOf(generation: number): string {
    return path.join(this.dir, generation === 0 ? 'audit.jsonl' : `audit.${generation}.jsonl`);
  }

  /**
   * Validates, appends and fsyncs one entry. Over-long text is cut with a marker (a record is never
   * dropped for its length); unknown or malformed fields are still refused.
   */
  append(entry: HistoryEntry): Promise<void> {
    const parsed = HistoryEntrySchema.safeParse(fitted(entry));
    if (!parsed.success) {
      // Name the offending fields only: their values might be exactly what must not be stored.
      const where = parsed.error.issues
        .map((i) =>
          i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : i.path.join('.') || i.code,
        )
        .join('; ');
      return Promise.reject(new Error(`audit entry refused (${where})`));
    }
    const line = `${JSON.stringify(parsed.data)}\n`;
    const run = this.queue.then(() => this.write(line));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(line: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(0);
    const size = await fs.stat(file).then(
      (s) => s.size,
      () => 0,
    );
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > this.maxBytes) await this.rotate();
    const handle = await fs.open(file, 'a+', 0o600);
    try {
      // A crash may have left a torn last line: start on a fresh line so this record stays whole.
      const { size: now } = await handle.stat();
      const torn = now > 0 && !(await endsWithNewline(handle, now));
      await handle.appendFile(torn ? `\n${line}` : line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async rotate(): Promise<void> {
    await fs.rm(this.fileOf(this.keep), { force: true });
    for (let g = this.keep - 1; g >= 0; g--) {
      await fs.rename(this.fileOf(g), this.fileOf(g + 1)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
  }

  /** The newest `limit` entries, newest first, across generations; unreadable lines are skipped. */
  async read(limit = 200): Promise<HistoryEntry[]> {
    await this.queue;
    const out: HistoryEntry[] = [];
    for (let g = 0; g <= this.keep && out.length < limit; g++) {
      const text = await fs.readFile(this.fileOf(g), 'utf8').catch(() => '');
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
        const entry = parseLine(lines[i] ?? '');
        if (entry) out.push(entry);
      }
    }
    return out;
  }
}

async function endsWithNewline(handle: fs.FileHandle, size: number): Promise<boolean> {
  const buf = Buffer.alloc(1);
  await handle.read(buf, 0, 1, size - 1);
  return buf[0] === 0x0a;
}

function parseLine(line: string): HistoryEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const r = HistoryEntrySchema.safeParse(JSON.parse(line));
    return r.success ? r.data : undefined;
  } catch {
    return undefined; // a torn line from a crash mid-write
  }
}
