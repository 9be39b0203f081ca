// Where the `openclaw` program is, when Clawbar cannot find it on the PATH (an install in a folder of
// its own, a login shell's PATH that apps do not get). Saved as a setting; the service re-checks.
import { useState } from 'react';
import { useBridge } from '../bridgeContext.tsx';
import { ResultLines, useAction } from '../results.tsx';

export function OpenClawPathForm() {
  const bridge = useBridge();
  const action = useAction('settings:openclaw-path');
  const [value, setValue] = useState('');
  return (
    <form
      className="inline-form"
      aria-label="OpenClaw program"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run('Set the OpenClaw path', () => bridge.updateSettings({ openclawPath: value.trim() }));
      }}
    >
      <label>
        Path to the openclaw program
        <input
          type="text"
          value={value}
          placeholder="/opt/homebrew/bin/openclaw"
          onChange={(e) => setValue(e.target.value)}
          spellCheck={false}
          required
        />
      </label>
      <button type="submit" disabled={!value.trim().startsWith('/') || action.busy !== null}>
        Use this path
      </button>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
    </form>
  );
}
