// Devices whose requests are muted, with Unmute (on the Devices screen; the card says it too).
import type { InboxItem } from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { timeOfDay } from '../format.ts';
import { ResultLines, useAction } from '../results.tsx';
import { itemName, type DeviceItem } from './DeviceItemCard.tsx';
import { UNMUTE_MINUTES, mutedForever } from './MuteMenu.tsx';

export function mutedItems(inbox: InboxItem[], now: number): DeviceItem[] {
  return inbox.filter(
    (i): i is DeviceItem => i.kind === 'device' && i.card.mutedUntil !== undefined && i.card.mutedUntil > now,
  );
}

export function MutedList({ inbox, now }: { inbox: InboxItem[]; now: number }) {
  const bridge = useBridge();
  const action = useAction('devices:muted');
  const muted = mutedItems(inbox, now);
  if (muted.length === 0) return null;
  return (
    <section className="muted-devices" aria-label="Muted devices">
      <h3>Muted ({muted.length})</h3>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
      <ul>
        {muted.map((i) => {
          const until = i.card.mutedUntil ?? now;
          return (
            <li key={i.key}>
              <span className="device-name">{itemName(i)}</span>
              <span className="muted small-text">
                {mutedForever(until, now) ? ' until you unmute it' : ` until ${timeOfDay(until)}`}
              </span>
              <button
                type="button"
                className="small"
                aria-label={`Unmute ${itemName(i)}`}
                disabled={action.busy !== null}
                onClick={() =>
                  void action.run(`Unmute ${itemName(i)}`, () => bridge.mute(i.card.deviceId, UNMUTE_MINUTES))
                }
              >
                Unmute
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
