// One zod schema per request's argument list. The mapped type makes a missing or mistyped schema a
// compile error, so the contract and its validation cannot drift apart.
import { z } from 'zod';
import type { ClawbarRequests, RequestName } from '../contract/contract.ts';

const id = z.string().min(1).max(256);
const role = z.string().min(1).max(64);
const scope = z.string().min(1).max(128);

const approveIntent = z.strictObject({
  deviceId: id,
  publicKey: z.string().min(1).max(512),
  role,
  scopes: z.array(scope).max(64),
  revision: z.number().int().min(0),
});

const serviceAction = z.enum(['start', 'stop', 'restart', 'repair', 'install']);

const settingsPatch = z
  .strictObject({
    gatewayUrl: z.string().min(1).max(2048),
    startGatewayWithClawbar: z.boolean(),
    keepRunning: z.enum(['auto', 'launchd', 'systemd', 'supervised', 'none']),
    stopSupervisedOnQuit: z.boolean(),
    launchAtLogin: z.boolean(),
    notifications: z.boolean(),
    openclawPath: z.string().min(1).max(4096),
    confirmEveryApproval: z.boolean(),
    allowInsecureRemote: z.boolean(),
  })
  .partial();

type ArgsSchemas = { [K in RequestName]: z.ZodType<Parameters<ClawbarRequests[K]>> };

export const REQUEST_ARGS: ArgsSchemas = {
  getState: z.tuple([]),
  approve: z.tuple([approveIntent]),
  reject: z.tuple([id, id]),
  notNow: z.tuple([id]),
  mute: z.tuple([
    id,
    z
      .number()
      .int()
      .min(0) // 0 unmutes
      .max(100 * 366 * 24 * 60), // "until I unmute" is sent as about a century
  ]),
  unmute: z.tuple([id]),
  setIgnored: z.tuple([id, z.boolean()]),
  removeDevice: z.tuple([id]),
  resetDevice: z.tuple([id, z.number().int().min(0)]),
  rotateToken: z.tuple([id, role]),
  revokeToken: z.tuple([id, role]),
  renameDevice: z.tuple([id, z.string().trim().min(1).max(200)]),
  getHistory: z.tuple([z.number().int().min(1).max(10_000)]),
  setToken: z.tuple([z.string().min(1).max(4096)]),
  previewTokenImport: z.tuple([]),
  importToken: z.tuple([z.string().min(1).max(8192).nullable()]),
  forgetToken: z.tuple([]),
  forgetIdentity: z.tuple([]),
  reconnect: z.tuple([]),
  updateSettings: z.tuple([settingsPatch]),
  setLaunchAtLogin: z.tuple([z.boolean()]),
  openLoginItemSettings: z.tuple([]),
  serviceAction: z.tuple([serviceAction]),
  runDoctor: z.tuple([]),
  sendTestNotification: z.tuple([]),
  answerConfirm: z.tuple([id, z.boolean()]),
  decideApproval: z.tuple([
    z.string().min(1).max(512),
    z.number().int().min(0),
    z.enum(['allow-once', 'allow-always', 'deny']),
  ]),
  listGrants: z.tuple([]),
  revokeGrant: z.tuple([id]),
};
