// Standing grants end to end on the real gateway. 2026.9.6 mints a grant only when "Always allow"
// decides an exec approval raised inside an active automation (cron) run: `exec.approval.request` looks
// its `runId` (with host "gateway" and the same agentId) up in the gateway's in-memory map of running
// isolated cron runs (src/infra/cron-run-exec-source.ts); no request parameter alone makes a cron run.
// So this test starts its own 9.6 gateway with cron on and a loopback model stand-in that holds the
// run's model call open, runs a real job, and a requester holding only operator.approvals files the
// approval for that run. Clawbar's real core allows it always (after the second confirmation), lists
// the grant, and revokes it; the gateway's own list confirms each step.
// test-lane: own-gateways (its own 9.6; it only reads the shared 4.12's methods, changing nothing there)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApprovalRequester } from '../../../test/support/approvalRequester.ts';
import { startCronGateway } from '../../../test/support/cronGateway.ts';
import { coreRig, type CoreRig } from '../../../test/support/coreRig.ts';
import { coreSuite } from '../../../test/support/coreSuite.ts';
import { TestDevice } from '../../../test/support/device.ts';
import { sharedGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { StallingModel } from '../../../test/support/stallingModel.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { SETTLE_MS } from '../inbox/settle.ts';
import { GRANTS_LIST, GRANTS_REVOKE } from './grants.ts';
import { approvalKey } from './records.ts';
import { StandingGrant } from './wire.ts';

const suite = coreSuite();

const methodsOf = (hello: Record<string, unknown>): string[] => {
  const features = hello.features as { methods?: unknown } | undefined;
  return Array.isArray(features?.methods) ? (features.methods as string[]) : [];
};

/** The gateway's own grants list, as an operator client reads it. */
async function gatewayGrants(client: ApprovalRequester): Promise<StandingGrant[]> {
  const payload = await client.call<{ grants: unknown[] }>(GRANTS_LIST, {});
  return payload.grants.map((g) => StandingGrant.parse(g));
}

/** The isolated run's id, from the `agent` lifecycle event of the job's run session. */
function runIdOf(watcher: ApprovalRequester, jobId: string): string | undefined {
  for (const p of watcher.eventsNamed('agent')) {
    const e = p as { runId?: unknown; sessionKey?: unknown; stream?: unknown; data?: { phase?: unknown } };
    if (
      typeof e.runId === 'string' &&
      typeof e.sessionKey === 'string' &&
      e.sessionKey.includes(`:cron:${jobId}:run:`) &&
      e.stream === 'lifecycle' &&
      e.data?.phase === 'start'
    )
      return e.runId;
  }
  return undefined;
}

test('2026.4.12: no standing grants to test', async (t) => {
  const gw = await sharedGateway('2026.4.12');
  // A loaded machine can take a while to answer a fresh gateway's first connect.
  const r = await new TestDevice({ displayName: 'Grants probe 4.12' }).connect(gw, {
    scopes: ['operator.approvals'],
    timeoutMs: 60_000,
  });
  assert.ok(r.ok, JSON.stringify(r));
  const methods = methodsOf(r.hello);
  const missing = [GRANTS_LIST, GRANTS_REVOKE].filter((m) => !methods.includes(m));
  assert.ok(missing.length > 0, '4.12 was expected to lack the grant methods; test it like 9.6 instead');
  t.skip(`2026.4.12's hello-ok lists no ${missing.join(' / ')}: the gateway has no standing grants`);
});

test('2026.9.6: Always allow on an automation run’s approval mints a grant Clawbar lists and revokes', async () => {
  const model = await StallingModel.start();
  suite.onEnd(() => model.stop());
  const gw: TestGateway = await startCronGateway(model.baseUrl);
  suite.onEnd(() => gw.stop());
  const rig: CoreRig = await coreRig(gw, suite.keyring());
  suite.onEnd(() => rig.core.dispose());
  rig.answer = (p) => p.confirmLabel === 'Always allow';

  // The automation's owner (an admin client) creates and starts the job and sees its run start.
  const owner = await ApprovalRequester.connect(gw, {
    displayName: 'Automation owner',
    scopes: ['operator.admin', 'operator.read', 'operator.write'],
  });
  suite.onEnd(() => owner.close());
  const methods = methodsOf(owner.hello);
  for (const m of [GRANTS_LIST, GRANTS_REVOKE]) assert.ok(methods.includes(m), `9.6's hello-ok lists ${m}`);
  const requester = await ApprovalRequester.connect(gw, { displayName: 'Automation agent' });
  suite.onEnd(() => requester.close());

  const job = await owner.call<{ id: string }>('cron.add', {
    name: 'nightly report',
    agentId: 'main',
    schedule: { kind: 'every', everyMs: 24 * 3600_000 },
    sessionTarget: 'isolated',
    payload: { kind: 'agentTurn', message: 'Write the nightly report.' },
    delivery: { mode: 'none' },
  });
  await owner.call('cron.run', { id: job.id, mode: 'force' });
  // The run is active while its model call is held open.
  await model.waitForHeld(180_000);
  const runId = await waitFor(() => runIdOf(owner, job.id), 30_000, 'the run’s lifecycle start event');

  const command = 'node scripts/nightly-report.mjs --out /tmp/report.md';
  const ans = await requester.requestExec({ command, cwd: '/work/app', agentId: 'main', runId });
  assert.equal(ans.status, 'accepted');
  const key = approvalKey('exec', ans.id);
  const item = await waitFor(
    async () => (await rig.core.getState()).inbox.find((i) => i.key === key),
    15_000,
    'the approval in Clawbar’s inbox',
  );
  assert.ok(item.kind === 'exec');
  // The gateway says what Always allow will mint; the card shows it.
  assert.equal(item.exec.scope?.kind, 'standing-grant');
  assert.match(item.exec.scope?.text ?? '', /nightly report/);
  assert.deepEqual(await rig.core.listGrants(), []);

  const wait = requester.waitDecision('exec', ans.id);
  await new Promise((r) => setTimeout(r, Math.max(0, item.revisedAt + SETTLE_MS + 200 - Date.now())));
  const decided = await rig.core.decideApproval(key, item.revision, 'allow-always');
  assert.ok(decided.ok, JSON.stringify(decided));
  assert.equal(rig.confirms.length, 1, 'Always allow asked the second confirmation');
  assert.equal((await wait).decision, 'allow-always');

  const [minted] = await gatewayGrants(owner);
  assert.ok(minted, 'the gateway minted a grant');
  assert.equal(minted.mintedByApprovalId, ans.id);
  assert.equal(minted.cronJobId, job.id);
  const listed = await rig.core.listGrants();
  assert.deepEqual(
    listed.map((g) => [g.grantId, g.command, g.cwd, g.agent, g.automation]),
    [[minted.grantId, command, '/work/app', 'main', 'nightly report']],
  );

  const revoked = await rig.core.revokeGrant(minted.grantId);
  assert.ok(revoked.ok, JSON.stringify(revoked));
  assert.deepEqual(await rig.core.listGrants(), []);
  const after = (await gatewayGrants(owner)).find((g) => g.grantId === minted.grantId);
  assert.ok(after === undefined || typeof after.revokedAtMs === 'number', 'the gateway revoked it');
  model.release();
});
