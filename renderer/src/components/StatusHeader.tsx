// The gateway's status: version, protocol, how long connected, health, and what to do when it is not fine.
import type { AppState } from '../../../electron/core/contract/contract.ts';
import { setupStep } from '../../../electron/core/contract/setupStep.ts';
import { describeConnection, type ConnectionSummary } from '../connection.ts';
import { duration, seconds } from '../format.ts';
import { useAction, ResultLines } from '../results.tsx';
import { useBridge } from '../bridgeContext.tsx';
import { CopyCommand } from './CopyCommand.tsx';
import { PlainText } from '../plainTextView.tsx';

/** The health fact: short enough for the header's narrow column; `inSettings` when Settings says more. */
export function health(state: AppState): {
  label: string;
  tone: 'ok' | 'warn' | 'error';
  inSettings?: boolean;
} {
  const c = state.connection;
  const errors = state.service.findings.filter((f) => f.severity === 'error').length;
  const warnings = state.service.findings.filter((f) => f.severity === 'warning').length;
  if (c.kind !== 'connected')
    return { label: 'Not connected', tone: state.secrets.tokenPresent ? 'error' : 'warn' };
  if (errors > 0)
    return { label: `${errors} problem${errors === 1 ? '' : 's'}`, tone: 'error', inSettings: true };
  if (warnings > 0)
    return { label: `${warnings} warning${warnings === 1 ? '' : 's'}`, tone: 'warn', inSettings: true };
  if (state.secrets.state !== 'ok')
    return { label: state.secrets.message ?? 'Keychain unavailable', tone: 'warn' };
  return { label: 'Healthy', tone: 'ok' };
}

/**
 * What the header says, with what the app knows beyond the connection: a gateway Clawbar is starting
 * is "starting", not "not running"; with no token stored yet the refusal is the setup step still to
 * do, not a failure (nothing red before the person has done anything).
 */
export function headerSummary(state: AppState, now: number): ConnectionSummary {
  const c = state.connection;
  const starting = state.service.startingSince;
  if (starting !== undefined && c.kind !== 'connected' && c.kind !== 'needs-pairing')
    return {
      tone: 'busy',
      title: 'Starting the gateway…',
      detail: `The gateway is starting (${seconds(now - starting)}); Clawbar connects as soon as it answers.`,
      canReconnect: false,
    };
  const step = setupStep(state);
  if (step === 'token')
    return {
      tone: 'idle',
      title: 'Set up Clawbar',
      detail: 'The gateway answers; Clawbar needs its token to sign in.',
      nextStep: 'Give Clawbar the gateway token (step 2 of the setup).',
      canReconnect: false,
    };
  if (step === 'gateway')
    return { ...describeConnection(c, now), tone: 'idle', title: 'Looking for your gateway' };
  return describeConnection(c, now);
}

/**
 * `compact` (first run): only the headline; the setup steps show the details and what to do.
 * `onOpenSettings`: where the health line's "show" leads (Settings lists the findings).
 */
export function StatusHeader({
  state,
  now,
  compact = false,
  onOpenSettings,
}: {
  state: AppState;
  now: number;
  compact?: boolean;
  onOpenSettings?: () => void;
}) {
  const bridge = useBridge();
  const c = state.connection;
  const summary = headerSummary(state, now);
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
            onClick={() => void reconnect.run('Reconnect', () => bridge.reconnect())}
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
          <dd className={`tone-${h.tone}`}>
            {h.inSettings && onOpenSettings ? (
              <button type="button" className="link" onClick={onOpenSettings}>
                {h.label} – show
              </button>
            ) : (
              h.label
            )}
          </dd>
        </dl>
      ) : (
        !compact &&
        summary.detail && (
          <p className="detail">
            <PlainText text={summary.detail} details={summary.codes} />
          </p>
        )
      )}
      {!compact && summary.command && <CopyCommand command={summary.command} label="Approval command" />}
      {!compact && summary.nextStep && (
        <p className="next-step">
          <PlainText text={summary.nextStep} />
        </p>
      )}
      <ResultLines entries={reconnect.results} onDismiss={reconnect.dismiss} />
    </header>
  );
}
