// Wire frames of the gateway protocol (v3 and v4 share these shapes), validated on the way in.
// Schemas are loose on purpose (extra fields are kept): the gateway adds fields between versions,
// and a field we don't know must not make us drop a frame we need.
import { z } from 'zod';

export const ErrorShape = z.looseObject({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().optional(),
});
export type GatewayErrorShape = z.infer<typeof ErrorShape>;

export const ResponseFrame = z.looseObject({
  type: z.literal('res'),
  id: z.string(),
  ok: z.boolean(),
  payload: z.unknown().optional(),
  error: ErrorShape.optional(),
});
export type ResponseFrame = z.infer<typeof ResponseFrame>;

export const EventFrame = z.looseObject({
  type: z.literal('event'),
  event: z.string(),
  payload: z.unknown().optional(),
  seq: z.number().int().optional(),
  stateVersion: z.unknown().optional(),
});
export type EventFrame = z.infer<typeof EventFrame>;

export const InboundFrame = z.discriminatedUnion('type', [ResponseFrame, EventFrame]);
export type InboundFrame = z.infer<typeof InboundFrame>;

export const ChallengePayload = z.looseObject({ nonce: z.string().min(1), ts: z.number() });

export const HelloOk = z.looseObject({
  type: z.literal('hello-ok'),
  protocol: z.number().int(),
  server: z.looseObject({ version: z.string(), connId: z.string().optional() }),
  features: z
    .looseObject({ methods: z.array(z.string()).default([]), events: z.array(z.string()).default([]) })
    .optional(),
  snapshot: z.unknown().optional(),
  auth: z
    .looseObject({
      deviceToken: z.string().optional(),
      role: z.string().optional(),
      scopes: z.array(z.string()).optional(),
    })
    .optional(),
  policy: z
    .looseObject({
      maxPayload: z.number().optional(),
      maxBufferedBytes: z.number().optional(),
      tickIntervalMs: z.number().optional(),
    })
    .optional(),
});
export type HelloOk = z.infer<typeof HelloOk>;

/** `details` of a NOT_PAIRED error (requestId comes from here, never from the close reason). */
export const PairingRequiredDetails = z.looseObject({
  code: z.string().optional(),
  reason: z.string().optional(),
  requestId: z.string().optional(),
  deviceId: z.string().optional(),
  requestedScopes: z.array(z.string()).optional(),
  approvedScopes: z.array(z.string()).optional(),
  remediationHint: z.string().optional(),
});

export const AuthFailureDetails = z.looseObject({
  code: z.string().optional(),
  recommendedNextStep: z.string().optional(),
  reason: z.string().optional(),
});

export const ShutdownPayload = z.looseObject({
  reason: z.string().optional(),
  restartExpectedMs: z.number().optional(),
});

/** Parses one text frame; returns null (never throws) for anything malformed. */
export function parseInbound(text: string): { frame: InboundFrame } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'malformed JSON' };
  }
  const r = InboundFrame.safeParse(json);
  if (!r.success) {
    const type = typeof json === 'object' && json !== null && 'type' in json ? String(json.type) : '?';
    return { error: `unexpected frame (type ${type})` };
  }
  return { frame: r.data };
}
