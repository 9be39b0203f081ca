// Who owns a loopback listener: a real listener of our own passes, a real listener run as another
// uid (nobody, via setpriv) is refused with its port and owner named, a free port says so. The
// /proc and lsof parsers are checked on sample text.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { freePortRange } from '../../../test/support/ports.ts';
import {
  NOBODY_UID,
  canRunAsOtherUser,
  fakeGatewayAsOtherUser,
  runAsOtherUser,
} from '../../../test/support/standins/otherUser.ts';
import { STANDINS_DIR, standins } from '../../../test/support/standins/standins.ts';
import { probePort } from './probe.ts';
import { Supervisor } from './supervisor.ts';
import {
  checkListenerOwner,
  judgeOwners,
  parseLsofUids,
  parseProcNetTcp,
  userNameFromPasswd,
} from './socketOwner.ts';

test('a listener of our own on 127.0.0.1 is ours', async () => {
  const port = await freePortRange(1);
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  try {
    assert.deepEqual(await checkListenerOwner(port), { ok: true });
  } finally {
    await new Promise((r) => srv.close(r));
  }
});

test('a free port: nothing is listening', async () => {
  const port = await freePortRange(1);
  const r = await checkListenerOwner(port);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', new RegExp(`^Nothing is listening on port ${port}`));
});

test(
  'a listener run as another user is refused, naming the port and the owner',
  { skip: !canRunAsOtherUser && 'needs root on Linux to run a listener as nobody' },
  async () => {
    const port = await freePortRange(1);
    const other = await runAsOtherUser(
      `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('ready'))`,
    );
    try {
      const r = await checkListenerOwner(port);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.reason, 'foreign');
      assert.equal(r.ownerUid, NOBODY_UID);
      assert.match(
        r.message,
        new RegExp(`Port ${port} is held by a program of another user \\(nobody, uid ${NOBODY_UID}\\)`),
      );
      // The same listener counts as ours for a caller that is nobody.
      assert.deepEqual(await checkListenerOwner(port, { uid: NOBODY_UID }), { ok: true });
    } finally {
      await other.stop();
    }
  },
);

test(
  'a gateway look-alike of another user: the probe never talks to it and the supervisor will not attach',
  { skip: !canRunAsOtherUser && 'needs root on Linux to run a listener as nobody' },
  async () => {
    const s = standins();
    const port = await freePortRange(1);
    const fake = await fakeGatewayAsOtherUser(port);
    try {
      const probe = await probePort(port);
      assert.equal(probe.listener, 'foreign');
      assert.match(probe.ownerMessage ?? '', new RegExp(`Port ${port} .*nobody`));
      const sup = new Supervisor({
        openclawPath: path.join(STANDINS_DIR, 'openclaw'),
        port,
        env: s.env,
        logDir: path.join(s.dir, 'logs'),
      });
      const st = await sup.start();
      await sup.stop();
      assert.equal(st.phase, 'blocked');
      assert.match(st.message, /another user \(nobody/);
      assert.doesNotMatch(fake.output(), /hit/, "something talked to the other user's listener");
    } finally {
      await fake.stop();
    }
  },
);

const PROC_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1607 1 0 100 0 0 10 0
   1: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000   501        0 18947 1 0 100 0 0 10 0
   2: 0100007F:4965 0100007F:C350 01 00000000:00000000 00:00000000 00000000   777        0 18948 1 0 100 0 0 10 0
   3: 0A00000A:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000   888        0 18949 1 0 100 0 0 10 0
`;
const PROC_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  65534        0 18930 1 0 100 0 0 10 0
   1: 00000000000000000000000000000000:07E8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     12        0 18931 1 0 100 0 0 10 0
`;

test('/proc/net/tcp: only LISTEN sockets on the port reachable from loopback count', () => {
  assert.deepEqual(parseProcNetTcp(PROC_TCP, 0x4965), [501]); // established and 10.0.0.10 ignored
  assert.deepEqual(parseProcNetTcp(PROC_TCP, 0x07e8), [0]); // 0.0.0.0 accepts loopback too
  assert.deepEqual(parseProcNetTcp(PROC_TCP6, 0x4965), [65534]);
  assert.deepEqual(parseProcNetTcp(PROC_TCP6, 0x07e8), [12]);
  assert.deepEqual(parseProcNetTcp(PROC_TCP, 1), []);
  assert.deepEqual(parseProcNetTcp('', 0x4965), []);
});

test('lsof -F u output: the u lines are the owners', () => {
  assert.deepEqual(parseLsofUids('p412\nu501\nf7\n'), [501]);
  assert.deepEqual(parseLsofUids('p412\nu501\nf7\np90\nu502\nf3\nf4\n'), [501, 502]);
  assert.deepEqual(parseLsofUids(''), []);
  assert.deepEqual(parseLsofUids('p1\nu\nuabc\n'), []);
});

test('the verdict: every listener must be ours', () => {
  assert.deepEqual(judgeOwners(80, [501], 501), { ok: true });
  assert.deepEqual(judgeOwners(80, [501, 501], 501), { ok: true });
  const mixed = judgeOwners(80, [501, 502], 501);
  assert.equal(mixed.ok, false);
  assert.equal(!mixed.ok && mixed.ownerUid, 502);
  assert.deepEqual(judgeOwners(80, [], 501), {
    ok: false,
    reason: 'none',
    message: 'Nothing is listening on port 80.',
  });
});

test('user names from /etc/passwd', () => {
  const passwd =
    'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
  assert.equal(userNameFromPasswd(passwd, 65534), 'nobody');
  assert.equal(userNameFromPasswd(passwd, 0), 'root');
  assert.equal(userNameFromPasswd(passwd, 42), undefined);
});
