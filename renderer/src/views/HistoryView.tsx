// The audit log, newest first, in words.
import { useEffect, useState } from 'react';
import type { AppState, HistoryEntry } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { dateTime } from '../format.ts';
import { PlainText } from '../plainTextView.tsx';
import { errorMessage } from '../../../electron/core/contract/errors.ts';
import { ApprovalHistoryEntry } from './ApprovalHistoryEntry.tsx';

const ACTION_WORD: Record<HistoryEntry['action'], string> = {
  approve: 'Approved',
  reject: 'Rejected',
  remove: 'Removed',
  reset: 'Reset',
  rotate: 'Rotated token of',
  revoke: 'Revoked token of',
  rename: 'Renamed',
  mute: 'Muted',
  'not-now': 'Snoozed',
  observed: 'Saw',
};

const BY_WORD: Record<HistoryEntry['by'], string> = {
  user: 'by you',
  'other-client': 'by another client',
  gateway: 'by the gateway',
};

export function newestFirst(entries: HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => b.ts - a.ts);
}

export const HISTORY_LIMIT = 200;

export function HistoryView({ state }: { state: AppState }) {
  const bridge = useBridge();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Reload whenever the state changes: every action that writes history also changes the state.
  useEffect(() => {
    let live = true;
    bridge
      .getHistory(HISTORY_LIMIT)
      .then((list) => {
        if (!live) return;
        setEntries(newestFirst(list));
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [bridge, state]);
  return (
    <section aria-label="History">
      {error && (
        <p className="result error" role="alert">
          Could not load the history: {error}
        </p>
      )}
      {entries === null && !error && <p className="muted">Loading…</p>}
      {entries?.length === 0 && <p className="empty">Nothing has happened yet.</p>}
      {entries && entries.length > 0 && (
        <ol className="history">
          {entries.map((e, i) =>
            e.approvalKind ? (
              <ApprovalHistoryEntry key={`${e.ts}-${e.approvalId ?? ''}-${i}`} e={e} />
            ) : (
              <li
                key={`${e.ts}-${e.deviceId}-${i}`}
                className={`history-entry action-${e.action}${e.critical ? ' critical' : ''}`}
              >
                <div className="history-line">
                  <strong>
                    {/* The record's own title says what happened ("Approval refused"), never a bare verb. */}
                    {e.title ?? ACTION_WORD[e.action]} {e.displayName ?? e.deviceId.slice(0, 12)}
                  </strong>{' '}
                  {e.critical && <span className="tag risk-critical">full control</span>}{' '}
                  <span className="muted">{BY_WORD[e.by]}</span>
                  <time className="muted small-text" dateTime={new Date(e.ts).toISOString()}>
                    {dateTime(e.ts)}
                  </time>
                </div>
                <div className="history-outcome">
                  <PlainText text={e.outcome} />
                  {e.latencyMs !== undefined && <span className="muted"> · took {e.latencyMs} ms</span>}
                </div>
                {(e.scopesBefore || e.scopesAfter) && (
                  <div className="small-text">
                    Scopes: {e.scopesBefore?.join(', ') || 'none'} → {e.scopesAfter?.join(', ') || 'none'}
                  </div>
                )}
                {e.detail && (
                  <div className="small-text muted">
                    <PlainText text={e.detail} />
                  </div>
                )}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
