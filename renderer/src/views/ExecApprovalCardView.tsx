// An agent asks to run a command: the full command (wrapping, scrollable, with control and invisible
// characters visibly escaped by the core), where it runs, for whom, the policy's warnings and any
// declared scope. The buttons are exactly the request's allowed decisions; "Always allow" asks a second
// confirmation in the core. Copy copies exactly what is displayed.
import type { ApprovalDecision, InboxItem } from '../../../electron/core/contract/contract.ts';
import type { ReactNode } from 'react';
import { useBridge } from '../bridgeContext.tsx';
import { clock } from '../format.ts';
import { PlainText } from '../plainTextView.tsx';
import { ResultLines, useAction } from '../results.tsx';
import { EscapedText } from './EscapedText.tsx';

export type ExecItem = Extract<InboxItem, { kind: 'exec' }>;
export type ApprovalItemView = Extract<InboxItem, { kind: 'exec' | 'plugin' }>;

const LABELS: Record<ApprovalDecision, string> = {
  'allow-once': 'Allow once',
  'allow-always': 'Always allow',
  deny: 'Deny',
};

/** Result lines belong to this approval (its key), not to whatever comes after it. */
export function approvalResultKey(item: ApprovalItemView): string {
  return `card:${item.key}`;
}

/** Allow once · Always allow · Deny, exactly as the request allows, each bound to the revision shown. */
export function ApprovalDecisions({ item, name }: { item: ApprovalItemView; name: string }) {
  const bridge = useBridge();
  const action = useAction(approvalResultKey(item));
  const card = item.kind === 'exec' ? item.exec : item.plugin;
  const busy = card.busy !== undefined || action.busy !== null;
  return (
    <>
      {card.notice && (
        <p className="card-notice" role="alert">
          <PlainText text={card.notice} />
        </p>
      )}
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      <div className="actions">
        {card.allowedDecisions.map((d) => (
          <button
            key={d}
            type="button"
            className={d === 'allow-once' ? 'primary' : d === 'allow-always' ? 'always' : undefined}
            disabled={busy}
            data-decision={d}
            onClick={() =>
              void action.run(`${LABELS[d]} ${name}`, () => bridge.decideApproval(item.key, item.revision, d))
            }
          >
            {card.busy === d ? `${LABELS[d]}…` : LABELS[d]}
          </button>
        ))}
      </div>
    </>
  );
}

export function CopyButton({ text, what }: { text: string; what: string }) {
  return (
    <button
      type="button"
      className="link"
      aria-label={`Copy ${what}`}
      onClick={() => void navigator.clipboard?.writeText(text).catch(() => undefined)}
    >
      Copy
    </button>
  );
}

export function expiresLine(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  return left > 0 ? `expires in ${clock(left)}` : 'expired';
}

/** What every approval card shares: its frame, heading, badge, expiry line and decisions. */
export function ApprovalCardFrame({
  item,
  now,
  heading,
  badge,
  name,
  children,
}: {
  item: ApprovalItemView;
  now: number;
  heading: string;
  badge: { className: string; text: string };
  /** How the result lines name it ("this command", “title”). */
  name: string;
  children: ReactNode;
}) {
  const card = item.kind === 'exec' ? item.exec : item.plugin;
  const headingId = `approval-${item.key}-title`;
  return (
    <article
      className={`card approval ${item.kind} risk-${item.risk}`}
      aria-labelledby={headingId}
      aria-busy={card.busy !== undefined}
      data-item-key={item.key}
      data-revision={item.revision}
      tabIndex={-1}
    >
      <header className="card-head">
        <h3 id={headingId}>{heading}</h3>
        <span className={`kind ${badge.className}`}>{badge.text}</span>
      </header>
      {children}
      <p className="meta">
        <span>{expiresLine(card.expiresAt, now)}</span>
      </p>
      <ApprovalDecisions item={item} name={name} />
    </article>
  );
}

export function ExecApprovalCardView({ item, now }: { item: ExecItem; now: number }) {
  const c = item.exec;
  const where = c.host === 'node' ? `node ${c.node ?? '(unnamed)'}` : (c.host ?? 'gateway');
  return (
    <ApprovalCardFrame
      item={item}
      now={now}
      heading={c.agent ? `Agent ${c.agent} wants to run a command` : 'An agent wants to run a command'}
      badge={{ className: 'kind-exec', text: 'Command' }}
      name="this command"
    >
      <div className="command-box">
        <pre className="command-preview" tabIndex={0} aria-label="Command">
          <EscapedText text={c.command} marked={c.hiddenCharacters} />
        </pre>
        <CopyButton text={c.command} what="command" />
      </div>
      {c.hiddenCharacters && (
        <p className="hint hidden-characters">
          The command holds characters that draw nothing, move the cursor or reorder text; each is shown as a{' '}
          <mark className="escape">marked</mark> escape.
        </p>
      )}
      {c.warnings.map((w) => (
        <p key={w} className="approval-warning" role="note">
          <span aria-hidden="true">⚠ </span>
          {w}
        </p>
      ))}
      {c.scope && <p className="scope-summary">{c.scope.text}</p>}
      <dl className="facts">
        <dt>Runs on</dt>
        <dd>{where}</dd>
        {c.cwd && (
          <>
            <dt>In</dt>
            <dd className="path">{c.cwd}</dd>
          </>
        )}
        {c.session && (
          <>
            <dt>Session</dt>
            <dd>{c.session}</dd>
          </>
        )}
      </dl>
      {(c.resolvedPath || c.argv) && (
        <details>
          <summary>Details</summary>
          <dl className="facts">
            {c.resolvedPath && (
              <>
                <dt>Executable</dt>
                <dd className="path">{c.resolvedPath}</dd>
              </>
            )}
            {c.argv && (
              <>
                <dt>Words</dt>
                <dd>{c.argv.join(' · ')}</dd>
              </>
            )}
          </dl>
        </details>
      )}
    </ApprovalCardFrame>
  );
}
