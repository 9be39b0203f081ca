// A WAI-ARIA tablist: one tab stop, arrow keys / Home / End move and activate.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<K extends string> {
  key: K;
  label: ReactNode;
  /** Accessible name when the label carries extra bits (badges). */
  name: string;
}

export function tabId(key: string): string {
  return `tab-${key}`;
}
export function panelId(key: string): string {
  return `panel-${key}`;
}

export function Tabs<K extends string>({
  tabs,
  active,
  onSelect,
}: {
  tabs: TabDef<K>[];
  active: K;
  onSelect: (key: K) => void;
}) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const move = (e: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const target =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? index === last
          ? 0
          : index + 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? index === 0
            ? last
            : index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    const tab = tabs[target];
    if (!tab) return;
    e.preventDefault();
    onSelect(tab.key);
    refs.current.get(tab.key)?.focus();
  };
  return (
    <div role="tablist" aria-label="Clawbar sections" className="tabs">
      {tabs.map((t, i) => (
        <button
          key={t.key}
          ref={(el) => {
            if (el) refs.current.set(t.key, el);
            else refs.current.delete(t.key);
          }}
          type="button"
          role="tab"
          id={tabId(t.key)}
          aria-selected={t.key === active}
          aria-controls={t.key === active ? panelId(t.key) : undefined}
          aria-label={t.name}
          tabIndex={t.key === active ? 0 : -1}
          onClick={() => onSelect(t.key)}
          onKeyDown={(e) => move(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
