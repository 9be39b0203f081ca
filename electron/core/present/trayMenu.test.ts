import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppState, ConnectionState, InboxItem, PairingCard, ServiceView } from '../contract/views.ts';
import { approvalItem } from '../approvals/present.ts';
import { pendingExec, pendingPlugin } from '../approvals/records.ts';
import { approvalSourceItem } from '../approvals/source.ts';
import { Inbox } from '../inbox/inbox.ts';
import { deviceItem } from '../pairing/inboxItem.ts';
import type { MenuAction, MenuItem } from './types.ts';
import { capture, list } from '../../../test/fixtures/pairing/load.ts';
import { emptyModel, reconcile } from '../pairing/reconcile.ts';
import { trayIcon, trayMenu } from './trayMenu.ts';

const v = '2026.4.12';
const up = list(v, 'listScopeUpgrade');
const { model } = reconcile(emptyModel(), up.list, {
  now: up.at,
  protocol: 3,
  selfDeviceId: capture(v).watcherDeviceId,
  mutedUntil: {},
  ignored: [],
  resolved: [],
});
const url = 'ws://127.0.0.1:18789';

/** The cards as the inbox lists them (first revision). */
function inboxOf(cards: readonly PairingCard[]): InboxItem[] {
  const inbox = new Inbox();
  inbox.attach({ items: () => cards.map(deviceItem), onChange: () => () => undefined });
  return [...inbox.items()];
}

const CONNECTIONS: Record<ConnectionState['kind'], ConnectionState> = {
  connected: {
    kind: 'connected',
    url,
    serverVersion: '2026.4.12',
    protocol: 3,
    scopes: [],
    connectedSince: 1,
    methods: [],
  },
  connecting: { kind: 'connecting', url, attempt: 1 },
  reconnecting: { kind: 'reconnecting', url, attempt: 3, nextTryAt: 5, lastError: 'ECONNREFUSED' },
  'needs-pairing': {
    kind: 'needs-pairing',
    url,
    deviceId: 'clawbar',
    requestId: 'req-1',
    reason: 'not-paired',
    command: 'openclaw devices approve req-1',
    message: 'waiting',
  },
  'auth-failed': { kind: 'auth-failed', url, code: 'AUTH_TOKEN_MISMATCH', message: 'bad token' },
  'gateway-down': { kind: 'gateway-down', url, since: 1, lastError: 'ECONNREFUSED' },
  'protocol-mismatch': { kind: 'protocol-mismatch', url, message: 'too old' },
  stopped: { kind: 'stopped' },
};

const service = (o: Partial<ServiceView> = {}): ServiceView => ({
  mode: 'launchd',
  chosen: 'auto',
  installed: true,
  running: true,
  detail: '',
  findings: [],
  ...o,
});

function state(connection: ConnectionState, o: Partial<AppState> = {}): AppState {
  return {
    connection,
    inbox: inboxOf(model.cards),
    devices: model.devices.map((d) => ({ ...d, revision: 4 })),
    service: service(),
    settings: {
      gatewayUrl: url,
      startGatewayWithClawbar: true,
      keepRunning: 'auto',
      stopSupervisedOnQuit: false,
      launchAtLogin: true,
      notifications: true,
    },
    secrets: { state: 'ok', tokenPresent: true, deviceTokenPresent: true },
    login: { state: 'enabled', message: '', canOpenSettings: false },
    notices: [],
    firstRun: false,
    features: [],
    ...o,
  };
}

function flat(items: MenuItem[]): MenuItem[] {
  return items.flatMap((i) => (i.type === 'submenu' ? [i, ...flat(i.items)] : [i]));
}
function action(items: MenuItem[], id: string): Extract<MenuItem, { type: 'action' }> {
  const found = flat(items).find((i) => i.id === id);
  assert.ok(found && found.type === 'action', `no action ${id}`);
  return found;
}
const ids = (items: MenuItem[]) => flat(items).map((i) => i.id);

describe('trayMenu', () => {
  const card = model.cards[0]!;

  test('connected: status, the pending item with Approve carrying its revision and Reject, devices, controls, quit', () => {
    const items = trayMenu(state(CONNECTIONS.connected));
    assert.deepEqual(items[0], { type: 'label', id: 'status', label: 'Connected to OpenClaw 2026.4.12' });
    const sub = flat(items).find((i) => i.id === `card:${card.deviceId}`);
    assert.ok(sub?.type === 'submenu');
    assert.equal(sub.label, 'Wants to manage approvals · MacBook Pro', 'what it asks first, the name second');
    assert.ok(
      sub.items.some(
        (i) => i.type === 'label' && i.label === 'already allowed: read · adds: manage approvals',
      ),
    );
    const approve = action(items, `card:${card.deviceId}:approve`);
    assert.equal(approve.enabled, true);
    // Approve names the item and the revision the menu was built from.
    const want: MenuAction = { kind: 'approve', key: `device:${card.deviceId}`, revision: 1 };
    assert.deepEqual(approve.action, want);
    assert.deepEqual(action(items, `card:${card.deviceId}:reject`).action, {
      kind: 'reject',
      deviceId: card.deviceId,
      requestId: card.requestId,
    });
    assert.ok(
      ids(items).indexOf(`card:${card.deviceId}:approve`) <
        ids(items).indexOf(`card:${card.deviceId}:reject`),
    );
    // Clawbar's own record cannot be removed from the menu; the other device can.
    const self = capture(v).watcherDeviceId;
    assert.equal(action(items, `device:${self}:remove`).enabled, false);
    assert.equal(action(items, `device:${capture(v).deviceId}:remove`).enabled, true);
    assert.deepEqual(action(items, `device:${capture(v).deviceId}:reset`).action, {
      kind: 'reset',
      deviceId: capture(v).deviceId,
      revision: 4, // the revision of what the device holds, as the menu showed it
    });
    assert.deepEqual(action(items, 'gateway:restart').action, { kind: 'service', action: 'restart' });
    assert.ok(ids(items).includes('gateway:stop'));
    assert.deepEqual(action(items, 'app:preferences').action, { kind: 'open-panel', view: 'settings' });
    assert.deepEqual(items.at(-1), {
      type: 'action',
      id: 'app:quit',
      label: 'Quit Clawbar',
      enabled: true,
      action: { kind: 'quit' },
    });
  });

  test('every connection state has its status line; decisions are disabled unless connected', () => {
    const lines = new Set<string>();
    for (const [kind, conn] of Object.entries(CONNECTIONS)) {
      const items = trayMenu(state(conn));
      const status = items[0];
      assert.ok(status?.type === 'label');
      lines.add(status.label);
      assert.equal(action(items, `card:${card.deviceId}:approve`).enabled, kind === 'connected', kind);
      assert.equal(action(items, `device:${capture(v).deviceId}:remove`).enabled, kind === 'connected', kind);
      assert.ok(ids(items).includes('gateway:reconnect'), kind);
      assert.ok(ids(items).includes('app:quit'), kind);
    }
    assert.equal(lines.size, Object.keys(CONNECTIONS).length, 'each state reads differently');
    const np = trayMenu(state(CONNECTIONS['needs-pairing']));
    assert.ok(
      flat(np).some((i) => i.type === 'label' && i.label === 'Approve with: openclaw devices approve req-1'),
    );
  });

  test('gateway controls follow the service mode and state', () => {
    const stopped = trayMenu(state(CONNECTIONS['gateway-down'], { service: service({ running: false }) }));
    assert.deepEqual(action(stopped, 'gateway:start').action, { kind: 'service', action: 'start' });
    assert.ok(!ids(stopped).includes('gateway:stop'));
    const none = trayMenu(
      state(CONNECTIONS.connected, { service: service({ mode: 'none', running: false }) }),
    );
    assert.ok(!ids(none).some((id) => /^gateway:(start|stop|restart|install)$/.test(id)));
    const notInstalled = trayMenu(
      state(CONNECTIONS['gateway-down'], { service: service({ installed: false, running: false }) }),
    );
    assert.deepEqual(action(notInstalled, 'gateway:install').action, { kind: 'service', action: 'install' });
    const starting = trayMenu(
      state(CONNECTIONS.connecting, { service: service({ running: false, startingSince: 1000 }) }),
      13_400,
    );
    assert.ok(flat(starting).some((i) => i.type === 'label' && i.label === 'Starting gateway… (12 s)'));
    assert.ok(!ids(starting).includes('gateway:start'), 'no second start while starting');
    // Someone else's gateway (attached, or on another machine): nothing to start, stop or restart.
    for (const running of [true, false]) {
      const theirs = trayMenu(
        state(CONNECTIONS.connected, {
          service: service({ running, manager: 'someone-else', canControl: false }),
        }),
      );
      assert.ok(
        !ids(theirs).some((id) => /^gateway:(start|stop|restart|install)$/.test(id)),
        `running ${running}`,
      );
    }
    const notOurs = trayMenu(state(CONNECTIONS.connected, { service: service({ canControl: false }) }));
    assert.ok(
      !ids(notOurs).some((id) => /^gateway:(stop|restart)$/.test(id)),
      'no Stop for what Clawbar may not control',
    );
  });

  test('busy and ignored cards; no cards at all', () => {
    const busy = trayMenu(state(CONNECTIONS.connected, { inbox: inboxOf([{ ...card, busy: 'approving' }]) }));
    assert.equal(action(busy, `card:${card.deviceId}:approve`).enabled, false);
    const ignored = trayMenu(state(CONNECTIONS.connected, { inbox: inboxOf([{ ...card, ignored: true }]) }));
    assert.ok(!ids(ignored).includes(`card:${card.deviceId}`));
    assert.deepEqual(action(ignored, 'pending:ignored').action, { kind: 'open-panel', view: 'pending' });
    const empty = trayMenu(state(CONNECTIONS.connected, { inbox: inboxOf([]), devices: [] }));
    assert.ok(ids(empty).includes('pending:none') && ids(empty).includes('devices:none'));
  });

  test('a muted card says so and offers Unmute (even while disconnected); an unmuted one does not', () => {
    const mutedCard = { ...card, mutedUntil: Date.now() + 60 * 60_000 };
    for (const conn of [CONNECTIONS.connected, CONNECTIONS['gateway-down']]) {
      const items = trayMenu(state(conn, { inbox: inboxOf([mutedCard]) }));
      const sub = flat(items).find((i) => i.id === `card:${card.deviceId}`);
      assert.ok(sub?.type === 'submenu');
      assert.match(sub.label, /\(muted\)$/);
      const unmute = action(items, `card:${card.deviceId}:unmute`);
      assert.equal(unmute.label, 'Unmute');
      // Unmuting is Clawbar's own setting: it needs no gateway.
      assert.equal(unmute.enabled, true, conn.kind);
      const want: MenuAction = { kind: 'unmute', deviceId: card.deviceId };
      assert.deepEqual(unmute.action, want);
      assert.ok(
        ids(items).indexOf(`card:${card.deviceId}:unmute`) < ids(items).indexOf(`card:${card.deviceId}:open`),
      );
    }
    const unmuted = trayMenu(state(CONNECTIONS.connected, { inbox: inboxOf([card]) }));
    assert.ok(!ids(unmuted).includes(`card:${card.deviceId}:unmute`));
  });
});

describe('trayIcon', () => {
  test('icon per state', () => {
    const expected: Record<ConnectionState['kind'], string> = {
      connected: 'attention',
      connecting: 'disconnected',
      reconnecting: 'disconnected',
      'needs-pairing': 'attention',
      'auth-failed': 'error',
      'gateway-down': 'disconnected',
      'protocol-mismatch': 'error',
      stopped: 'stopped',
    };
    for (const [kind, conn] of Object.entries(CONNECTIONS)) {
      assert.equal(trayIcon(state(conn)).icon, expected[kind as ConnectionState['kind']], kind);
    }
    assert.equal(trayIcon(state(CONNECTIONS.connected, { inbox: inboxOf([]) })).icon, 'connected');
    assert.equal(
      trayIcon(state(CONNECTIONS['gateway-down'], { service: service({ running: false }) })).icon,
      'stopped',
    );
  });

  test('first run: no token yet, or no gateway yet, is a setup step (no error icon, no code); a refused stored token is red in plain words', () => {
    const noToken = { state: 'ok' as const, tokenPresent: false, deviceTokenPresent: false };
    const missing: ConnectionState = {
      kind: 'auth-failed',
      url,
      code: 'AUTH_TOKEN_MISSING',
      message: 'unauthorized: gateway token missing',
    };
    const first = trayIcon(state(missing, { inbox: inboxOf([]), secrets: noToken, firstRun: true }));
    assert.notEqual(first.icon, 'error');
    assert.equal(first.tooltip, 'Clawbar: Set up Clawbar: it needs the gateway token');
    const menu = trayMenu(state(missing, { inbox: inboxOf([]), secrets: noToken, firstRun: true }));
    assert.equal(menu[0]?.type === 'label' && menu[0].label, 'Set up Clawbar: it needs the gateway token');
    const down = trayIcon(
      state(CONNECTIONS['gateway-down'], { inbox: inboxOf([]), secrets: noToken, firstRun: true }),
    );
    assert.notEqual(down.icon, 'error');
    assert.match(down.tooltip, /Looking for your gateway/);

    const refused = trayIcon(state(CONNECTIONS['auth-failed'], { inbox: inboxOf([]) }));
    assert.equal(refused.icon, 'error');
    assert.equal(refused.tooltip, "Clawbar: The gateway refused Clawbar's token");
    const locked = trayIcon(
      state(
        { kind: 'auth-failed', url, code: 'KEYCHAIN_UNAVAILABLE', message: 'locked' },
        { inbox: inboxOf([]), secrets: noToken, firstRun: true },
      ),
    );
    assert.equal(locked.icon, 'error', 'a keychain that cannot be read is a failure, even on first run');
    assert.doesNotMatch(locked.tooltip, /[A-Z]{3,}_[A-Z]/, 'no protocol code in the tray');
    assert.equal(locked.tooltip, 'Clawbar: Clawbar cannot use the keychain', 'the keychain, not the gateway');
  });

  test('badge counts items that are not quiet (muted or ignored); the tooltip says so', () => {
    const card = model.cards[0]!;
    const one = trayIcon(state(CONNECTIONS.connected));
    assert.equal(one.badge, '1');
    assert.match(one.tooltip, /Connected to OpenClaw 2026\.4\.12 · 1 pending request$/);
    const muted = trayIcon(
      state(CONNECTIONS.connected, { inbox: inboxOf([{ ...card, mutedUntil: Date.now() + 60_000 }]) }),
    );
    assert.equal(muted.icon, 'connected');
    assert.equal(muted.badge, undefined);
    assert.equal(
      trayIcon(state(CONNECTIONS.connected, { inbox: inboxOf([{ ...card, ignored: true }]) })).badge,
      undefined,
    );
  });

  test('"starting gateway… (n s)" while the service starts', () => {
    const icon = trayIcon(
      state(CONNECTIONS.connecting, {
        inbox: inboxOf([]),
        service: service({ running: false, startingSince: 0 }),
      }),
      7_000,
    );
    assert.match(icon.tooltip, /starting gateway… \(7 s\)/);
    assert.equal(icon.icon, 'disconnected');
  });
});

describe('trayMenu with exec and plugin approvals', () => {
  const exec = pendingExec({
    id: 'e1',
    createdAtMs: 1,
    expiresAtMs: 2 ** 40,
    request: { command: 'rm -rf x \u001b[31mred\u001b[0m \u202Etxt.sh\nls', agentId: 'main', cwd: '/tmp' },
  });
  const plugin = pendingPlugin({
    id: 'plugin:p1',
    createdAtMs: 2,
    expiresAtMs: 2 ** 40,
    request: {
      title: 'Send report',
      description: 'Mails the team',
      allowedDecisions: ['allow-once', 'deny'],
    },
  });
  function withApprovals(): AppState {
    const inbox = new Inbox();
    inbox.attach({ items: () => model.cards.map(deviceItem), onChange: () => () => undefined });
    inbox.attach({
      items: () => [exec, plugin].map((a) => approvalSourceItem(approvalItem(a), undefined)),
      onChange: () => () => undefined,
    });
    return state(CONNECTIONS.connected, { inbox: [...inbox.items()] });
  }

  test('listed with Allow once / Deny bound to the revision; labels escaped; never Always allow', () => {
    const s = withApprovals();
    const items = trayMenu(s);
    const sub = flat(items).find((i) => i.id === 'approval:exec:e1');
    assert.ok(sub?.type === 'submenu');
    for (const raw of ['\u001b', '\u202e', '\n']) assert.ok(!sub.label.includes(raw), sub.label);
    assert.match(sub.label, /␛\[31mred.*\\u202E.*\\nls/);
    assert.deepEqual(action(items, 'approval:exec:e1:allow-once').action, {
      kind: 'decide',
      key: 'exec:e1',
      revision: 1,
      decision: 'allow-once',
    });
    assert.equal(action(items, 'approval:exec:e1:deny').label, 'Deny');
    const all = flat(items).map((i) => ('label' in i ? i.label : ''));
    assert.ok(!all.includes('Always allow'));
    assert.ok(ids(items).includes('approval:plugin:p1:deny'));
  });

  test('the badge counts approvals with device requests', () => {
    const s = withApprovals();
    assert.equal(trayIcon(s).badge, String(model.cards.length + 2));
    assert.equal(trayIcon(s).icon, 'attention');
  });

  test('disconnected: the decisions are disabled', () => {
    const s = { ...withApprovals(), connection: CONNECTIONS.reconnecting };
    assert.equal(action(trayMenu(s), 'approval:exec:e1:deny').enabled, false);
  });
});
