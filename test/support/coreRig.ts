// The real core (real Secret Service fixture, temp data dir) connected to a real test gateway, with what
// a shell would see recorded: notification ops, focus requests and confirmation questions (answered by a
// script, the way the browser host's panel answers them).
import { testCore } from './testCore.ts';
import assert from 'node:assert/strict';
import type { ClawbarCore, ConfirmPort } from '../../electron/core/app/types.ts';
import type { ConfirmPrompt, FocusRequest } from '../../electron/core/contract/contract.ts';
import type { NotificationOp } from '../../electron/core/present/types.ts';
import { type TestGateway } from './gateway.ts';
import type { KeyringFixture } from './keyring.ts';

export interface CoreRig {
  core: ClawbarCore;
  ops: NotificationOp[];
  focus: FocusRequest[];
  confirms: ConfirmPrompt[];
  /** How the next confirmation questions are answered (default: no). */
  answer: (prompt: ConfirmPrompt) => boolean;
  dataDir: string;
  /** The keychain service the core keeps its secrets under (read it with a SecretStore). */
  keychainService: string;
}

export interface CoreRigOptions {
  /** A native confirmation (as the Electron shell gives): the core then sends no `confirm` events. */
  confirm?: ConfirmPort;
  /** Runs before the core starts, after the rig's own listeners (e.g. a shell's notifier on it). */
  beforeStart?: (core: ClawbarCore) => void;
}

export async function coreRig(
  gw: TestGateway,
  kr: KeyringFixture,
  settings: object = {},
  options: CoreRigOptions = {},
): Promise<CoreRig> {
  const { core, dataDir, keychainService } = testCore(gw, kr, {
    name: 'rig',
    settings,
    core: { platform: { platform: 'linux', ...(options.confirm ? { confirm: options.confirm } : {}) } },
  });
  const rig: CoreRig = {
    core,
    ops: [],
    focus: [],
    confirms: [],
    answer: () => false,
    dataDir,
    keychainService,
  };
  core.onNotification((op) => rig.ops.push(op));
  core.on('focus', (f) => rig.focus.push(f));
  core.on('confirm', (p) => {
    rig.confirms.push(p);
    void core.answerConfirm(p.id, rig.answer(p));
  });
  options.beforeStart?.(core);
  await core.start();
  const set = await core.setToken(gw.token);
  assert.ok(set.ok, JSON.stringify(set));
  for (const deadline = Date.now() + 30_000; (await core.getState()).connection.kind !== 'connected';) {
    assert.ok(Date.now() < deadline, 'the core connected');
    await new Promise((r) => setTimeout(r, 50));
  }
  return rig;
}
