// A card's scopes as compact chips: what it adds (loud) and what is already allowed (quiet). When the
// request changed while shown, scopes new in this revision are marked and scopes it dropped are listed.
import type { PairingCard, ScopeLine } from '../../../electron/core/contract/contract.ts';
import type { CardChange } from './revisionDiff.ts';

/** Every scope the live request asks for, split into already allowed and added (nothing hidden). */
export function scopeDiff(card: PairingCard): { allowed: ScopeLine[]; adds: ScopeLine[] } {
  const known = new Set([...card.alreadyAllowed, ...card.adds].map((l) => l.scope));
  const unlisted = card.scopes
    .filter((s) => !known.has(s))
    .map((scope): ScopeLine => ({ scope, label: scope, risk: 'medium' }));
  return { allowed: card.alreadyAllowed, adds: [...card.adds, ...unlisted] };
}

function riskTag(l: ScopeLine): string | null {
  if (l.risk === 'low') return null;
  return l.risk === 'critical' ? 'full control' : `${l.risk} risk`;
}

function Chips({ lines, added, fresh }: { lines: ScopeLine[]; added: boolean; fresh: Set<string> }) {
  return (
    <ul className="scope-list">
      {lines.map((l) => {
        const tag = added ? riskTag(l) : null;
        const isNew = fresh.has(l.scope);
        return (
          <li
            key={l.scope}
            className={`scope risk-${l.risk}${added ? ' added' : ''}${isNew ? ' changed' : ''}`}
            title={l.scope}
            data-scope={l.scope}
          >
            {/* In words; the scope's id is the tooltip (and the chip's id when it has no words). */}
            {l.label === l.scope ? (
              <code className="scope-name">{l.scope}</code>
            ) : (
              <span className="scope-label">{l.label}</span>
            )}
            {tag && <span className="risk-tag">{tag}</span>}
            {isNew && <span className="new-tag">new</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function CardScopes({ card, change }: { card: PairingCard; change: CardChange | null }) {
  const { allowed, adds } = scopeDiff(card);
  const fresh = new Set(change?.added ?? []);
  return (
    <div className="diff" aria-label={`Scopes: ${card.scopeSummary}`}>
      <div className="diff-row">
        <h4>Adds</h4>
        {adds.length ? <Chips lines={adds} added fresh={fresh} /> : <p className="muted">No new scopes</p>}
      </div>
      <div className="diff-row">
        <h4>Already allowed</h4>
        {allowed.length ? (
          <Chips lines={allowed} added={false} fresh={fresh} />
        ) : (
          <p className="muted">Nothing yet</p>
        )}
      </div>
      {change && change.removed.length > 0 && (
        <div className="diff-row">
          <h4>No longer asks</h4>
          <ul className="scope-list">
            {change.removed.map((s) => (
              <li key={s} className="scope removed" title={s} data-scope={s}>
                <del>{change.words[s] ?? s}</del>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
