// The Pending screen: every open device request as a card, then the ignored list. A card's result line
// closes with the card; the last line of a card that closed stays on top of the screen until replaced.
import { useEffect, useState } from 'react';
import type { InboxItem } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { DeviceItemCard, cardResultKey, itemName, type DeviceItem } from '../inbox/DeviceItemCard.tsx';
import { ResultLines, useAction, useResults, type ResultEntry } from '../results.tsx';
import { ExecApprovalCardView, type ApprovalItemView } from './ExecApprovalCardView.tsx';
import { PluginApprovalCardView } from './PluginApprovalCardView.tsx';

export interface PendingFocus {
  /** The inbox item to focus (`device:<id>`). */
  key: string;
  seq: number;
}

function isDeviceItem(item: InboxItem): item is DeviceItem {
  return item.kind === 'device';
}

export function isApprovalItem(item: InboxItem): item is ApprovalItemView {
  return item.kind === 'exec' || item.kind === 'plugin';
}

/** The pending cards (shown) and the ignored requests (listed apart, never notified). */
export function splitInbox(inbox: InboxItem[]): { shown: DeviceItem[]; ignored: DeviceItem[] } {
  const devices = inbox.filter(isDeviceItem);
  return { shown: devices.filter((i) => !i.card.ignored), ignored: devices.filter((i) => i.card.ignored) };
}

function IgnoredList({ items }: { items: DeviceItem[] }) {
  const bridge = useBridge();
  const action = useAction('pending:ignored');
  if (items.length === 0) return null;
  return (
    <section className="ignored" aria-label="Ignored devices">
      <h3>Ignored ({items.length})</h3>
      <p className="small-text muted">Their requests stay here, without notifications.</p>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <span className="device-name">{itemName(i)}</span>
            <span className="muted small-text"> {i.card.scopeSummary}</span>
            <button
              type="button"
              className="small"
              aria-label={`Un-ignore ${itemName(i)}`}
              disabled={action.busy !== null}
              onClick={() =>
                void action.run(`Un-ignore ${itemName(i)}`, () => bridge.setIgnored(i.card.deviceId, false))
              }
            >
              Un-ignore
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PendingView({
  inbox,
  now,
  focus,
  onFocused,
}: {
  inbox: InboxItem[];
  now: number;
  focus: PendingFocus | null;
  onFocused: () => void;
}) {
  const { entries, drop, dismiss } = useResults();
  const { shown, ignored } = splitInbox(inbox);
  const approvals = inbox.filter(isApprovalItem);
  const [closed, setClosed] = useState<ResultEntry | null>(null);
  const presentKeys = inbox.filter(isDeviceItem).map(cardResultKey).join('\n');

  // A card that closed takes its result lines with it; its newest line moves to the top of the screen
  // (entries are newest first), replacing the one there.
  useEffect(() => {
    const present = new Set(presentKeys.split('\n'));
    const gone = entries.filter((e) => e.key.startsWith('card:') && !present.has(e.key));
    if (gone.length === 0) return;
    const newest = gone[0];
    if (newest) setClosed(newest);
    drop(gone.map((e) => e.id));
  }, [entries, presentKeys, drop]);

  useEffect(() => {
    if (!focus) return;
    const el = document.querySelector<HTMLElement>(`[data-item-key="${CSS.escape(focus.key)}"]`);
    if (!el) return; // the card may arrive with the next state; try again then
    el.scrollIntoView({ block: 'nearest' });
    el.focus();
    onFocused();
  }, [focus, inbox, onFocused]);

  return (
    <section aria-label="Pending requests">
      {closed && (
        <ResultLines
          entries={[closed]}
          onDismiss={(id) => {
            setClosed(null);
            dismiss(id);
          }}
        />
      )}
      {approvals.length > 0 && (
        <div className="cards approvals">
          {approvals.map((item) =>
            item.kind === 'exec' ? (
              <ExecApprovalCardView key={item.key} item={item} now={now} />
            ) : (
              <PluginApprovalCardView key={item.key} item={item} now={now} />
            ),
          )}
        </div>
      )}
      {shown.length === 0 ? (
        approvals.length === 0 && <p className="empty">Nothing is waiting for your decision.</p>
      ) : (
        <div className="cards">
          {shown.map((item) => (
            <DeviceItemCard key={cardResultKey(item)} item={item} now={now} />
          ))}
        </div>
      )}
      <IgnoredList items={ignored} />
    </section>
  );
}
