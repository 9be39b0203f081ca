// What Clawbar keeps in settings.json: the Settings screen's values plus small non-secret state.
// Every field has a default, so a file from an older version loads and new fields can be added.
// No field may hold a secret: names that look like one are refused (see secretLookingKey).
import { z } from 'zod';
import type { SettingsView } from '../contract/views.ts';

export const SETTINGS_VERSION = 1;
export const DEFAULT_GATEWAY_URL = 'ws://127.0.0.1:18789';

const gatewayUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a URL' });
    return;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    ctx.addIssue({ code: 'custom', message: 'must be ws:// or wss://' });
  // A token in the URL would put a secret into this file: it belongs in the keychain.
  if (url.username || url.password || [...url.searchParams.keys()].some(secretLookingKey)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must not carry credentials (the token is kept in the keychain)',
    });
  }
});

const mute = z.strictObject({ until: z.number().int().nonnegative() });

export const settingsShape = {
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  gatewayUrl: gatewayUrl.default(DEFAULT_GATEWAY_URL),
  startGatewayWithClawbar: z.boolean().default(true),
  keepRunning: z.enum(['auto', 'launchd', 'systemd', 'supervised', 'none']).default('auto'),
  /** A gateway Clawbar started goes with it, unless the person chose to keep it running. */
  stopSupervisedOnQuit: z.boolean().default(true),
  launchAtLogin: z.boolean().default(false),
  notifications: z.boolean().default(true),
  openclawPath: z.string().min(1).optional(),
  /** Ask for a second confirmation (Touch ID where available) before every approval, not only critical ones. */
  confirmEveryApproval: z.boolean().default(false),
  /** Connect to a remote gateway over plain ws:// (the token travels unencrypted): an explicit, confirmed opt-in. */
  allowInsecureRemote: z.boolean().default(false),
  /** deviceId → muted until (epoch ms): no notifications for that device until then. */
  mutedDevices: z.record(z.string().min(1), mute).default({}),
  /** deviceIds whose requests stay listed but never notify. */
  ignoredDevices: z.array(z.string().min(1)).default([]),
  /** gateway URL → where its token came from (the token itself is in the keychain). */
  tokenSources: z.record(z.string().min(1), z.enum(['typed', 'config', 'env'])).default({}),
};

/** Parses a stored file: unknown keys (from a newer Clawbar) are dropped. */
export const settingsSchema = z.object(settingsShape);
export type Settings = z.infer<typeof settingsSchema>;

/** What `update` accepts: known keys only, each optional, no defaults filled in. */
export const settingsPatchSchema = z.strictObject({
  gatewayUrl: gatewayUrl.optional(),
  startGatewayWithClawbar: z.boolean().optional(),
  keepRunning: settingsShape.keepRunning.unwrap().optional(),
  stopSupervisedOnQuit: z.boolean().optional(),
  launchAtLogin: z.boolean().optional(),
  notifications: z.boolean().optional(),
  openclawPath: z.string().min(1).nullable().optional(),
  confirmEveryApproval: z.boolean().optional(),
  allowInsecureRemote: z.boolean().optional(),
  mutedDevices: z.record(z.string().min(1), mute).optional(),
  ignoredDevices: z.array(z.string().min(1)).optional(),
  tokenSources: z.record(z.string().min(1), z.enum(['typed', 'config', 'env'])).optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** A key that names a secret ("token", "gatewayToken", "password", "privateKey", …). */
export function secretLookingKey(key: string): boolean {
  return /(token|secret|passw(or)?d|passphrase|private_?key|api_?key|credentials?|auth)$/i.test(key);
}

export function settingsView(s: Settings): SettingsView {
  const view: SettingsView = {
    gatewayUrl: s.gatewayUrl,
    startGatewayWithClawbar: s.startGatewayWithClawbar,
    keepRunning: s.keepRunning,
    stopSupervisedOnQuit: s.stopSupervisedOnQuit,
    launchAtLogin: s.launchAtLogin,
    notifications: s.notifications,
    confirmEveryApproval: s.confirmEveryApproval,
    allowInsecureRemote: s.allowInsecureRemote,
  };
  if (s.openclawPath !== undefined) view.openclawPath = s.openclawPath;
  return view;
}

/** The mutes still in force at `now` (expired ones are dropped). */
export function activeMutes(s: Settings, now: number): Settings['mutedDevices'] {
  return Object.fromEntries(Object.entries(s.mutedDevices).filter(([, m]) => m.until > now));
}
