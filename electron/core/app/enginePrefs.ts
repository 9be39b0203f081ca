// Muted and ignored devices, as the pairing engine reads and sets them: kept in the settings file.
import type { EnginePrefs } from '../pairing/engine.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';

/** Muted and ignored devices, kept in the settings file. */
export function enginePrefs(settings: SettingsStore): EnginePrefs {
  return {
    mutedUntil: () => {
      const now = Date.now();
      const out: Record<string, number> = {};
      for (const [id, m] of Object.entries(settings.get().mutedDevices)) if (m.until > now) out[id] = m.until;
      return out;
    },
    ignored: () => settings.get().ignoredDevices,
    setMuted: async (deviceId, until) => {
      const muted = { ...settings.get().mutedDevices };
      if (until === null) delete muted[deviceId];
      else muted[deviceId] = { until };
      await settings.update({ mutedDevices: muted });
    },
    setIgnored: async (deviceId, on) => {
      const cur = settings.get().ignoredDevices.filter((id) => id !== deviceId);
      await settings.update({ ignoredDevices: on ? [...cur, deviceId] : cur });
    },
  };
}
