// The real core (real Secret Service fixture, temp data dir) started for a gateway that may not be
// running yet, with the token the user stored earlier: what Clawbar is at login. Unlike coreRig it does
// not wait for a connection, so a test or a bench can start the gateway afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../../electron/core/app/createCore.ts';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import type { NotificationOp } from '../../electron/core/present/types.ts';
import { tempDir, type TestGateway } from './gateway.ts';
import type { KeyringFixture } from './keyring.ts';

export interface WaitingCore {
  core: ClawbarCore;
  /** Every notification op the core emitted, in order. */
  ops: NotificationOp[];
}

export async function startWaitingCore(gw: TestGateway, kr: KeyringFixture): Promise<WaitingCore> {
  const dataDir = tempDir('clawbar-waiting-core-');
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    // Clawbar is not the one to start a gateway: the user runs their own.
    JSON.stringify({ gatewayUrl: gw.url, startGatewayWithClawbar: false, keepRunning: 'none' }),
  );
  const core = createCore({
    dataDir,
    logDir: path.join(dataDir, 'logs'),
    platform: { platform: 'linux' },
    env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: kr.busAddress },
    appVersion: '0.1.0-test',
    keychainService: `Clawbar-waiting-${randomBytes(4).toString('hex')}`,
  });
  const ops: NotificationOp[] = [];
  core.onNotification((op) => ops.push(op));
  await core.start();
  const set = await core.setToken(gw.token);
  assert.ok(set.ok, JSON.stringify(set));
  return { core, ops };
}

/** The user's gateway home, configured but not running: its port stays free until `start()`. */
export function unstartedGateway(gw: TestGateway): TestGateway {
  fs.mkdirSync(gw.stateDir, { recursive: true });
  gw.writeConfig();
  return gw;
}
