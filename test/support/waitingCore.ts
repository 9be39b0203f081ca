// The real core (real Secret Service fixture, temp data dir) started for a gateway that may not be
// running yet, with the token the user stored earlier: what Clawbar is at login. Unlike coreRig it does
// not wait for a connection, so a test or a bench can start the gateway afterwards.
import { testCore } from './testCore.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { ClawbarCore } from '../../electron/core/app/types.ts';
import type { NotificationOp } from '../../electron/core/present/types.ts';
import { type TestGateway } from './gateway.ts';
import type { KeyringFixture } from './keyring.ts';

export interface WaitingCore {
  core: ClawbarCore;
  /** Every notification op the core emitted, in order. */
  ops: NotificationOp[];
}

export async function startWaitingCore(gw: TestGateway, kr: KeyringFixture): Promise<WaitingCore> {
  // Clawbar is not the one to start a gateway: the user runs their own.
  const { core } = testCore(gw, kr, { name: 'waiting' });
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
