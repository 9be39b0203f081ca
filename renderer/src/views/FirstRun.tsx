// First run: find the gateway, get the token (import with consent, or paste), pair Clawbar itself.
import { useEffect, type ReactNode } from 'react';
import type { AppState } from '../../../electron/core/contract/contract.ts';
import { refusedByKeychain, refusedLocally } from '../../../electron/core/contract/refusal.ts';
import { useBridge } from '../bridgeContext.tsx';
import { CopyCommand } from '../components/CopyCommand.tsx';
import { ServicePanel } from '../components/ServicePanel.tsx';
import { TokenEntry, TokenImport, TokenStatus } from '../components/TokenSetup.tsx';
import { describeConnection } from '../connection.ts';
import { PlainText } from '../plainTextView.tsx';
import { ResultLines, useAction, useResults } from '../results.tsx';
import { GatewayUrlForm } from './SettingsView.tsx';
import { OpenClawPathForm } from '../components/OpenClawPathForm.tsx';

type StepState = 'done' | 'current' | 'todo';

/**
 * Each step is done only when the gateway proved it: the URL reached a gateway (it answered the
 * handshake), the token authenticated (the gateway went on to pairing or let Clawbar in), Clawbar is
 * connected. A value that was only saved proves nothing.
 */
export function firstRunSteps(state: AppState): { gateway: StepState; token: StepState; pair: StepState } {
  const c = state.connection;
  const reached =
    c.kind === 'connected' || c.kind === 'needs-pairing' || (c.kind === 'auth-failed' && !refusedLocally(c));
  const authenticated = c.kind === 'connected' || c.kind === 'needs-pairing';
  return {
    gateway: reached ? 'done' : 'current',
    token: authenticated ? 'done' : reached ? 'current' : 'todo',
    pair: c.kind === 'connected' ? 'done' : authenticated ? 'current' : 'todo',
  };
}

const STEP_WORD: Record<StepState, string> = { done: 'done', current: 'to do now', todo: 'later' };

function Step({
  n,
  title,
  status,
  children,
}: {
  n: number;
  title: string;
  status: StepState;
  children: ReactNode;
}) {
  return (
    <li className={`step step-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
      <h3>
        <span className="step-n" aria-hidden="true">
          {status === 'done' ? '✓' : n}
        </span>
        {title} <span className="visually-hidden">({STEP_WORD[status]})</span>
      </h3>
      {status !== 'todo' && <div className="step-body">{children}</div>}
    </li>
  );
}

/** What the first step says while no gateway has answered: a missing install before anything else. */
function gatewayHint(state: AppState, connectionText: string): string {
  const c = state.connection;
  if (refusedByKeychain(c))
    return 'Clawbar looks for the gateway as soon as it can use the keychain (see above).';
  // Clawbar refused the address itself (e.g. plain ws:// to another machine): that is what to fix.
  if (c.kind === 'auth-failed' && refusedLocally(c)) return connectionText;
  if (state.service.openclawPath === undefined)
    return 'Clawbar could not find OpenClaw on this Mac. If it is installed, tell Clawbar where the `openclaw` program is.';
  if (state.service.startingSince !== undefined) return 'The gateway is starting…';
  return connectionText;
}

/**
 * "Token saved" is true but is not the news while the gateway refuses the token: the step's own warning
 * says what to do next, and a green line under it would contradict it. (Saving restarts the connection,
 * so a fresh save is shown until the gateway has answered it.)
 */
function useForgetSavedTokenOnRefusal(kind: AppState['connection']['kind']): void {
  const { entries, drop } = useResults();
  useEffect(() => {
    if (kind !== 'auth-failed') return;
    const saved = entries.filter((e) => TOKEN_RESULT_KEYS.has(e.key) && e.result.ok);
    if (saved.length > 0) drop(saved.map((e) => e.id));
  }, [kind, entries, drop]);
}

const TOKEN_RESULT_KEYS = new Set(['settings:token', 'settings:import']);

/** The setup's "try now" button (the connection retries at once) and what came of it. */
function ReconnectButton({
  action,
  what,
  label,
}: {
  action: ReturnType<typeof useAction>;
  what: string;
  label: string;
}) {
  const bridge = useBridge();
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={action.busy !== null}
        onClick={() => void action.run(what, () => bridge.reconnect())}
      >
        {label}
      </button>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
    </>
  );
}

export function FirstRun({ state, now }: { state: AppState; now: number }) {
  useForgetSavedTokenOnRefusal(state.connection.kind);
  const steps = firstRunSteps(state);
  const c = state.connection;
  const summary = describeConnection(c, now);
  const reconnect = useAction('firstrun:reconnect');
  return (
    <section aria-label="Set up Clawbar" className="first-run">
      <h2>Welcome to Clawbar</h2>
      <p>Three steps and Clawbar can approve your devices from the menu bar.</p>
      <p className="small-text">
        Clawbar lives in the menu bar at the top right of your screen (it has no Dock icon): click its icon to
        open this panel again.
      </p>
      {refusedByKeychain(c) && (
        <div className="blocker" role="alert">
          <h3>{summary.title}</h3>
          <p>
            <PlainText
              text={state.secrets.message ?? summary.detail ?? ''}
              details={[...(summary.codes ?? []), ...(state.secrets.detail ? [state.secrets.detail] : [])]}
            />
          </p>
          {summary.nextStep && (
            <p className="next-step">
              <PlainText text={summary.nextStep} />
            </p>
          )}
          <ReconnectButton action={reconnect} what="Try again" label="Try again" />
        </div>
      )}
      <ol className="steps">
        <Step n={1} title="Find your gateway" status={steps.gateway}>
          {steps.gateway === 'done' ? (
            <p>Found the gateway at {state.settings.gatewayUrl}.</p>
          ) : (
            <>
              <p>
                <PlainText
                  text={gatewayHint(state, summary.detail ?? summary.title)}
                  details={refusedByKeychain(c) ? [] : summary.codes}
                />
              </p>
              {!refusedByKeychain(c) && (
                <p className="next-step">
                  Check the address below and correct it if it is wrong; Clawbar tries it as soon as you save.
                </p>
              )}
              <GatewayUrlForm url={state.settings.gatewayUrl} />
              {state.service.openclawPath === undefined && <OpenClawPathForm />}
              <ServicePanel service={state.service} now={now} />
            </>
          )}
        </Step>
        <Step n={2} title="Give Clawbar the gateway token" status={steps.token}>
          {steps.token === 'done' ? (
            <p className="tone-ok">The gateway accepted the token.</p>
          ) : state.secrets.tokenPresent && c.kind === 'auth-failed' ? (
            <>
              <p className="tone-warn" role="status">
                The gateway did not accept the stored token. Enter the right one below (or import it again);
                Clawbar tries it as soon as you save.
              </p>
              <TokenEntry present />
              <TokenImport />
            </>
          ) : (
            <>
              <TokenStatus secrets={state.secrets} />
              <p>
                Clawbar can read it from OpenClaw’s config – it shows you where from first – or you can paste
                it.
              </p>
              <TokenImport />
              <TokenEntry present={state.secrets.tokenPresent} />
            </>
          )}
        </Step>
        <Step n={3} title="Pair Clawbar with the gateway" status={steps.pair}>
          {steps.pair === 'done' ? (
            <p>Clawbar is paired. Opening your pending requests…</p>
          ) : (
            <>
              <p>{summary.title}</p>
              {summary.detail && (
                <p className="small-text">
                  <PlainText text={summary.detail} details={summary.codes} />
                </p>
              )}
              {c.kind === 'needs-pairing' && <CopyCommand command={c.command} label="Approval command" />}
              {c.kind === 'needs-pairing' ? (
                <p className="next-step">
                  Run this command in a terminal on this Mac, then press “I ran it – try again”.
                </p>
              ) : (
                summary.nextStep && (
                  <p className="next-step">
                    <PlainText text={summary.nextStep} />
                  </p>
                )
              )}
              <ReconnectButton
                action={reconnect}
                what="Connect"
                label={c.kind === 'needs-pairing' ? 'I ran it – try again' : 'Connect now'}
              />
            </>
          )}
        </Step>
      </ol>
    </section>
  );
}
