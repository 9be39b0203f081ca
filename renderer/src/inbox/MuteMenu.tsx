// "Mute…" on a card: 1 hour, 1 day or until unmuted, and "Ignore this device" (it moves to the ignored
// list at the bottom of Pending, where it can be un-ignored).
import { useId, useState } from 'react';

/** Minutes sent for "until I unmute" (about a century) and for "unmute" (zero: muted for no time). */
export const MUTE_UNTIL_UNMUTED_MINUTES = 100 * 365 * 24 * 60;
export const UNMUTE_MINUTES = 0;

/** A mute ending this far ahead means "until unmuted". */
export function mutedForever(until: number, now: number): boolean {
  return until - now > 10 * 365 * 24 * 3_600_000;
}

const CHOICES = [
  { label: '1 hour', minutes: 60, said: 'for 1 hour' },
  { label: '1 day', minutes: 24 * 60, said: 'for 1 day' },
  { label: 'Until I unmute', minutes: MUTE_UNTIL_UNMUTED_MINUTES, said: 'until you unmute it' },
] as const;

export function MuteMenu({
  name,
  disabled,
  onMute,
  onIgnore,
}: {
  name: string;
  disabled: boolean;
  onMute: (minutes: number, said: string) => void;
  onIgnore: () => void;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const choose = (act: () => void) => {
    setOpen(false);
    act();
  };
  return (
    <span
      className="mute-menu"
      onKeyDown={(e) => {
        // Esc closes the menu first; only a closed menu lets Esc reach the card ("Not now").
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Mute or ignore ${name}`}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        Mute…
      </button>
      {open && (
        <span className="mute-choices" id={menuId} role="group" aria-label={`Mute ${name}`}>
          {CHOICES.map((c) => (
            <button
              key={c.label}
              type="button"
              className="small"
              onClick={() => choose(() => onMute(c.minutes, c.said))}
            >
              {c.label}
            </button>
          ))}
          <button type="button" className="small" onClick={() => choose(onIgnore)}>
            Ignore this device
          </button>
        </span>
      )}
    </span>
  );
}
