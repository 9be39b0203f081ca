// settings.json in the app data folder: validated on load and on update, written atomically.
// A file that cannot be read as settings is moved aside and defaults are used, with a notice.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Notice } from '../contract/views.ts';
import { writeFileAtomic } from './atomicFile.ts';
import {
  defaultSettings,
  secretLookingKey,
  settingsPatchSchema,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from './schema.ts';
import { CodedError } from '../contract/errors.ts';

export const SETTINGS_FILE = 'settings.json';

export type SettingsErrorCode = 'secret-refused' | 'invalid' | 'write-failed';

export class SettingsError extends CodedError<SettingsErrorCode> {}

export interface SettingsLoad {
  settings: Settings;
  notices: Notice[];
}

function notice(id: string, level: Notice['level'], message: string): Notice {
  return { id, level, message, at: Date.now() };
}

export class SettingsStore {
  readonly dataDir: string;
  readonly file: string;
  private current: Settings = defaultSettings();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.file = path.join(dataDir, SETTINGS_FILE);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  async load(): Promise<SettingsLoad> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.current = defaultSettings();
        return { settings: this.get(), notices: [] };
      }
      this.current = defaultSettings();
      const reason = (err as Error).message;
      return {
        settings: this.get(),
        notices: [
          notice('settings-unreadable', 'error', `Settings could not be read (${reason}); using defaults.`),
        ],
      };
    }

    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return this.setAside(parseFailure(err));
    }
    const notices: Notice[] = [];
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      const secretKeys = Object.keys(raw).filter(secretLookingKey);
      if (secretKeys.length > 0) {
        // Someone put a secret into the file: drop it now rather than keep it on disk.
        const clean = Object.fromEntries(Object.entries(raw).filter(([k]) => !secretLookingKey(k)));
        raw = clean;
        notices.push(
          notice(
            'settings-secret-removed',
            'warning',
            `Removed ${secretKeys.join(', ')} from settings.json: secrets belong in the keychain. Enter the token in Settings instead.`,
          ),
        );
      }
    }
    const parsed = settingsSchema.safeParse(raw);
    if (!parsed.success) {
      return this.setAside(
        `it does not match the settings schema (${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})`,
      );
    }
    this.current = parsed.data;
    if (notices.length > 0) await this.persist(this.current);
    return { settings: this.get(), notices };
  }

  /** Applies a partial change (known, non-secret keys only) and writes it; returns the new settings. */
  update(patch: SettingsPatch): Promise<Settings> {
    const run = this.writes.then(() => this.apply(patch));
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async apply(patch: SettingsPatch): Promise<Settings> {
    if (patch && typeof patch === 'object') {
      const secretKeys = Object.keys(patch).filter(secretLookingKey);
      if (secretKeys.length > 0) {
        throw new SettingsError(
          'secret-refused',
          `Settings never hold secrets (${secretKeys.join(', ')}): the token is kept in the keychain. Use "set token" instead.`,
        );
      }
    }
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      const code = /credential/.test(issues) ? 'secret-refused' : 'invalid';
      throw new SettingsError(code, `Settings not changed: ${issues}`);
    }
    const { openclawPath, ...rest } = parsed.data;
    const next: Settings = { ...this.current };
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
    if (openclawPath === null) delete next.openclawPath;
    else if (openclawPath !== undefined) next.openclawPath = openclawPath;
    const valid = settingsSchema.parse(next);
    await this.persist(valid);
    this.current = valid;
    return this.get();
  }

  private async persist(s: Settings): Promise<void> {
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(s, null, 2)}\n`);
    } catch (err) {
      throw new SettingsError('write-failed', `Settings could not be saved: ${(err as Error).message}`);
    }
  }

  private async setAside(reason: string): Promise<SettingsLoad> {
    const aside = `${this.file}.corrupt-${Date.now()}`;
    this.current = defaultSettings();
    try {
      await fs.rename(this.file, aside);
    } catch (err) {
      return {
        settings: this.get(),
        notices: [
          notice(
            'settings-corrupt',
            'error',
            `Settings were unusable because ${reason}, and could not be moved aside (${(err as Error).message}). Using defaults.`,
          ),
        ],
      };
    }
    return {
      settings: this.get(),
      notices: [
        notice(
          'settings-corrupt',
          'warning',
          `Settings were reset to defaults because ${reason}. The old file was kept as ${path.basename(aside)}.`,
        ),
      ],
    };
  }
}

// JSON.parse messages quote the text around the error, which could be anything the file holds.
function parseFailure(err: unknown): string {
  const pos = /position (\d+)/.exec((err as Error).message)?.[1];
  return pos ? `it is not valid JSON (at character ${pos})` : 'it is not valid JSON';
}
