// A command the user must run by hand, shown exactly, with a Copy button.
import { useRef, useState } from 'react';

async function copyText(text: string, fallbackFrom: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no permission / not focused): select the text so ⌘C works.
    if (fallbackFrom) {
      const range = document.createRange();
      range.selectNodeContents(fallbackFrom);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    return false;
  }
}

export function CopyCommand({ command, label = 'Command' }: { command: string; label?: string }) {
  const codeRef = useRef<HTMLElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="command">
      <code ref={codeRef} aria-label={label}>
        {command}
      </code>
      <button
        type="button"
        aria-label={`Copy ${label.toLowerCase()}`}
        onClick={() => {
          void copyText(command, codeRef.current).then((ok) => setStatus(ok ? 'copied' : 'failed'));
        }}
      >
        {status === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="visually-hidden" role="status">
        {status === 'copied'
          ? 'Copied to the clipboard'
          : status === 'failed'
            ? 'Copy failed: the text is selected, press ⌘C'
            : ''}
      </span>
    </div>
  );
}
