// The approvals tracker against both real gateways: a test client holding operator.approvals files
// exec and plugin approvals; Clawbar's own connection lists them once, decides them, and lets them go
// when another client decides, when they expire, and (9.6) keeps agents' requests routed to a person.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ApprovalRequester } from '../../../test/support/approvalRequester.ts';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../../../test/support/gateway.ts';
import { memoryCredentials } from '../../../test/support/memoryCredentials.ts';
import { GATEWAY_VERSIONS, type GatewayVersion } from '../../../test/support/toolchain.ts';
import { waitFor } from '../../../test/support/waitFor.ts';
import { CLAWBAR_CAPS, GatewayClient } from '../gateway/client.ts';
import { generateIdentity } from '../gateway/identity.ts';
import { hasStandingGrants, listStandingGrants, revokeStandingGrant } from './grants.ts';
import { approvalItem } from './present.ts';
import { approvalKey } from './records.ts';
import { ApprovalTracker, type ApprovalOutcome } from './tracker.ts';

after(stopOwnedGateways);
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface Rig {
  gw: TestGateway;
  client: GatewayClient;
  tracker: ApprovalTracker;
  outcomes: ApprovalOutcome[];
  requester: ApprovalRequester;
  other: ApprovalRequester;
}

async function rig(version: GatewayVersion): Promise<Rig> {
  const gw = await sharedGateway(version);
  const client = new GatewayClient({
    url: gw.url,
    identity: generateIdentity(),
    credentials: memoryCredentials(gw.token),
    client: { version: '0.1.0-test' },
  });
  // Clawbar declares `caps: ["approvals"]` (CLAWBAR_CAPS): 9.6 delivers plugin approvals only to such clients.
  const tracker = new ApprovalTracker({ client });
  const outcomes: ApprovalOutcome[] = [];
  tracker.onOutcome((o) => outcomes.push(o));
  tracker.start();
  client.start();
  cleanups.push(async () => {
    tracker.stop();
    await client.stop();
  });
  await waitFor(() => client.state.kind === 'connected', 20_000, 'Clawbar connected');
  assert.deepEqual(CLAWBAR_CAPS, ['approvals']);
  const requester = await ApprovalRequester.connect(gw, { displayName: `Agent runner ${version}` });
  cleanups.push(() => requester.close());
  // Another operator surface (admin sees every record on 9.6).
  const other = await ApprovalRequester.connect(gw, {
    displayName: `Other operator ${version}`,
    scopes: ['operator.admin', 'operator.approvals'],
  });
  cleanups.push(() => other.close());
  return { gw, client, tracker, outcomes, requester, other };
}

const rigs = new Map<GatewayVersion, Promise<Rig>>();
function setup(version: GatewayVersion): Promise<Rig> {
  let r = rigs.get(version);
  if (!r) rigs.set(version, (r = rig(version)));
  return r;
}

let n = 0;
const command = (what: string) => `echo ${what}-${++n}`;

describe('exec and plugin approvals against the real gateways', { concurrency: true }, () => {
  for (const version of GATEWAY_VERSIONS) {
    // One after another per gateway: the last test disconnects Clawbar.
    describe(version, { concurrency: 1 }, () => {
      test('a request is listed once; Allow once reaches the requester as allow-once', async () => {
        const { tracker, requester } = await setup(version);
        const ans = await requester.requestExec({
          // ANSI, a right-to-left override and a newline: 4.12 passes ESC and the newline through raw.
          command: `${command('allow')} \u001b[31mred\u001b[0m \u202Etxt.sh\nrm -rf x`,
          cwd: '/tmp',
          agentId: 'main',
          sessionKey: 'agent:main:main',
          resolvedPath: '/bin/echo',
        });
        assert.equal(ans.status, 'accepted', JSON.stringify(ans));
        if (version === '2026.9.6') assert.equal(ans.deliveryRoute, 'approval-client');
        else assert.equal(ans.deliveryRoute, undefined, '4.12 answers without deliveryRoute');
        const key = approvalKey('exec', ans.id);
        const a = await waitFor(() => tracker.get(key), 5000, 'the approval in the tracker');
        assert.equal(a.expiresAtMs, ans.expiresAtMs);
        assert.deepEqual(a.allowedDecisions, ['allow-once', 'allow-always', 'deny']);
        await tracker.refresh();
        assert.equal(tracker.items().filter((x) => x.id === ans.id).length, 1, 'listed once after a re-list');
        const item = approvalItem(a);
        assert.ok(item.kind === 'exec');
        assert.equal(item.card.cwd, '/tmp');
        assert.equal(item.card.agent, 'main');
        assert.equal(item.card.resolvedPath, '/bin/echo');
        for (const shown of [item.title, item.summary, item.card.command]) {
          for (const raw of ['\u001b', '\u202e', '\n'])
            assert.ok(!shown.includes(raw), JSON.stringify(shown));
        }
        assert.match(item.card.command, /red.*txt\.sh.*rm -rf x/);

        const wait = requester.waitDecision('exec', ans.id);
        const r = await tracker.resolve(key, 'allow-once', a.fingerprint);
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal((await wait).decision, 'allow-once');
        assert.equal(tracker.get(key), undefined);
      });

      test('Deny reaches the requester as deny', async () => {
        const { tracker, requester, outcomes } = await setup(version);
        const ans = await requester.requestExec({ command: command('deny'), agentId: 'main' });
        const key = approvalKey('exec', ans.id);
        await waitFor(() => tracker.get(key), 5000, 'the approval');
        const wait = requester.waitDecision('exec', ans.id);
        assert.ok((await tracker.resolve(key, 'deny')).ok);
        assert.equal((await wait).decision, 'deny');
        const o = outcomes.find((x) => x.approval.key === key);
        assert.equal(o?.by, 'clawbar');
        assert.equal(o?.decision, 'deny');
      });

      test('an approval decided by another operator client leaves the tracker', async () => {
        const { tracker, requester, other, outcomes } = await setup(version);
        const ans = await requester.requestExec({ command: command('elsewhere') });
        const key = approvalKey('exec', ans.id);
        await waitFor(() => tracker.get(key), 5000, 'the approval');
        await other.resolve('exec', ans.id, 'allow-once');
        await waitFor(() => !tracker.get(key), 5000, 'the approval to leave');
        const o = outcomes.find((x) => x.approval.key === key);
        assert.equal(o?.by, 'other');
        assert.equal(o?.decision, 'allow-once');
        const refused = await tracker.resolve(key, 'deny');
        assert.equal(refused.ok, false);
      });

      test('an expired approval leaves within 1 s of expiresAtMs', async () => {
        const { tracker, requester, outcomes } = await setup(version);
        const ans = await requester.requestExec({ command: command('expire'), timeoutMs: 1500 });
        const key = approvalKey('exec', ans.id);
        await waitFor(() => tracker.get(key), 5000, 'the approval');
        assert.ok(ans.expiresAtMs);
        await waitFor(() => !tracker.get(key), 5000, 'the approval to expire');
        const left = Date.now();
        assert.ok(left <= ans.expiresAtMs + 1000, `left ${left - ans.expiresAtMs} ms after expiresAtMs`);
        assert.equal(outcomes.find((x) => x.approval.key === key)?.by, 'expiry');
        const waited = await requester.waitDecision('exec', ans.id).catch((e: Error) => e);
        assert.ok(waited instanceof Error || waited.decision === null, 'the gateway expired it too');
      });

      test('a re-list after reconnecting brings back what is still pending', async () => {
        const { tracker, client, requester } = await setup(version);
        const ans = await requester.requestExec({ command: command('relist') });
        const key = approvalKey('exec', ans.id);
        await waitFor(() => tracker.get(key), 5000, 'the approval');
        await client.stop();
        assert.equal(tracker.get(key), undefined, 'undecidable while disconnected');
        client.start();
        await waitFor(() => tracker.get(key), 20_000, 'the approval listed again on hello');
        const wait = requester.waitDecision('exec', ans.id);
        assert.ok((await tracker.resolve(key, 'deny')).ok);
        assert.equal((await wait).decision, 'deny');
      });

      test('a plugin approval: plugin: id, listed, and only the decisions it allows', async () => {
        const { tracker, requester } = await setup(version);
        const restricted = version === '2026.9.6';
        const ans = await requester.requestPlugin({
          pluginId: 'mailer',
          title: 'Send weekly report',
          description: 'Sends the report to the team',
          severity: 'warning',
          toolName: 'mail.send',
          // 4.12's schema has no allowedDecisions (it rejects unknown fields) and accepts every decision.
          ...(restricted ? { allowedDecisions: ['allow-once', 'deny'] } : {}),
        });
        assert.match(ans.id, /^plugin:/);
        const key = approvalKey('plugin', ans.id);
        assert.equal(key, ans.id);
        const a = await waitFor(() => tracker.get(key), 5000, 'the plugin approval');
        const item = approvalItem(a);
        assert.ok(item.kind === 'plugin');
        assert.equal(item.card.title, 'Send weekly report');
        assert.equal(item.card.tool, 'mail.send');
        if (restricted) {
          assert.deepEqual(a.allowedDecisions, ['allow-once', 'deny']);
          assert.ok(!item.actions.some((x) => x.label === 'Always allow'));
          const refused = await tracker.resolve(key, 'allow-always');
          assert.equal(refused.ok, false);
          assert.ok(!refused.ok && refused.reason === 'not-allowed');
          assert.ok(tracker.get(key), 'still pending after the refusal');
          // The gateway refuses it as well.
          const direct = await requester.resolve('plugin', ans.id, 'allow-always').catch((e: Error) => e);
          assert.ok(direct instanceof Error, 'the gateway refuses allow-always too');
        } else {
          assert.deepEqual(a.allowedDecisions, ['allow-once', 'allow-always', 'deny']);
        }
        const wait = requester.waitDecision('plugin', ans.id);
        assert.ok((await tracker.resolve(key, 'deny')).ok);
        assert.equal((await wait).decision, 'deny');
      });

      test('standing grants: listed and revocable where hello-ok has the methods (9.6), hidden on 4.12', async () => {
        const { client } = await setup(version);
        if (version === '2026.4.12') {
          assert.equal(hasStandingGrants(client), false);
          assert.equal(await listStandingGrants(client), undefined);
          return;
        }
        assert.equal(hasStandingGrants(client), true);
        assert.deepEqual(await listStandingGrants(client), []);
        assert.equal(await revokeStandingGrant(client, 'no-such-grant'), 'not-found');
      });

      test('with no approval client connected, a request expires at once', async () => {
        const { client, tracker, requester, other } = await setup(version);
        const routed = await requester.requestExec({ command: command('routed') });
        assert.equal(routed.status, 'accepted');
        if (version === '2026.9.6') assert.equal(routed.deliveryRoute, 'approval-client');
        const key = approvalKey('exec', routed.id);
        await waitFor(() => tracker.get(key), 5000, 'the routed approval');
        await tracker.resolve(key, 'deny');
        // 4.12 counts any other client with admin or approvals; 9.6 only approval clients (caps or app id).
        await client.stop();
        if (version === '2026.4.12') await other.close();
        // The gateway drops a closed client from its routes a moment after the socket closes.
        let unrouted = await requester.requestExec({ command: command('unrouted') });
        for (let i = 0; i < 20 && unrouted.status === 'accepted'; i++) {
          await requester.resolve('exec', unrouted.id, 'deny');
          await new Promise((r) => setTimeout(r, 100));
          unrouted = await requester.requestExec({ command: command('unrouted') });
        }
        assert.equal(unrouted.status, undefined, JSON.stringify(unrouted));
        assert.equal(unrouted.decision, null, 'expired at once');
        assert.equal(unrouted.deliveryRoute, undefined, 'the immediate answer names no route');
        const waited = await requester.waitDecision('exec', unrouted.id).catch((e: Error) => e);
        assert.ok(waited instanceof Error || waited.decision === null);
        client.start();
        await waitFor(() => client.state.kind === 'connected', 20_000, 'Clawbar reconnected');
      });
    });
  }
});
