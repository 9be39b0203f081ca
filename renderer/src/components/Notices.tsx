import type { Notice } from '../../../electron/core/contract/contract.ts';
import { relativeAge } from '../format.ts';
import { PlainText } from '../plainTextView.tsx';

/** The core's notices (keychain locked, gateway restarted, …), visible on every screen. */
export function Notices({ notices, now }: { notices: Notice[]; now: number }) {
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n.id} className={`notice level-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          {/* Relative like the cards' ages (and no Intl formatter on the first screen). */}
          <time className="notice-time" dateTime={new Date(n.at).toISOString()}>
            {relativeAge(n.at, now)}
          </time>{' '}
          <PlainText text={n.message} />
        </li>
      ))}
    </ul>
  );
}
