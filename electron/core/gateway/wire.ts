// Pairing records as `device.pair.list` returns them: `{ pending: PendingRequest[], paired: PairedDevice[] }`,
// the same shapes the `device.pair.requested` / `device.pair.resolved` events carry. The gateway may
// send `null` for an absent optional field; a list is read entry by entry, so one malformed record is
// logged and skipped instead of hiding every other request.
import { z } from 'zod';

/** An optional field the gateway may also send as `null` (read as absent). */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/** A list the gateway may omit or send as `null` (read as empty). */
function listOf<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), z.array(schema).default([]));
}

/** What a pending request and a paired record both say about the device. */
const deviceFields = {
  deviceId: z.string(),
  publicKey: z.string(),
  displayName: optional(z.string()),
  platform: optional(z.string()),
  deviceFamily: optional(z.string()),
  clientId: optional(z.string()),
  clientMode: optional(z.string()),
  role: optional(z.string()),
  remoteIp: optional(z.string()),
};

export const PendingRequest = z.looseObject({
  ...deviceFields,
  requestId: z.string(),
  roles: optional(z.array(z.string())),
  scopes: optional(z.array(z.string())),
  silent: optional(z.boolean()),
  isRepair: optional(z.boolean()),
  ts: z.number(),
  refreshedAtMs: optional(z.number()),
});
export type PendingRequest = z.infer<typeof PendingRequest>;

export const DeviceTokenInfo = z.looseObject({
  role: z.string(),
  scopes: listOf(z.string()),
  createdAtMs: optional(z.number()),
  rotatedAtMs: optional(z.number()),
  revokedAtMs: optional(z.number()),
  lastUsedAtMs: optional(z.number()),
});
export type DeviceTokenInfo = z.infer<typeof DeviceTokenInfo>;

export const PairedDevice = z.looseObject({
  ...deviceFields,
  roles: listOf(z.string()),
  scopes: listOf(z.string()),
  tokens: listOf(DeviceTokenInfo),
  createdAtMs: optional(z.number()),
  approvedAtMs: optional(z.number()),
  operatorLabel: optional(z.string()),
  approvedVia: optional(z.string()),
  lastSeenAtMs: optional(z.number()),
  lastSeenReason: optional(z.string()),
  connected: optional(z.boolean()),
});
export type PairedDevice = z.infer<typeof PairedDevice>;

export const PairList = z.looseObject({
  pending: listOf(PendingRequest),
  paired: listOf(PairedDevice),
});
export type PairList = z.infer<typeof PairList>;

export const PairResolvedEvent = z.looseObject({
  requestId: z.string(),
  deviceId: optional(z.string()),
  decision: z.string(),
  ts: optional(z.number()),
});
export type PairResolvedEvent = z.infer<typeof PairResolvedEvent>;

export type WireLog = (level: 'warn', message: string) => void;

/**
 * Gateway-supplied text for a log line: quoted, with everything outside printable ASCII (newlines,
 * ANSI escapes, bidi overrides, invisible characters) written as a `\uXXXX` escape, and capped.
 */
export function quoteForLog(value: unknown, max = 120): string {
  const quoted = (JSON.stringify(typeof value === 'string' ? value : String(value)) ?? '""').replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return quoted.length > max ? `${quoted.slice(0, max)}…` : quoted;
}

function entries<T>(raw: unknown, field: string, schema: z.ZodType<T>, log: WireLog): T[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    log('warn', `device.pair.list: "${field}" is not a list; read as empty`);
    return [];
  }
  const out: T[] = [];
  raw.forEach((entry: unknown, i) => {
    const r = schema.safeParse(entry);
    if (r.success) return out.push(r.data);
    const rec = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const id = rec.requestId ?? rec.deviceId;
    const issue = r.error.issues[0];
    log(
      'warn',
      `device.pair.list: skipped a malformed ${field} entry #${i}` +
        (id !== undefined ? ` (${quoteForLog(id)})` : '') +
        (issue ? `: ${issue.path.join('.') || '(entry)'} ${quoteForLog(issue.message, 80)}` : ''),
    );
  });
  return out;
}

/**
 * Reads a `device.pair.list` result entry by entry: every valid pending request and paired device is
 * returned, each malformed one is logged and skipped. Throws only when the result is not an object.
 */
export function parsePairList(raw: unknown, log: WireLog): PairList {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('device.pair.list: the gateway answered with something other than a list');
  }
  const rec = raw as Record<string, unknown>;
  return {
    ...rec,
    pending: entries(rec.pending, 'pending', PendingRequest, log),
    paired: entries(rec.paired, 'paired', PairedDevice, log),
  };
}
