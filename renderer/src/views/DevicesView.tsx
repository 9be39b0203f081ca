// Paired devices: search, details, and the actions on a device record (confirmation for destructive ones).
import { useEffect, useState } from 'react';
import type { DeviceView, InboxItem, TokenView } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { dateTime, relativeAge, seconds } from '../format.ts';
import { MutedList } from '../inbox/MutedList.tsx';
import { ResultLines, useAction, useResults } from '../results.tsx';

export function matchesSearch(d: DeviceView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [d.displayName, d.label, d.deviceId, d.platform, d.clientId, d.clientMode, ...d.roles]
    .filter((v): v is string => typeof v === 'string')
    .some((v) => v.toLowerCase().includes(q));
}

function deviceName(d: DeviceView): string {
  return d.label || d.displayName || d.deviceId.slice(0, 12);
}

function TokenItem({
  device,
  token,
  run,
  disabled,
}: {
  device: DeviceView;
  token: TokenView;
  run: Runner;
  disabled: boolean;
}) {
  const name = deviceName(device);
  const bridge = useBridge();
  const revoked = token.revokedAtMs !== undefined;
  const dates = [
    `created ${dateTime(token.createdAtMs)}`,
    token.rotatedAtMs !== undefined && `rotated ${dateTime(token.rotatedAtMs)}`,
    token.lastUsedAtMs !== undefined ? `last used ${dateTime(token.lastUsedAtMs)}` : 'never used',
  ].filter(Boolean);
  return (
    <li className={`token${revoked ? ' revoked' : ''}`} aria-label={`${token.role} token`}>
      <div>
        <strong>{token.role}</strong>{' '}
        <span className={revoked ? 'tone-error' : 'tone-ok'}>
          {revoked ? `revoked ${dateTime(token.revokedAtMs)}` : 'active'}
        </span>
      </div>
      <div className="small-text">{token.scopes.join(', ') || 'no scopes'}</div>
      <div className="small-text muted">{dates.join(' · ')}</div>
      <div className="actions">
        <ConfirmButton
          label="Rotate"
          ariaLabel={`Rotate ${token.role} token of ${name}`}
          title={`Rotate the ${token.role} token of ${name}?`}
          message={<p>The device gets a new token; the old one stops working. It must reconnect.</p>}
          confirmLabel="Rotate"
          disabled={disabled}
          onConfirm={() =>
            void run(`Rotate ${token.role} token of ${name}`, () =>
              bridge.rotateToken(device.deviceId, token.role),
            )
          }
        />
        <ConfirmButton
          label="Revoke"
          ariaLabel={`Revoke ${token.role} token of ${name}`}
          title={`Revoke the ${token.role} token of ${name}?`}
          message={<p>The device can no longer connect as {token.role} until it is paired again.</p>}
          confirmLabel="Revoke"
          danger
          disabled={disabled || revoked}
          onConfirm={() =>
            void run(`Revoke ${token.role} token of ${name}`, () =>
              bridge.revokeToken(device.deviceId, token.role),
            )
          }
        />
      </div>
    </li>
  );
}

type Runner = ReturnType<typeof useAction>['run'];

function RenameForm({ device, run, onDone }: { device: DeviceView; run: Runner; onDone: () => void }) {
  const bridge = useBridge();
  const [label, setLabel] = useState(deviceName(device));
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(`Rename ${deviceName(device)}`, () =>
          bridge.renameDevice(device.deviceId, label.trim()),
        ).then((r) => r.ok && onDone());
      }}
    >
      <label>
        New name
        <input value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={80} />
      </label>
      <button type="submit" className="primary" disabled={!label.trim()}>
        Save name
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function DeviceDetails({ device, features, now }: { device: DeviceView; features: string[]; now: number }) {
  const action = useAction(`device:${device.deviceId}`);
  const [renaming, setRenaming] = useState(false);
  const name = deviceName(device);
  const bridge = useBridge();
  const resetting = device.resetting && device.resetting.until > now ? device.resetting : undefined;
  const disabled = action.busy !== null || resetting !== undefined;
  return (
    <div className="device-body">
      <dl className="facts">
        <dt>Device ID</dt>
        <dd>
          <code className="wrap">{device.deviceId}</code>
        </dd>
        {device.label && device.label !== device.displayName && (
          <>
            <dt>Reported name</dt>
            <dd>{device.displayName}</dd>
          </>
        )}
        <dt>Client</dt>
        <dd>{[device.platform, device.clientId, device.clientMode].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>Roles</dt>
        <dd>{device.roles.join(', ') || '—'}</dd>
        <dt>Paired</dt>
        <dd>{dateTime(device.approvedAtMs ?? device.createdAtMs)}</dd>
        <dt>Last seen</dt>
        <dd>
          {device.connected
            ? 'connected now'
            : device.lastSeenAtMs !== undefined
              ? relativeAge(device.lastSeenAtMs, now)
              : '—'}
        </dd>
      </dl>
      <h4>Scopes</h4>
      {device.scopeLines.length ? (
        <ul className="scope-list">
          {device.scopeLines.map((l) => (
            <li key={l.scope} className={`scope risk-${l.risk}`}>
              <span className="scope-label">{l.label}</span> <code className="scope-name">{l.scope}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No scopes</p>
      )}
      <h4>Tokens</h4>
      {device.tokens.length ? (
        <ul className="tokens">
          {device.tokens.map((t) => (
            <TokenItem key={t.role} device={device} token={t} run={action.run} disabled={disabled} />
          ))}
        </ul>
      ) : (
        <p className="muted">No tokens</p>
      )}
      {resetting && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> Resetting: waiting for {name} to ask again (
          {seconds(resetting.until - now)} left)…
        </p>
      )}
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      {renaming ? (
        <RenameForm device={device} run={action.run} onDone={() => setRenaming(false)} />
      ) : (
        <div className="actions">
          {features.includes('device.pair.rename') && (
            <button
              type="button"
              aria-label={`Rename ${name}`}
              disabled={disabled}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
          )}
          <ConfirmButton
            label="Reset & re-approve"
            ariaLabel={`Reset and re-approve ${name}`}
            title={`Reset ${name}?`}
            message={
              <p>
                Clawbar removes the pairing of {name} and waits for it to ask again. If it asks for exactly
                what it had
                {device.scopeLines.length > 0 &&
                  ` (${device.scopeLines.map((l) => l.label).join(', ')})`}{' '}
                with the same key, Clawbar approves it again; if it asks for more, less or anything else,
                nothing is approved and its request waits for you under Pending.
                {device.isClawbar && ' This is Clawbar itself: it will disconnect and pair again.'}
              </p>
            }
            confirmLabel="Reset"
            disabled={disabled}
            onConfirm={() =>
              void action.run(`Reset ${name}`, () =>
                bridge.resetDevice(device.deviceId, device.revision ?? 0),
              )
            }
          />
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove ${name}`}
            title={`Remove ${name}?`}
            message={
              <p>
                {name} loses access and is disconnected. It can ask to pair again.
                {device.isClawbar &&
                  ' This is Clawbar itself: Clawbar will disconnect and need approval again.'}
              </p>
            }
            confirmLabel="Remove"
            danger
            disabled={disabled}
            onConfirm={() => void action.run(`Remove ${name}`, () => bridge.removeDevice(device.deviceId))}
          />
        </div>
      )}
    </div>
  );
}

export interface DeviceFocus {
  deviceId: string;
  seq: number;
}

export function DevicesView({
  devices,
  inbox,
  features,
  now,
  focus,
  onFocused,
}: {
  devices: DeviceView[];
  inbox: InboxItem[];
  features: string[];
  now: number;
  focus: DeviceFocus | null;
  onFocused: () => void;
}) {
  const [query, setQuery] = useState('');
  // A tray "Details…" (or a focus request) opens that device's row and moves the focus there.
  useEffect(() => {
    if (!focus) return;
    const row = document.querySelector<HTMLDetailsElement>(
      `details.device[data-device-id="${CSS.escape(focus.deviceId)}"]`,
    );
    if (!row) return; // not listed (yet): the next state may bring it
    row.open = true;
    row.scrollIntoView({ block: 'nearest' });
    row.querySelector<HTMLElement>('summary')?.focus();
    onFocused();
  }, [focus, devices, onFocused]);
  const shown = devices.filter((d) => matchesSearch(d, query));
  const { entries, dismiss } = useResults();
  // A removed device's row is gone; its result stays visible here.
  const present = new Set(devices.map((d) => `device:${d.deviceId}`));
  const orphaned = entries.filter((e) => e.key.startsWith('device:') && !present.has(e.key));
  return (
    <section aria-label="Paired devices">
      <MutedList inbox={inbox} now={now} />
      <ResultLines entries={orphaned} onDismiss={dismiss} />
      <input
        type="search"
        className="search"
        placeholder="Search devices"
        aria-label="Search devices"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {shown.length === 0 ? (
        <p className="empty">
          {devices.length === 0 ? 'No paired devices yet.' : `No device matches “${query}”.`}
        </p>
      ) : (
        <ul className="devices">
          {shown.map((d) => (
            <li key={d.deviceId}>
              <details className="device" data-device-id={d.deviceId}>
                <summary>
                  <span className={`dot ${d.connected ? 'tone-ok' : 'tone-idle'}`} aria-hidden="true" />
                  <span className="device-name">{deviceName(d)}</span>
                  {d.isClawbar && <span className="badge">This is Clawbar</span>}
                  <span className="muted small-text">
                    {d.connected
                      ? 'connected'
                      : d.lastSeenAtMs !== undefined
                        ? `seen ${relativeAge(d.lastSeenAtMs, now)}`
                        : ''}
                  </span>
                </summary>
                <DeviceDetails device={d} features={features} now={now} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
