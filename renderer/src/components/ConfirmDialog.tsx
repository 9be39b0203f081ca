// The core's questions when the panel runs in a browser on the browser host (development only; the app
// asks natively in the main process). One modal at a time: Cancel is focused, Esc cancels, and only the
// confirming button answers yes.
import { useEffect, useId, useRef, useState } from 'react';
import type { ConfirmPrompt } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';

export function ConfirmDialog() {
  const bridge = useBridge();
  const [queue, setQueue] = useState<ConfirmPrompt[]>([]);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const prompt = queue[0];

  useEffect(() => bridge.on('confirm', (p) => setQueue((q) => [...q, p])), [bridge]);
  useEffect(() => {
    const d = dialogRef.current;
    if (!d) return;
    if (prompt && !d.open) d.showModal();
    if (!prompt && d.open) d.close();
  }, [prompt]);

  const answer = (ok: boolean) => {
    if (!prompt) return;
    setQueue((q) => q.slice(1));
    void bridge.answerConfirm(prompt.id, ok).catch(() => undefined);
  };

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        // Esc: answer no and keep the element under our control.
        e.preventDefault();
        answer(false);
      }}
    >
      {prompt && (
        <>
          <h2 id={titleId}>{prompt.title}</h2>
          <p id={bodyId}>{prompt.message}</p>
          <div className="actions">
            <button type="button" autoFocus onClick={() => answer(false)}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => answer(true)}>
              {prompt.confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
