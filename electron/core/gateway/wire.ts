// Pairing records as `device.pair.list` returns them: `{ pending: PendingRequest[], paired: PairedDevice[] }`,
// the same shapes the `device.pair.requested` / `device.pair.resolved` events carry.
import { z } from 'zod';

/** What a pending request and a paired record both say about the device. */
const deviceFields = {
  deviceId: z.string(),
  publicKey: z.string(),
  displayName: z.string().optional(),
  platform: z.string().optional(),
  deviceFamily: z.string().optional(),
  clientId: z.string().optional(),
  clientMode: z.string().optional(),
  role: z.string().optional(),
  remoteIp: z.string().optional(),
};

export const PendingRequest = z.looseObject({
  ...deviceFields,
  requestId: z.string(),
  roles: z.array(z.string()).optional(),
  scopes: z.array(z.string()).optional(),
  silent: z.boolean().optional(),
  isRepair: z.boolean().optional(),
  ts: z.number(),
  refreshedAtMs: z.number().optional(),
});
export type PendingRequest = z.infer<typeof PendingRequest>;

export const DeviceTokenInfo = z.looseObject({
  role: z.string(),
  scopes: z.array(z.string()).default([]),
  createdAtMs: z.number().optional(),
  rotatedAtMs: z.number().optional(),
  revokedAtMs: z.number().optional(),
  lastUsedAtMs: z.number().optional(),
});
export type DeviceTokenInfo = z.infer<typeof DeviceTokenInfo>;

export const PairedDevice = z.looseObject({
  ...deviceFields,
  roles: z.array(z.string()).default([]),
  scopes: z.array(z.string()).default([]),
  tokens: z.array(DeviceTokenInfo).default([]),
  createdAtMs: z.number().optional(),
  approvedAtMs: z.number().optional(),
  operatorLabel: z.string().optional(),
  approvedVia: z.string().optional(),
  lastSeenAtMs: z.number().optional(),
  lastSeenReason: z.string().optional(),
  connected: z.boolean().optional(),
});
export type PairedDevice = z.infer<typeof PairedDevice>;

export const PairList = z.looseObject({
  pending: z.array(PendingRequest).default([]),
  paired: z.array(PairedDevice).default([]),
});
export type PairList = z.infer<typeof PairList>;

export const PairResolvedEvent = z.looseObject({
  requestId: z.string(),
  deviceId: z.string().optional(),
  decision: z.string(),
  ts: z.number().optional(),
});
export type PairResolvedEvent = z.infer<typeof PairResolvedEvent>;
