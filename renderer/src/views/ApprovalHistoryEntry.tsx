// One exec or plugin approval in History: what it was (the command or the plugin action, escaped and
// cut by the core), the decision in words, who decided and how long the agent waited for it.
import type { HistoryEntry } from '../../../electron/core/contract/contract.ts';
import { dateTime } from '../format.ts';
import { EscapedText } from './EscapedText.tsx';

const DECISION: Record<NonNullable<HistoryEntry['decision']>, { text: string; tone: string }> = {
  'allow-once': { text: 'Allowed once', tone: 'allowed' },
  'allow-always': { text: 'Always allowed', tone: 'allowed' },
  deny: { text: 'Denied', tone: 'denied' },
  expired: { text: 'Expired', tone: 'expired' },
};

/** "350 ms", "4.2 s", "3 min 5 s": how long the agent waited. */
export function waited(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

export function ApprovalHistoryEntry({ e }: { e: HistoryEntry }) {
  const decision = DECISION[e.decision ?? 'expired'];
  const what = e.command ?? e.displayName ?? '';
  return (
    <li className={`history-entry approval-record decision-${decision.tone}`}>
      <div className="history-line">
        <strong>
          {e.approvalKind === 'plugin' ? 'Plugin action' : 'Command'}{' '}
          <span className={`decision ${decision.tone}`}>{decision.text}</span>
        </strong>
        <time className="muted small-text" dateTime={new Date(e.ts).toISOString()}>
          {dateTime(e.ts)}
        </time>
      </div>
      <pre className="history-command" aria-label={e.approvalKind === 'plugin' ? 'Plugin action' : 'Command'}>
        <EscapedText text={what} marked={/␛|\\u\{?[0-9A-Fa-f]/.test(what)} />
      </pre>
      <div className="small-text muted">
        {e.detail ?? ''}
        {e.latencyMs !== undefined && ` · the agent waited ${waited(e.latencyMs)}`}
      </div>
    </li>
  );
}
