// How the gateway is kept running: the service status, start/stop/restart, and doctor findings with fixes.
import { useState } from 'react';
import type {
  DoctorFinding,
  GatewayManager,
  ServiceAction,
  ServiceView,
} from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { seconds } from '../format.ts';
import { ResultLines, useAction } from '../results.tsx';
import { PlainText } from '../plainTextView.tsx';
import { errorMessage } from '../../../electron/core/contract/errors.ts';
import { offeredServiceActions } from '../../../electron/core/contract/serviceControls.ts';

const MODE_WORD: Record<ServiceView['mode'], string> = {
  launchd: 'launchd (macOS login service)',
  systemd: 'systemd user service',
  supervised: 'started and watched by Clawbar',
  none: 'not managed by Clawbar',
};

const ACTION_WORD: Record<ServiceAction, string> = {
  start: 'Start gateway',
  stop: 'Stop gateway',
  restart: 'Restart gateway',
  repair: 'Repair service',
  install: 'Install gateway service',
};

const MANAGER_WORD: Record<GatewayManager, string> = {
  launchd: 'launchd (a macOS login service Clawbar manages)',
  systemd: 'systemd (a user service Clawbar manages)',
  clawbar: 'Clawbar (it started this gateway)',
  'someone-else': 'someone else (a gateway Clawbar did not start; it leaves it alone)',
  nobody: 'nobody – no gateway is running',
};

export function Findings({
  findings,
  onFix,
  busy,
}: {
  findings: DoctorFinding[];
  onFix: (f: DoctorFinding) => void;
  busy: boolean;
}) {
  if (findings.length === 0) return <p className="muted">No problems found.</p>;
  return (
    <ul className="findings">
      {findings.map((f) => (
        <li key={f.id} className={`finding severity-${f.severity}`}>
          <strong>{f.title}</strong>
          <span className="visually-hidden"> ({f.severity})</span>
          <p>
            <PlainText text={f.detail} />
          </p>
          {f.fix && (
            <button type="button" disabled={busy} onClick={() => onFix(f)}>
              {f.fix.label}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ServicePanel({ service, now }: { service: ServiceView; now: number }) {
  const bridge = useBridge();
  const action = useAction('settings:service');
  const [doctor, setDoctor] = useState<DoctorFinding[] | null>(null);
  const run = (a: ServiceAction, label = ACTION_WORD[a]) =>
    void action.run(label, () => bridge.serviceAction(a));
  const runDoctor = async () => {
    try {
      setDoctor(await bridge.runDoctor());
    } catch (err) {
      setDoctor([
        {
          id: 'doctor-failed',
          severity: 'error',
          title: 'The check could not run',
          detail: errorMessage(err),
        },
      ]);
    }
  };
  const busy = action.busy !== null || service.startingSince !== undefined;
  const findings = doctor ?? service.findings;
  return (
    <div className="service">
      <dl className="facts">
        <dt>Mode</dt>
        <dd>
          {MODE_WORD[service.mode]}{' '}
          {service.chosen === 'auto' && <span className="muted">(chosen automatically)</span>}
        </dd>
        {service.manager && (
          <>
            <dt>Managed by</dt>
            <dd>{MANAGER_WORD[service.manager]}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd className={service.running ? 'tone-ok' : 'tone-warn'}>
          {service.startingSince !== undefined
            ? `Starting gateway… (${seconds(now - service.startingSince)})`
            : service.running
              ? `Running${service.pid !== undefined ? ` (pid ${service.pid})` : ''}`
              : service.installed
                ? 'Installed, not running'
                : 'Not running'}
        </dd>
        {service.openclawVersion && (
          <>
            <dt>OpenClaw</dt>
            <dd>
              {service.openclawVersion}
              {service.openclawPath && <code className="wrap small-text"> {service.openclawPath}</code>}
            </dd>
          </>
        )}
      </dl>
      {service.detail && <p className="small-text">{service.detail}</p>}
      <div className="actions">
        {offeredServiceActions(service).map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'start' ? 'primary' : undefined}
            disabled={busy}
            onClick={() => run(a)}
          >
            {ACTION_WORD[a]}
          </button>
        ))}
        <button type="button" onClick={() => void runDoctor()}>
          Check for problems
        </button>
      </div>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      <h4>Findings</h4>
      <Findings findings={findings} busy={busy} onFix={(f) => f.fix && run(f.fix.action, f.fix.label)} />
    </div>
  );
}
