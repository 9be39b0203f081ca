// The tray menu and icon as plain data: the shell maps them to Electron's Menu and Tray. The pending
// section lists the inbox (every kind of decision); the badge counts the items that are not quiet.
import { offeredServiceActions } from '../contract/serviceControls.ts';
import { refusalHeadline } from '../contract/refusal.ts';
import { setupStep } from '../contract/setupStep.ts';
import type { AppState, DeviceView, InboxItem, ServiceView } from '../contract/views.ts';
import type { MenuAction, MenuItem, TrayIconModel } from './types.ts';

/** Items that ask for attention: not muted and not ignored. */
export function activeItems(state: AppState): InboxItem[] {
  return state.inbox.filter((i) => !i.quiet);
}

/** Ignored items are not listed in the menu, only counted (the panel lists them). */
function ignored(item: InboxItem): boolean {
  return item.kind === 'device' && item.card.ignored;
}

/** One line of plain words for the tray: no protocol codes (the panel shows them in a details line). */
export function statusLine(state: Pick<AppState, 'connection' | 'secrets' | 'firstRun'>): string {
  const step = setupStep(state);
  if (step === 'token') return 'Set up Clawbar: it needs the gateway token';
  if (step === 'gateway') return 'Looking for your gateway…';
  const c = state.connection;
  switch (c.kind) {
    case 'connected':
      return `Connected to OpenClaw ${c.serverVersion}`;
    case 'connecting':
      return 'Connecting to the gateway…';
    case 'reconnecting':
      return `Reconnecting (attempt ${c.attempt})…`;
    case 'needs-pairing':
      return 'Clawbar is waiting for approval';
    case 'auth-failed':
      return refusalHeadline(c);
    case 'gateway-down':
      return 'Gateway is not reachable';
    case 'protocol-mismatch':
      return 'This gateway version is not supported';
    case 'stopped':
      return 'Not connected';
  }
}

function startingSeconds(service: ServiceView, now: number): number | undefined {
  return service.startingSince === undefined
    ? undefined
    : Math.max(0, Math.round((now - service.startingSince) / 1000));
}

const act = (id: string, label: string, action: MenuAction, enabled = true): MenuItem => ({
  type: 'action',
  id,
  label,
  enabled,
  action,
});

type ApprovalItem = Extract<InboxItem, { kind: 'exec' | 'plugin' }>;

/**
 * An exec or plugin approval: what will run, who asks, and Allow once / Deny (those it allows) bound to
 * the revision shown. "Always allow" needs a second confirmation: only the card offers it.
 */
function approvalMenuItem(item: ApprovalItem, connected: boolean): MenuItem {
  const card = item.kind === 'exec' ? item.exec : item.plugin;
  const ready = connected && card.busy === undefined;
  const id = `approval:${item.key}`;
  const decide = (decision: 'allow-once' | 'deny', label: string): MenuItem[] =>
    card.allowedDecisions.includes(decision)
      ? [
          act(
            `${id}:${decision}`,
            label,
            { kind: 'decide', key: item.key, revision: item.revision, decision },
            ready,
          ),
        ]
      : [];
  return {
    type: 'submenu',
    id,
    label: item.title,
    items: [
      { type: 'label', id: `${id}:summary`, label: item.summary },
      ...(card.notice ? [{ type: 'label' as const, id: `${id}:notice`, label: card.notice }] : []),
      ...decide('allow-once', 'Allow once'),
      ...decide('deny', 'Deny'),
      act(`${id}:open`, 'Show details…', { kind: 'open-panel', view: 'pending', key: item.key }),
    ],
  };
}

function pendingItem(item: InboxItem, connected: boolean): MenuItem {
  if (item.kind !== 'device') return approvalMenuItem(item, connected);
  const card = item.card;
  const ready = connected && card.busy === undefined;
  const muted = card.mutedUntil !== undefined ? ' (muted)' : '';
  const id = `card:${card.deviceId}`;
  return {
    type: 'submenu',
    id,
    label: `${item.title}${muted}`,
    items: [
      { type: 'label', id: `${id}:asks`, label: card.scopeSummary },
      { type: 'label', id: `${id}:from`, label: `From ${card.requester.location}` },
      ...(card.requester.internalHint
        ? [{ type: 'label' as const, id: `${id}:hint`, label: card.requester.internalHint }]
        : []),
      ...(card.notice ? [{ type: 'label' as const, id: `${id}:notice`, label: card.notice }] : []),
      act(`${id}:approve`, 'Approve', { kind: 'approve', key: item.key, revision: item.revision }, ready),
      act(
        `${id}:reject`,
        'Reject',
        { kind: 'reject', deviceId: card.deviceId, requestId: card.requestId },
        ready,
      ),
      // A muted device is unmuted here too (not only on Devices): its request notifies again.
      ...(muted ? [act(`${id}:unmute`, 'Unmute', { kind: 'unmute', deviceId: card.deviceId })] : []),
      act(`${id}:open`, 'Show details…', { kind: 'open-panel', view: 'pending', key: item.key }),
    ],
  };
}

function deviceItem(d: DeviceView, connected: boolean): MenuItem {
  const canAct = connected && !d.isClawbar && d.resetting === undefined;
  const scopes = d.scopeLines.map((l) => l.label).join(', ') || 'no scopes';
  return {
    type: 'submenu',
    id: `device:${d.deviceId}`,
    label: d.isClawbar ? `${d.displayName} (this app)` : d.displayName,
    items: [
      { type: 'label', id: `device:${d.deviceId}:scopes`, label: `Allowed: ${scopes}` },
      ...(d.platform
        ? [{ type: 'label' as const, id: `device:${d.deviceId}:platform`, label: `Platform: ${d.platform}` }]
        : []),
      act(`device:${d.deviceId}:details`, 'Details…', {
        kind: 'open-panel',
        view: 'devices',
        deviceId: d.deviceId,
      }),
      act(`device:${d.deviceId}:remove`, 'Remove', { kind: 'remove', deviceId: d.deviceId }, canAct),
      act(
        `device:${d.deviceId}:reset`,
        'Reset & re-approve',
        { kind: 'reset', deviceId: d.deviceId, revision: d.revision ?? 0 },
        canAct,
      ),
    ],
  };
}

function gatewayItems(state: AppState, now: number): MenuItem[] {
  const s = state.service;
  const items: MenuItem[] = [];
  const secs = startingSeconds(s, now);
  if (secs !== undefined) {
    items.push({ type: 'label', id: 'gateway:starting', label: `Starting gateway… (${secs} s)` });
  }
  const words = {
    install: 'Install gateway service',
    restart: 'Restart gateway',
    stop: 'Stop gateway',
    start: 'Start gateway',
  };
  for (const action of offeredServiceActions(s))
    items.push(act(`gateway:${action}`, words[action], { kind: 'service', action }));
  items.push(act('gateway:reconnect', 'Reconnect', { kind: 'reconnect' }));
  return items;
}

export function trayMenu(state: AppState, now: number = Date.now()): MenuItem[] {
  const connected = state.connection.kind === 'connected';
  const items: MenuItem[] = [{ type: 'label', id: 'status', label: statusLine(state) }];
  if (state.connection.kind === 'needs-pairing') {
    items.push({ type: 'label', id: 'status:command', label: `Approve with: ${state.connection.command}` });
  }
  const shown = state.inbox.filter((i) => !ignored(i));
  const ignoredCount = state.inbox.length - shown.length;
  items.push({ type: 'separator', id: 'sep:pending' });
  if (shown.length) {
    items.push({ type: 'label', id: 'pending:title', label: `Pending requests (${shown.length})` });
    for (const i of shown) items.push(pendingItem(i, connected));
  } else {
    items.push({ type: 'label', id: 'pending:none', label: 'No pending requests' });
  }
  if (ignoredCount) {
    items.push(
      act('pending:ignored', `Ignored requests (${ignoredCount})…`, { kind: 'open-panel', view: 'pending' }),
    );
  }
  items.push({ type: 'separator', id: 'sep:devices' });
  items.push({
    type: 'submenu',
    id: 'devices',
    label: `Paired devices (${state.devices.length})`,
    items: state.devices.length
      ? state.devices.map((d) => deviceItem(d, connected))
      : [{ type: 'label', id: 'devices:none', label: 'No paired devices' }],
  });
  items.push({ type: 'separator', id: 'sep:gateway' });
  items.push(...gatewayItems(state, now));
  items.push({ type: 'separator', id: 'sep:app' });
  items.push(act('app:open', 'Open Clawbar…', { kind: 'open-panel' }));
  items.push(act('app:history', 'History…', { kind: 'open-panel', view: 'history' }));
  items.push(act('app:preferences', 'Preferences…', { kind: 'open-panel', view: 'settings' }));
  items.push(act('app:quit', 'Quit Clawbar', { kind: 'quit' }));
  return items;
}

export function trayIcon(state: AppState, now: number = Date.now()): TrayIconModel {
  const c = state.connection;
  const pending = activeItems(state).length;
  const badge = pending > 0 ? String(pending) : undefined;
  const secs = startingSeconds(state.service, now);
  const parts = [`Clawbar: ${statusLine(state)}`];
  if (secs !== undefined) parts.push(`starting gateway… (${secs} s)`);
  if (pending) parts.push(`${pending} pending request${pending === 1 ? '' : 's'}`);
  const tooltip = parts.join(' · ');
  const icon: TrayIconModel['icon'] =
    c.kind === 'connected'
      ? pending > 0
        ? 'attention'
        : 'connected'
      : (c.kind === 'auth-failed' && setupStep(state) === undefined) || c.kind === 'protocol-mismatch'
        ? 'error'
        : c.kind === 'needs-pairing'
          ? 'attention'
          : c.kind === 'stopped' ||
              (!state.service.running && state.service.mode !== 'none' && secs === undefined)
            ? 'stopped'
            : 'disconnected';
  return { icon, ...(badge !== undefined ? { badge } : {}), tooltip };
}
