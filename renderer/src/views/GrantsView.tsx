// Standing grants (what "Always allow" on an automation's approval minted), with Revoke. Shown only
// where the connected gateway has the methods (AppState.features), never decided by version.
import { useCallback, useEffect, useState } from 'react';
import type { GrantView } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { dateTime } from '../format.ts';
import { ResultLines, useAction } from '../results.tsx';

export const GRANT_METHODS = ['exec.approval.grants.list', 'exec.approval.grants.revoke'];

export function hasGrants(features: readonly string[]): boolean {
  return GRANT_METHODS.every((m) => features.includes(m));
}

export function GrantsView({ features }: { features: readonly string[] }) {
  const bridge = useBridge();
  const action = useAction('grants');
  const [grants, setGrants] = useState<GrantView[] | null>(null);
  const shown = hasGrants(features);
  const load = useCallback(() => {
    void bridge
      .listGrants()
      .then(setGrants)
      .catch(() => setGrants([]));
  }, [bridge]);
  useEffect(() => {
    if (shown) load();
  }, [shown, load]);
  if (!shown) return null;
  return (
    <section className="grants" aria-label="Standing grants">
      <h3>Commands always allowed</h3>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      {grants === null ? (
        <p className="muted small-text">Loading…</p>
      ) : grants.length === 0 ? (
        <p className="muted small-text">No command is always allowed.</p>
      ) : (
        <ul>
          {grants.map((g) => (
            <li key={g.grantId}>
              <code className="command">{g.command}</code>
              <span className="muted small-text">
                {g.automation && ` ${g.automation}`}
                {g.agent && ` · agent ${g.agent}`}
                {g.createdAt !== undefined && ` · since ${dateTime(g.createdAt)}`}
                {g.useCount !== undefined && ` · used ${g.useCount}×`}
              </span>
              <button
                type="button"
                className="small"
                disabled={action.busy !== null}
                onClick={() =>
                  void action.run('Revoke', () => bridge.revokeGrant(g.grantId)).then(() => load())
                }
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
