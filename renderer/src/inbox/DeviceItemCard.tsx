// One pending device request: who asks, what it would gain, what changed, and the answers. Approve waits
// until the card has settled (see settle.ts); ⌘↩ approves the focused card, Esc is "Not now".
import { useRef, type KeyboardEvent } from 'react';
import type { CardKind, InboxItem } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { clock, duration, timeOfDay } from '../format.ts';
import { PlainText } from '../plainTextView.tsx';
import { ResultLines, useAction } from '../results.tsx';
import { CardScopes } from './CardScopes.tsx';
import { MuteMenu, UNMUTE_MINUTES, mutedForever } from './MuteMenu.tsx';
import { describeChange } from './revisionDiff.ts';
import { countdown } from './settle.ts';
import { approveShortcut, isApproveShortcut, isPlainEnter } from './shortcuts.ts';
import { useRevisionChange } from './usePreviousRevision.ts';
import { useSettled } from './useSettled.ts';

export type DeviceItem = Extract<InboxItem, { kind: 'device' }>;

export const KIND_LABEL: Record<CardKind, string> = {
  'new-device': 'New device',
  'scope-upgrade': 'Scope upgrade',
  'role-upgrade': 'Role upgrade',
  'metadata-change': 'Metadata change',
};

const BUSY_LABEL = { approving: 'Approving…', rejecting: 'Rejecting…', resetting: 'Resetting…' } as const;

/** Result lines of a card belong to this card, not to the device: a new request starts clean. */
export function cardResultKey(item: DeviceItem): string {
  return `card:${item.key}@${item.card.firstSeenAt}`;
}

export function itemName(item: DeviceItem): string {
  return item.card.requester.displayName || item.card.deviceId.slice(0, 12);
}

export function DeviceItemCard({ item, now }: { item: DeviceItem; now: number }) {
  const bridge = useBridge();
  const card = item.card;
  const action = useAction(cardResultKey(item));
  const ref = useRef<HTMLElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);
  const settle = useSettled(ref, item.revision, item.revisedAt);
  const change = useRevisionChange(item.revision, card);
  const name = itemName(item);
  const busyText = card.busy ? BUSY_LABEL[card.busy] : action.busy;
  const busy = busyText !== null && busyText !== undefined;
  const headingId = `card-${card.deviceId}-title`;
  const reasonId = `card-${card.deviceId}-settle`;
  const shortcut = approveShortcut();
  const r = card.requester;
  const client = [r.clientId, r.clientMode].filter(Boolean).join(' · ');
  const remaining = item.expiresAt - now;
  const refreshes = Math.max(0, card.retries - card.supersedes);
  const muted = card.mutedUntil !== undefined && card.mutedUntil > now ? card.mutedUntil : undefined;

  const approve = () => {
    if (busy) return;
    const s = settle.check();
    if (!s.settled) {
      action.tell('Not approved', {
        ok: false,
        error: s.inView
          ? `${s.reason ?? ''} Approve is possible in ${countdown(s.remainingMs)}.`
          : (s.reason ?? ''),
      });
      return;
    }
    void action.run(`Approve ${name}`, () =>
      bridge.approve({
        deviceId: card.deviceId,
        publicKey: card.publicKey,
        role: card.role,
        scopes: [...card.scopes],
        revision: item.revision,
      }),
    );
  };
  const notNow = () => {
    if (!busy) void action.run(`Not now for ${name}`, () => bridge.notNow(card.deviceId));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (isApproveShortcut(e)) {
      e.preventDefault();
      approve();
    } else if (isPlainEnter(e) && (e.target === e.currentTarget || e.target === approveRef.current)) {
      // ↩ alone never approves: on the card or on its Approve button it does nothing.
      e.preventDefault();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      notNow();
    }
  };
  return (
    <article
      ref={ref}
      className={`card risk-${item.risk}${item.snoozed ? ' snoozed' : ''}${change ? ' has-change' : ''}`}
      aria-labelledby={headingId}
      aria-busy={busy}
      data-item-key={item.key}
      data-device-id={card.deviceId}
      data-revision={item.revision}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <header className="card-head">
        <h3 id={headingId}>{name}</h3>
        <span className={`kind kind-${card.kind}`}>{KIND_LABEL[card.kind]}</span>
      </header>
      <p className="who">
        {r.location}
        {r.platform && ` · ${r.platform}`}
        {client && ` · ${client}`}
        {` · role ${card.role}`}
        {r.remoteIp && r.location !== 'this Mac' && ` · ${r.remoteIp}`}
      </p>
      {r.internalHint && (
        <p className="hint">
          <PlainText text={r.internalHint} />
        </p>
      )}
      {change && (
        <p className="change" role="status">
          {describeChange(change)}
        </p>
      )}
      <CardScopes card={card} change={change} />
      <p className="meta">
        <span>Asking for {duration(now - card.firstSeenAt)}</span>
        <span className={remaining < 60_000 ? 'expiring' : undefined}>
          {remaining > 0 ? `expires in ${clock(remaining)}` : 'expired – the device must ask again'}
        </span>
        {card.supersedes > 0 && <span>replaced its request {card.supersedes}×</span>}
        {refreshes > 0 && <span>asked again {refreshes}×</span>}
        {item.snoozed && <span>Not now – quiet until it asks for more</span>}
        {muted !== undefined && (
          <span className="muted-until">
            {mutedForever(muted, now) ? 'Muted until you unmute it' : `Muted until ${timeOfDay(muted)}`}{' '}
            <button
              type="button"
              className="link"
              aria-label={`Unmute ${name}`}
              onClick={() =>
                void action.run(`Unmute ${name}`, () => bridge.mute(card.deviceId, UNMUTE_MINUTES))
              }
            >
              Unmute
            </button>
          </span>
        )}
      </p>
      {card.notice && (
        <p className="card-notice" role="alert">
          <PlainText text={card.notice} />
        </p>
      )}
      {card.versionHint && <p className="muted small-text">{card.versionHint}</p>}
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      <div className="actions">
        <button
          ref={approveRef}
          type="button"
          className={`primary${item.risk === 'critical' ? ' critical' : ''}${settle.settled ? '' : ' settling'}`}
          disabled={busy}
          aria-disabled={!settle.settled || undefined}
          aria-describedby={settle.settled ? undefined : reasonId}
          aria-keyshortcuts={shortcut.aria}
          title={settle.settled ? `Approve (${shortcut.label})` : (settle.reason ?? undefined)}
          onClick={approve}
        >
          {busyText ?? 'Approve'}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void action.run(`Reject ${name}`, () => bridge.reject(card.deviceId, card.requestId))
          }
        >
          Reject
        </button>
        <button type="button" disabled={busy} aria-keyshortcuts="Escape" onClick={notNow}>
          Not now
        </button>
        <MuteMenu
          name={name}
          disabled={busy}
          onMute={(minutes, said) =>
            void action.run(`Mute ${name} ${said}`, () => bridge.mute(card.deviceId, minutes))
          }
          onIgnore={() => void action.run(`Ignore ${name}`, () => bridge.setIgnored(card.deviceId, true))}
        />
      </div>
      {!settle.settled && !busy && (
        <p className="settle-reason" id={reasonId}>
          {settle.inView && `Approve in ${countdown(settle.remainingMs)}: `}
          {settle.reason}
        </p>
      )}
    </article>
  );
}
