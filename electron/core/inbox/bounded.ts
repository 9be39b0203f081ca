// Bounded memory for what a flood of gateway events could otherwise grow without end: the newest
// entries are kept, the oldest forgotten. Shared by the pairing engine's event buffers and the
// approval tracker's tombstones. Pure.

/** Appends `item`, dropping the oldest entries beyond `max`. */
export function pushCapped<T>(buf: T[], item: T, max: number): void {
  buf.push(item);
  if (buf.length > max) buf.splice(0, buf.length - max);
}

/** A set of keys that forgets the oldest added beyond `max`. */
export class RecentKeys {
  private readonly keys = new Set<string>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  add(key: string): void {
    this.keys.add(key);
    while (this.keys.size > this.max) {
      const oldest = this.keys.values().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
