// Renders a message in plain words, with its codes in a small details line (see plainText.ts).
import { plainMessage } from './plainText.ts';

export function PlainText({ text, details = [] }: { text: string; details?: string[] }) {
  const m = plainMessage(text, details);
  return (
    <>
      <span className="plain">
        {m.parts.map((p, i) => (p.code ? <code key={i}>{p.text}</code> : <span key={i}>{p.text}</span>))}
      </span>
      {m.details.length > 0 && <small className="details">Details: {m.details.join(' · ')}</small>}
    </>
  );
}
