// Entering or importing the gateway token. Import shows where the token would come from first and, for an
// exec SecretRef, the exact command that would run: nothing runs before the user confirms it.
import { useState } from 'react';
import type { SecretsView, TokenImportPreview } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { ResultLines, useAction } from '../results.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { errorMessage } from '../../../electron/core/contract/errors.ts';

const SOURCE_WORD: Record<NonNullable<SecretsView['tokenSource']>, string> = {
  typed: 'entered by you',
  config: 'imported from the OpenClaw config',
  env: 'from the environment',
};

export function TokenStatus({ secrets }: { secrets: SecretsView }) {
  return (
    <p className={secrets.tokenPresent ? 'tone-ok' : 'tone-warn'}>
      {secrets.tokenPresent
        ? `A gateway token is stored in the keychain${secrets.tokenSource ? ` (${SOURCE_WORD[secrets.tokenSource]})` : ''}.`
        : 'No gateway token is stored yet.'}
      {secrets.state !== 'ok' && (
        <span className="tone-error"> Keychain: {secrets.message ?? secrets.state}.</span>
      )}
    </p>
  );
}

export function TokenEntry({ present }: { present: boolean }) {
  const bridge = useBridge();
  const action = useAction('settings:token');
  const [token, setToken] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = token.trim();
        void action
          .run(present ? 'Replace token' : 'Save token', () => bridge.setToken(value))
          .then((r) => {
            if (r.ok) setToken('');
          });
      }}
    >
      <label>
        {present ? 'New gateway token' : 'Gateway token'}
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={!token.trim() || action.busy !== null}>
        {present ? 'Replace token' : 'Save token'}
      </button>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
    </form>
  );
}

export function TokenImport() {
  const bridge = useBridge();
  const action = useAction('settings:import');
  const [preview, setPreview] = useState<TokenImportPreview | null>(null);
  const [looking, setLooking] = useState(false);
  const look = async () => {
    setLooking(true);
    setPreview(null);
    try {
      setPreview(await bridge.previewTokenImport());
    } catch (err) {
      setPreview({
        found: false,
        message: `Could not look for a token: ${errorMessage(err)}`,
      });
    } finally {
      setLooking(false);
    }
  };
  const confirm = (p: TokenImportPreview) =>
    void action
      // An exec import is confirmed by the digest of everything the preview showed: any change refuses it.
      .run('Import token', () => bridge.importToken(p.kind === 'exec' ? (p.confirmation ?? null) : null))
      .then((r) => r.ok && setPreview(null));
  return (
    <div className="token-import">
      <button type="button" disabled={looking} onClick={() => void look()}>
        {looking ? 'Looking…' : 'Find the token in OpenClaw’s config'}
      </button>
      {preview && (
        <div className="preview" role="region" aria-label="Token import preview">
          <p>{preview.message}</p>
          {preview.found && (
            <>
              {preview.source && (
                <p className="muted">
                  Where: <code className="wrap">{preview.source}</code>
                </p>
              )}
              {preview.gatewayUrl && (
                <p>
                  For the gateway at <code className="wrap">{preview.gatewayUrl}</code>
                </p>
              )}
              {preview.kind === 'exec' && preview.command && (
                <>
                  <p>Importing runs this command once to read the token:</p>
                  <pre className="command-preview" aria-label="Command that will run">
                    {preview.command}
                  </pre>
                  {preview.env && preview.env.length > 0 && (
                    <>
                      <p>with these variables set by the config:</p>
                      <pre className="command-preview" aria-label="Environment it adds">
                        {preview.env.map((v) => `${v.name}=${v.value}`).join('\n')}
                      </pre>
                    </>
                  )}
                  {preview.passEnv && preview.passEnv.length > 0 && (
                    <p>
                      and these passed on from Clawbar’s environment:{' '}
                      <code className="wrap" aria-label="Variables passed through">
                        {preview.passEnv.join(', ')}
                      </code>
                    </p>
                  )}
                </>
              )}
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  disabled={action.busy !== null}
                  onClick={() => confirm(preview)}
                >
                  {preview.kind === 'exec' ? 'Run this command and import' : 'Import this token'}
                </button>
                <button type="button" onClick={() => setPreview(null)}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      )}
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
    </div>
  );
}

export function ForgetToken() {
  const bridge = useBridge();
  const action = useAction('settings:forget-token');
  return (
    <>
      <ConfirmButton
        label="Forget token"
        title="Forget the gateway token?"
        message={
          <p>
            Clawbar deletes the token from the keychain and disconnects until you enter or import one again.
          </p>
        }
        confirmLabel="Forget token"
        danger
        disabled={action.busy !== null}
        onConfirm={() => void action.run('Forget token', () => bridge.forgetToken())}
      />
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
    </>
  );
}
