// The gateway's status: version, protocol, how long connected, health, and what to do when it is not fine.
import type { AppState } from '../../../electron/core/contract/contract.ts';
import { describeConnection } from '../connection.ts';
import { duration } from '../format.ts';
import { useAction, ResultLines } from '../results.tsx';
import { currentBridge } from '../bridgeAccess.ts';
import { CopyCommand } from './CopyCommand.tsx';

export function health(state: AppState): { label: string; tone: 'ok' | 'warn' | 'error' } {
  const c = state.connection;
  const errors = state.service.findings.filter((f) => f.severity === 'error').length;
  const warnings = state.service.findings.filter((f) => f.severity === 'warning').length;
  if (c.kind !== 'connected') return { label: 'Not connected', tone: 'error' };
  if (errors > 0)
    return { label: `${errors} problem${errors === 1 ? '' : 's'} found – see Settings`, tone: 'error' };
  if (warnings > 0)
    return { label: `${warnings} warning${warnings === 1 ? '' : 's'} – see Settings`, tone: 'warn' };
  if (state.secrets.state !== 'ok')
    return { label: state.secrets.message ?? 'Keychain unavailable', tone: 'warn' };
  return { label: 'Healthy', tone: 'ok' };
}

/** `compact` (first run): only the headline; the setup steps show the details and what to do. */
export function StatusHeader({
  state,
  now,
  compact = false,
}: {
  state: AppState;
  now: number;
  compact?: boolean;
}) {
  const c = state.connection;
  const summary = describeConnection(c, now);
  const reconnect = useAction('header:reconnect');
  const h = health(state);
  return (
    <header className={`status status-${summary.tone}`} aria-label="Gateway status">
      <div className="status-line">
        <span className={`dot tone-${summary.tone}`} aria-hidden="true" />
        <h1 className={`tone-${summary.tone}`}>{summary.title}</h1>
        {summary.canReconnect && (
          <button
            type="button"
            className="small"
            disabled={reconnect.busy !== null}
            onClick={() => void reconnect.run('Reconnect', () => currentBridge()!.reconnect())}
          >
            {reconnect.busy ? 'Reconnecting…' : 'Reconnect'}
          </button>
        )}
      </div>
      {c.kind === 'connected' ? (
        <dl className="facts">
          <dt>Gateway</dt>
          <dd>{c.serverVersion}</dd>
          <dt>Protocol</dt>
          <dd>{c.protocol}</dd>
          {/* A duration, not a date: the first screen then needs no Intl formatter (tens of ms to make). */}
          <dt>Connected for</dt>
          <dd>
            <time dateTime={new Date(c.connectedSince).toISOString()}>
              {duration(now - c.connectedSince)}
            </time>
          </dd>
          <dt>Health</dt>
          <dd className={`tone-${h.tone}`}>{h.label}</dd>
        </dl>
      ) : (
        !compact && summary.detail && <p className="detail">{summary.detail}</p>
      )}
      {!compact && summary.command && <CopyCommand command={summary.command} label="Approval command" />}
      {!compact && summary.nextStep && <p className="next-step">{summary.nextStep}</p>}
      <ResultLines entries={reconnect.results} onDismiss={reconnect.dismiss} />
    </header>
  );
}
