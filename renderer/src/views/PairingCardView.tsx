// One pending decision per device: who asks, what it would gain, and the four answers.
import type { CardKind, PairingCard, ScopeLine } from '../../../electron/core/contract/contract.ts';
import { currentBridge } from '../bridgeAccess.ts';
import { clock, plural, relativeAge, timeOfDay } from '../format.ts';
import { ResultLines, useAction } from '../results.tsx';

export const KIND_LABEL: Record<CardKind, string> = {
  'new-device': 'New device',
  'scope-upgrade': 'Scope upgrade',
  'role-upgrade': 'Role upgrade',
  'metadata-change': 'Metadata change',
};

const BUSY_LABEL = { approving: 'Approving…', rejecting: 'Rejecting…', resetting: 'Resetting…' } as const;

/** Every scope the live request asks for, split into already allowed and added (nothing hidden). */
export function scopeDiff(card: PairingCard): { allowed: ScopeLine[]; adds: ScopeLine[] } {
  const known = new Set([...card.alreadyAllowed, ...card.adds].map((l) => l.scope));
  const unlisted = card.scopes
    .filter((s) => !known.has(s))
    .map((scope): ScopeLine => ({ scope, label: scope, risk: 'medium' }));
  return { allowed: card.alreadyAllowed, adds: [...card.adds, ...unlisted] };
}

function ScopeList({ lines, added }: { lines: ScopeLine[]; added: boolean }) {
  return (
    <ul className="scope-list">
      {lines.map((l) => (
        <li key={l.scope} className={`scope risk-${l.risk}${added ? ' added' : ''}`}>
          <span className="scope-label">{l.label}</span> <code className="scope-name">{l.scope}</code>
          {added && l.risk !== 'low' && (
            <span className="risk-tag">{l.risk === 'critical' ? 'full control' : `${l.risk} risk`}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function PairingCardView({ card, now }: { card: PairingCard; now: number }) {
  const action = useAction(`card:${card.deviceId}`);
  const bridge = () => currentBridge()!;
  const name = card.requester.displayName || card.deviceId.slice(0, 12);
  const { allowed, adds } = scopeDiff(card);
  const remaining = card.expiresAt - now;
  const busyText = card.busy ? BUSY_LABEL[card.busy] : action.busy;
  const disabled = busyText !== null && busyText !== undefined;
  const headingId = `card-${card.deviceId}-title`;
  const r = card.requester;
  const client = [r.clientId, r.clientMode].filter(Boolean).join(' · ');
  return (
    <article
      className={`card risk-${card.risk}${card.snoozed ? ' snoozed' : ''}`}
      aria-labelledby={headingId}
      aria-busy={disabled}
      data-device-id={card.deviceId}
      tabIndex={-1}
    >
      <header className="card-head">
        <h3 id={headingId}>{name}</h3>
        <span className={`kind kind-${card.kind}`}>{KIND_LABEL[card.kind]}</span>
      </header>
      <p className="who">
        {r.location}
        {r.platform && ` · ${r.platform}`}
        {client && ` · ${client}`}
        {` · role ${card.role}`}
        {r.remoteIp && r.location !== 'this Mac' && ` · ${r.remoteIp}`}
      </p>
      {r.internalHint && <p className="hint">{r.internalHint}</p>}
      <div className="diff" aria-label={`Scopes: ${card.scopeSummary}`}>
        <div>
          <h4>Already allowed</h4>
          {allowed.length ? (
            <ScopeList lines={allowed} added={false} />
          ) : (
            <p className="muted">Nothing yet</p>
          )}
        </div>
        <div>
          <h4>Adds</h4>
          {adds.length ? <ScopeList lines={adds} added /> : <p className="muted">No new scopes</p>}
        </div>
      </div>
      <p className="meta">
        <span>Asked {relativeAge(card.firstSeenAt, now)}</span>
        <span className={remaining < 60_000 ? 'expiring' : undefined}>
          {remaining > 0 ? `Expires in ${clock(remaining)}` : 'Expired – the device must ask again'}
        </span>
        {card.retries > 0 && <span>{plural(card.retries, 'retry', 'retries')}</span>}
        {card.supersedes > 0 && <span>replaced its request {plural(card.supersedes, 'time')}</span>}
        {card.snoozed && <span>Not now – quiet until something changes</span>}
        {card.mutedUntil !== undefined && card.mutedUntil > now && (
          <span>Muted until {timeOfDay(card.mutedUntil)}</span>
        )}
      </p>
      {card.notice && (
        <p className="card-notice" role="alert">
          {card.notice}
        </p>
      )}
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      <div className="actions">
        <button
          type="button"
          className={`primary${card.risk === 'critical' ? ' critical' : ''}`}
          disabled={disabled}
          onClick={() =>
            void action.run(`Approve ${name}`, () =>
              bridge().approve({
                deviceId: card.deviceId,
                publicKey: card.publicKey,
                role: card.role,
                scopes: [...card.scopes],
              }),
            )
          }
        >
          {busyText ?? 'Approve'}
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            void action.run(`Reject ${name}`, () => bridge().reject(card.deviceId, card.requestId))
          }
        >
          Reject
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => void action.run(`Not now for ${name}`, () => bridge().notNow(card.deviceId))}
        >
          Not now
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => void action.run(`Mute ${name} for 1 hour`, () => bridge().mute(card.deviceId, 60))}
        >
          Mute 1 h
        </button>
      </div>
    </article>
  );
}
