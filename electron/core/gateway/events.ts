// What the connection tells its listeners: a small emitter that isolates listeners from each other
// (a listener's bug must not break the connection), and the `seq` tracker that detects dropped events.

export type Listener<T> = (value: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(l: Listener<T>): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(v: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(v);
      } catch {
        /* a listener's bug must not break the connection */
      }
    }
  }
}

export interface SeqGap {
  expected: number;
  got: number;
}

/**
 * The gateway numbers broadcast events and drops them for a slow client: a jump in `seq` means state
 * must be re-listed. Starts over with every connection.
 */
export class SeqTracker {
  private last: number | undefined;

  reset(): void {
    this.last = undefined;
  }

  /** The gap this event reveals, if any. */
  track(seq: number | undefined): SeqGap | undefined {
    if (seq === undefined) return undefined;
    const gap =
      this.last !== undefined && seq > this.last + 1 ? { expected: this.last + 1, got: seq } : undefined;
    this.last = seq;
    return gap;
  }
}
