// First run: find the gateway, get the token (import with consent, or paste), pair Clawbar itself.
import type { ReactNode } from 'react';
import type { AppState } from '../../../electron/core/contract/contract.ts';
import { currentBridge } from '../bridgeAccess.ts';
import { CopyCommand } from '../components/CopyCommand.tsx';
import { ServicePanel } from '../components/ServicePanel.tsx';
import { TokenEntry, TokenImport, TokenStatus } from '../components/TokenSetup.tsx';
import { describeConnection } from '../connection.ts';
import { ResultLines, useAction } from '../results.tsx';
import { GatewayUrlForm } from './SettingsView.tsx';

type StepState = 'done' | 'current' | 'todo';

export function firstRunSteps(state: AppState): { gateway: StepState; token: StepState; pair: StepState } {
  const k = state.connection.kind;
  const gatewayFound =
    state.service.running || k === 'connected' || k === 'needs-pairing' || k === 'auth-failed';
  const tokenStored = state.secrets.tokenPresent;
  const paired = k === 'connected';
  return {
    gateway: gatewayFound ? 'done' : 'current',
    token: tokenStored ? 'done' : gatewayFound ? 'current' : 'todo',
    pair: paired ? 'done' : gatewayFound && tokenStored ? 'current' : 'todo',
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

export function FirstRun({ state, now }: { state: AppState; now: number }) {
  const steps = firstRunSteps(state);
  const c = state.connection;
  const summary = describeConnection(c, now);
  const reconnect = useAction('firstrun:reconnect');
  return (
    <section aria-label="Set up Clawbar" className="first-run">
      <h2>Welcome to Clawbar</h2>
      <p>Three steps and Clawbar can approve your devices from the menu bar.</p>
      <ol className="steps">
        <Step n={1} title="Find your gateway" status={steps.gateway}>
          {steps.gateway === 'done' ? (
            <p>Found the gateway at {state.settings.gatewayUrl}.</p>
          ) : (
            <>
              <p>{summary.detail ?? summary.title}</p>
              <GatewayUrlForm url={state.settings.gatewayUrl} />
              <ServicePanel service={state.service} now={now} />
            </>
          )}
        </Step>
        <Step n={2} title="Give Clawbar the gateway token" status={steps.token}>
          <TokenStatus secrets={state.secrets} />
          {steps.token !== 'done' && (
            <>
              <p>
                Clawbar can read it from OpenClaw’s config – it shows you where from first – or you can paste
                it.
              </p>
              <TokenImport />
              <TokenEntry present={false} />
            </>
          )}
        </Step>
        <Step n={3} title="Pair Clawbar with the gateway" status={steps.pair}>
          {steps.pair === 'done' ? (
            <p>Clawbar is paired. Opening your pending requests…</p>
          ) : (
            <>
              <p>{summary.title}</p>
              {summary.detail && <p className="small-text">{summary.detail}</p>}
              {c.kind === 'needs-pairing' && <CopyCommand command={c.command} label="Approval command" />}
              {c.kind === 'needs-pairing' ? (
                <p className="next-step">
                  Run this command in a terminal on this Mac, then press “I ran it – try again”.
                </p>
              ) : (
                summary.nextStep && <p className="next-step">{summary.nextStep}</p>
              )}
              <button
                type="button"
                className="primary"
                disabled={reconnect.busy !== null}
                onClick={() => void reconnect.run('Connect', () => currentBridge()!.reconnect())}
              >
                {c.kind === 'needs-pairing' ? 'I ran it – try again' : 'Connect now'}
              </button>
              <ResultLines entries={reconnect.results} onDismiss={reconnect.dismiss} />
            </>
          )}
        </Step>
      </ol>
    </section>
  );
}
