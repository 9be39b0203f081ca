// A real core for a test, made the same way everywhere: a temp data dir whose settings.json says where
// the gateway is and that Clawbar starts none of its own, logs inside it, the gateway's environment with
// the test keyring's D-Bus session, and a keychain service of its own.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../../electron/core/app/createCore.ts';
import type { CoreOptions } from '../../electron/core/app/context.ts';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import { tempDir, type TestGateway } from './gateway.ts';
import type { KeyringFixture } from './keyring.ts';

export interface TestCore {
  core: ClawbarCore;
  dataDir: string;
  keychainService: string;
}

export function testCore(
  gw: TestGateway,
  kr: KeyringFixture,
  o: {
    /** Names the temp dir and the keychain service. */
    name: string;
    /** settings.json on top of the defaults (gateway URL `gw.url`, no gateway of Clawbar's own). */
    settings?: object;
    /** The rest of createCore's options (a native confirmation, a keyring backend). */
    core?: Partial<CoreOptions>;
  },
): TestCore {
  const dataDir = tempDir(`clawbar-${o.name}-`);
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      gatewayUrl: gw.url,
      startGatewayWithClawbar: false,
      keepRunning: 'none',
      ...o.settings,
    }),
  );
  const keychainService = `Clawbar-${o.name}-${randomBytes(4).toString('hex')}`;
  const core = createCore({
    dataDir,
    logDir: path.join(dataDir, 'logs'),
    platform: { platform: 'linux' },
    env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: kr.busAddress },
    appVersion: '0.1.0-test',
    keychainService,
    ...o.core,
  });
  return { core, dataDir, keychainService };
}
