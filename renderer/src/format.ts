// Plain-language times for the panel. Pure functions of (timestamp, now) so the panel stays testable.

export function relativeAge(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": how long something has lasted (no Intl, see below). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "4:05" style remaining time; "0:00" once passed. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function seconds(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))} s`;
}

// One formatter each, made on first use: `toLocaleString(…, options)` builds a new Intl formatter (and
// looks up locale data) on every call, which was the largest single cost of the panel's first render.
function cachedFormat(options: Intl.DateTimeFormatOptions): (ms: number) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (ms) => (format ??= new Intl.DateTimeFormat(undefined, options)).format(ms);
}

const formatDateTime = cachedFormat({ dateStyle: 'medium', timeStyle: 'short' });
const formatTimeOfDay = cachedFormat({ hour: '2-digit', minute: '2-digit' });

export function dateTime(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDateTime(ms);
}

export function timeOfDay(ms: number): string {
  return formatTimeOfDay(ms);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
