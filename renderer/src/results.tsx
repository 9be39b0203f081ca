// Outcomes of the user's actions. Kept above the views so that a result outlives the card or row it came
// from (an approved card disappears from the state) and an error is never lost until dismissed.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ActionResult } from '../../electron/core/contract/contract.ts';
import { errorMessage } from '../../electron/core/contract/errors.ts';

export interface ResultEntry {
  id: number;
  /** What the result belongs to, e.g. "card:<deviceId>", "device:<deviceId>", "settings:token". */
  key: string;
  label: string;
  result: ActionResult;
  at: number;
}

interface ResultsApi {
  entries: ResultEntry[];
  report: (key: string, label: string, result: ActionResult) => void;
  dismiss: (id: number) => void;
}

const ResultsContext = createContext<ResultsApi | null>(null);
let nextId = 1;

export function ResultsProvider({ children }: { children: ReactNode }) {
  const [entries, setEntries] = useState<ResultEntry[]>([]);
  const report = useCallback((key: string, label: string, result: ActionResult) => {
    const entry = { id: nextId++, key, label, result, at: Date.now() };
    // Keep the newest per key plus every unread error (capped).
    setEntries((old) => [entry, ...old.filter((e) => e.key !== key || !e.result.ok)].slice(0, 30));
  }, []);
  const dismiss = useCallback((id: number) => setEntries((old) => old.filter((e) => e.id !== id)), []);
  const api = useMemo(() => ({ entries, report, dismiss }), [entries, report, dismiss]);
  return <ResultsContext.Provider value={api}>{children}</ResultsContext.Provider>;
}

export function useResults(): ResultsApi {
  const api = useContext(ResultsContext);
  if (!api) throw new Error('useResults outside ResultsProvider');
  return api;
}

/** Calls the bridge; a thrown error (transport gone) becomes an ordinary failed result. */
export async function settle(call: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await call();
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** One action slot: which action is running and the results reported under `key`. */
export function useAction(key: string) {
  const { entries, report, dismiss } = useResults();
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (label: string, call: () => Promise<ActionResult>): Promise<ActionResult> => {
      setBusy(label);
      const result = await settle(call);
      report(key, label, result);
      setBusy(null);
      return result;
    },
    [key, report],
  );
  const mine = entries.filter((e) => e.key === key);
  return { busy, run, results: mine, dismiss };
}

export function resultText(e: ResultEntry): string {
  if (e.result.ok) return `${e.label}: ${e.result.message ?? 'done'}`;
  return `${e.label} failed: ${e.result.error}${e.result.code ? ` (${e.result.code})` : ''}`;
}

export function ResultLines({
  entries,
  onDismiss,
}: {
  entries: ResultEntry[];
  onDismiss: (id: number) => void;
}) {
  if (entries.length === 0) return null;
  return (
    <ul className="results">
      {entries.map((e) => (
        <li
          key={e.id}
          className={e.result.ok ? 'result ok' : 'result error'}
          role={e.result.ok ? 'status' : 'alert'}
        >
          <span>{resultText(e)}</span>
          <button
            type="button"
            className="link"
            aria-label={`Dismiss: ${resultText(e)}`}
            onClick={() => onDismiss(e.id)}
          >
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
