// Text whose hidden characters were replaced by visible escapes (Clawbar's `␛`, `\u202E`, `\n`, or the
// 9.6 gateway's own `\u{1B}`): when the core says the text held such characters, each escape is marked
// so it cannot pass for part of the command. The text itself is unchanged (Copy copies what is shown).

/** Escapes as Clawbar's visibleText and the 9.6 gateway's sanitizer write them. */
const ESCAPE = /␛|\\u\{[0-9A-Fa-f]{1,6}\}|\\u[0-9A-Fa-f]{4}|\\[nrt]/g;

/** `text` split into plain runs and escape runs (the runs joined are exactly `text`). */
export function escapeRuns(text: string): { text: string; escape: boolean }[] {
  const runs: { text: string; escape: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(ESCAPE)) {
    if (m.index > last) runs.push({ text: text.slice(last, m.index), escape: false });
    runs.push({ text: m[0], escape: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), escape: false });
  return runs;
}

export function EscapedText({ text, marked }: { text: string; marked: boolean }) {
  if (!marked) return <>{text}</>;
  return (
    <>
      {escapeRuns(text).map((r, i) =>
        r.escape ? (
          <mark key={i} className="escape" title="A hidden character, shown as an escape">
            {r.text}
          </mark>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </>
  );
}
