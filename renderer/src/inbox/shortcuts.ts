// The keyboard of a careful Mac app: ⌘↩ approves (Ctrl+↩ off macOS), ↩ alone does nothing, Esc is
// "Not now".
export function isMacPlatform(platform: string = navigator.platform): boolean {
  return /^Mac|iPhone|iPad/.test(platform);
}

type Keys = Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'shiftKey'>;

export function isApproveShortcut(e: Keys, mac = isMacPlatform()): boolean {
  if (e.key !== 'Enter' || e.altKey || e.shiftKey) return false;
  return mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}

export function isPlainEnter(e: Keys): boolean {
  return e.key === 'Enter' && !e.metaKey && !e.ctrlKey && !e.altKey && !e.shiftKey;
}

/** How the shortcut is written on this platform, and its aria-keyshortcuts value. */
export function approveShortcut(mac = isMacPlatform()): { label: string; aria: string } {
  return mac ? { label: '⌘↩', aria: 'Meta+Enter' } : { label: 'Ctrl+↩', aria: 'Control+Enter' };
}
