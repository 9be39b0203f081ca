// Outcomes of the user's actions: one line per thing acted on (a card, a device row, a settings form),
// replaced by the next action's result. Kept above the views so that a result survives the re-render that
// the action causes; the Pending screen clears a card's line when the card closes.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ActionResult } from '../../electron/core/contract/contract.ts';
import { errorMessage } from '../../electron/core/contract/errors.ts';
import { PlainText } from './plainTextView.tsx';

export interface ResultEntry {
  id: number;
  /** What the result belongs to, e.g. "card:<item key>@<first seen>", "device:<deviceId>", "settings:token". */
  key: string;
  label: string;
  result: ActionResult;
  at: number;
  /** The label already says how it went ("Not approved"): the line is the label and the reason. */
  said?: boolean;
}

interface ResultsApi {
  entries: ResultEntry[];
  report: (key: string, label: string, result: ActionResult, said?: boolean) => void;
  dismiss: (id: number) => void;
  /** Removes the lines of things that are gone (a closed card). */
  drop: (ids: number[]) => void;
}

const ResultsContext = createContext<ResultsApi | null>(null);
let nextId = 1;

export function ResultsProvider({ children }: { children: ReactNode }) {
  const [entries, setEntries] = useState<ResultEntry[]>([]);
  const report = useCallback((key: string, label: string, result: ActionResult, said = false) => {
    const entry = { id: nextId++, key, label, result, at: Date.now(), said };
    setEntries((old) => [entry, ...old.filter((e) => e.key !== key)].slice(0, 30));
  }, []);
  const dismiss = useCallback((id: number) => setEntries((old) => old.filter((e) => e.id !== id)), []);
  const drop = useCallback(
    (ids: number[]) => setEntries((old) => old.filter((e) => !ids.includes(e.id))),
    [],
  );
  const api = useMemo(() => ({ entries, report, dismiss, drop }), [entries, report, dismiss, drop]);
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

/** One action slot: which action is running and the result line reported under `key`. */
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
  /** A result the panel decides itself (an action it did not send, and why). */
  const tell = useCallback(
    (label: string, result: ActionResult) => report(key, label, result, true),
    [key, report],
  );
  const results = entries.filter((e) => e.key === key);
  return { busy, run, tell, results, dismiss };
}

/** The line's main text: what was done and how it went, in words (codes go to the details line). */
export function resultText(e: ResultEntry): string {
  if (e.result.ok) return `${e.label}: ${e.result.message ?? 'done'}`;
  return e.said ? `${e.label}: ${e.result.error}` : `${e.label} failed: ${e.result.error}`;
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
          <span className="result-text">
            <PlainText text={resultText(e)} details={!e.result.ok && e.result.code ? [e.result.code] : []} />
          </span>
          <button
            type="button"
            className="link"
            aria-label={`Dismiss: ${e.label}`}
            onClick={() => onDismiss(e.id)}
          >
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
