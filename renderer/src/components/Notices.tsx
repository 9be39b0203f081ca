import type { Notice } from '../../../electron/core/bridge/contract.ts';
import { timeOfDay } from '../format.ts';

/** The core's notices (keychain locked, gateway restarted, …), visible on every screen. */
export function Notices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n.id} className={`notice level-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span className="notice-time">{timeOfDay(n.at)}</span> {n.message}
        </li>
      ))}
    </ul>
  );
}
