// A realistic AppState for the panel tests: two pending inbox items (an admin upgrade and an internal
// client), four paired devices (Clawbar itself, one resetting), a doctor finding, a notice.
import type {
  AppState,
  HistoryEntry,
  InboxItem,
  PairingCard,
  ScopeLine,
} from '../../electron/core/contract/contract.ts';

const line = (scope: string, label: string, risk: ScopeLine['risk']): ScopeLine => ({ scope, label, risk });
export const READ = line('operator.read', 'See status and sessions', 'low');
export const WRITE = line('operator.write', 'Send messages and run tools', 'medium');
export const APPROVALS = line('operator.approvals', 'Answer approval prompts', 'high');
export const ADMIN = line('operator.admin', 'Full control of the gateway', 'critical');
export const PAIRING = line('operator.pairing', 'Approve other devices', 'high');

export function pixelCard(now: number, patch: Partial<PairingCard> = {}): PairingCard {
  return {
    deviceId: 'dev-pixel-7f3a9c',
    requestId: 'req-pixel-2',
    publicKey: 'pk-pixel-base64url-AAAA',
    kind: 'scope-upgrade',
    requester: {
      displayName: 'Pixel 9',
      platform: 'android',
      clientId: 'openclaw-android',
      clientMode: 'ui',
      location: 'this Mac',
    },
    role: 'operator',
    roles: ['operator'],
    scopes: ['operator.read', 'operator.approvals', 'operator.admin'],
    alreadyAllowed: [READ],
    adds: [APPROVALS, ADMIN],
    scopeSummary: 'already allowed: read · adds: approvals, admin',
    risk: 'critical',
    firstSeenAt: now - 95_000,
    lastSeenAt: now - 2_000,
    retries: 3,
    supersedes: 1,
    expiresAt: now + 205_000,
    ignored: false,
    notice: 'It now asks for more than you saw – review again.',
    ...patch,
  };
}

export function cliCard(now: number, patch: Partial<PairingCard> = {}): PairingCard {
  return {
    deviceId: 'dev-cli-11b2e0',
    requestId: 'req-cli-1',
    publicKey: 'pk-cli-base64url-BBBB',
    kind: 'new-device',
    requester: {
      displayName: 'openclaw CLI',
      clientId: 'gateway-client',
      clientMode: 'cli',
      platform: 'darwin',
      location: 'this Mac',
      internalHint: 'OpenClaw’s own command-line client on this Mac (e.g. `openclaw devices list`).',
    },
    role: 'operator',
    roles: ['operator'],
    scopes: ['operator.read', 'operator.write'],
    alreadyAllowed: [],
    adds: [READ, WRITE],
    scopeSummary: 'adds: read, write',
    risk: 'medium',
    firstSeenAt: now - 20_000,
    lastSeenAt: now - 1_000,
    retries: 0,
    supersedes: 0,
    expiresAt: now + 280_000,
    ignored: false,
    ...patch,
  };
}

/**
 * A card as the inbox holds it. The revision began long ago unless `patch` says otherwise, so the card
 * settles 1.5 s after it first appears.
 */
export function deviceItem(
  card: PairingCard,
  patch: Partial<Omit<InboxItem, 'kind' | 'card'>> = {},
): InboxItem {
  const name = card.requester.displayName;
  return {
    kind: 'device',
    key: `device:${card.deviceId}`,
    revision: 1,
    revisedAt: card.lastSeenAt,
    title: `${card.scopeSummary} – ${name}`,
    summary: `${name} (${card.requester.location}) asks to pair.`,
    risk: card.risk,
    actions: [
      { id: 'approve', label: 'Approve' },
      { id: 'not-now', label: 'Not now' },
    ],
    expiresAt: card.expiresAt,
    snoozed: false,
    quiet: card.ignored || card.mutedUntil !== undefined,
    card,
    ...patch,
  };
}

export const pixelItem = (now: number, card: Partial<PairingCard> = {}, item: Partial<InboxItem> = {}) =>
  deviceItem(pixelCard(now, card), { revision: 3, ...item });
export const cliItem = (now: number, card: Partial<PairingCard> = {}, item: Partial<InboxItem> = {}) =>
  deviceItem(cliCard(now, card), item);

export function baseState(now: number, patch: Partial<AppState> = {}): AppState {
  return {
    connection: {
      kind: 'connected',
      url: 'ws://127.0.0.1:18789',
      serverVersion: '2026.9.6',
      protocol: 4,
      scopes: ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'],
      connectedSince: now - 3_600_000,
      methods: ['device.pair.list', 'device.pair.approve', 'device.pair.rename'],
    },
    inbox: [pixelItem(now), cliItem(now)],
    devices: [
      {
        deviceId: 'dev-clawbar-000aaa',
        publicKey: 'pk-clawbar',
        displayName: 'Clawbar',
        platform: 'darwin',
        clientId: 'clawbar',
        clientMode: 'ui',
        roles: ['operator'],
        scopes: [
          'operator.admin',
          'operator.read',
          'operator.write',
          'operator.approvals',
          'operator.pairing',
        ],
        scopeLines: [ADMIN, READ, WRITE, APPROVALS, PAIRING],
        tokens: [
          {
            role: 'operator',
            scopes: ['operator.admin'],
            createdAtMs: now - 86_400_000,
            lastUsedAtMs: now - 5_000,
          },
        ],
        approvedAtMs: now - 86_400_000,
        connected: true,
        isClawbar: true,
      },
      {
        deviceId: 'dev-iphone-5c5c5c',
        publicKey: 'pk-iphone',
        displayName: 'iPhone 16',
        label: 'Anna’s iPhone',
        platform: 'ios',
        clientId: 'openclaw-ios',
        clientMode: 'ui',
        roles: ['operator'],
        scopes: ['operator.read', 'operator.write'],
        scopeLines: [READ, WRITE],
        revision: 2,
        tokens: [
          {
            role: 'operator',
            scopes: ['operator.read', 'operator.write'],
            createdAtMs: now - 7 * 86_400_000,
            rotatedAtMs: now - 86_400_000,
            lastUsedAtMs: now - 600_000,
          },
        ],
        approvedAtMs: now - 7 * 86_400_000,
        lastSeenAtMs: now - 600_000,
        connected: false,
        isClawbar: false,
      },
      {
        deviceId: 'dev-laptop-9d9d9d',
        publicKey: 'pk-laptop',
        displayName: 'Old laptop',
        platform: 'linux',
        roles: ['operator'],
        scopes: ['operator.read'],
        scopeLines: [READ],
        tokens: [
          {
            role: 'operator',
            scopes: ['operator.read'],
            createdAtMs: now - 90 * 86_400_000,
            revokedAtMs: now - 3_600_000,
          },
        ],
        approvedAtMs: now - 90 * 86_400_000,
        lastSeenAtMs: now - 40 * 86_400_000,
        isClawbar: false,
      },
      {
        deviceId: 'dev-tablet-4e4e4e',
        publicKey: 'pk-tablet',
        displayName: 'Kitchen tablet',
        platform: 'android',
        roles: ['operator'],
        scopes: ['operator.read'],
        scopeLines: [READ],
        tokens: [],
        isClawbar: false,
        resetting: { until: now + 45_000 },
      },
    ],
    service: {
      mode: 'launchd',
      chosen: 'auto',
      openclawPath: '/opt/homebrew/bin/openclaw',
      openclawVersion: '2026.9.6',
      installed: true,
      running: true,
      pid: 4242,
      detail: 'LaunchAgent ai.openclaw.gateway is loaded.',
      findings: [
        {
          id: 'plist-stale',
          severity: 'warning',
          title: 'The LaunchAgent points at an old OpenClaw',
          detail: 'It starts /usr/local/bin/openclaw 2026.4.12, but 2026.9.6 is installed.',
          fix: { action: 'repair', label: 'Repair the LaunchAgent' },
        },
      ],
    },
    settings: {
      gatewayUrl: 'ws://127.0.0.1:18789',
      startGatewayWithClawbar: true,
      keepRunning: 'auto',
      stopSupervisedOnQuit: false,
      launchAtLogin: true,
      notifications: true,
    },
    secrets: {
      state: 'ok',
      tokenPresent: true,
      tokenSource: 'config',
      deviceTokenPresent: true,
      identity: { deviceId: 'dev-clawbar-000aaa', publicKey: 'pk-clawbar' },
    },
    login: {
      state: 'requires-approval',
      message: 'Clawbar is registered but macOS needs your approval in System Settings › Login Items.',
      canOpenSettings: true,
    },
    notices: [
      {
        id: 'n1',
        level: 'warning',
        message: 'The gateway restarted; Clawbar reconnected.',
        at: now - 60_000,
      },
    ],
    firstRun: false,
    features: ['device.pair.list', 'device.pair.approve', 'device.pair.rename'],
    ...patch,
  };
}

export function history(now: number): HistoryEntry[] {
  // Deliberately not sorted: the panel shows newest first.
  return [
    {
      ts: now - 3_600_000,
      action: 'revoke',
      outcome: 'Token revoked',
      by: 'user',
      deviceId: 'dev-laptop-9d9d9d',
      displayName: 'Old laptop',
    },
    {
      ts: now - 60_000,
      action: 'approve',
      outcome: 'Approved in 12 ms',
      by: 'user',
      deviceId: 'dev-iphone-5c5c5c',
      displayName: 'iPhone 16',
      scopesBefore: ['operator.read'],
      scopesAfter: ['operator.read', 'operator.write'],
      latencyMs: 12,
    },
    {
      ts: now - 600_000,
      action: 'reject',
      outcome: 'Rejected',
      by: 'other-client',
      deviceId: 'dev-x-1',
      displayName: 'Unknown browser',
    },
  ];
}
