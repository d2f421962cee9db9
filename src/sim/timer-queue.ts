/**
 * A min-heap of timers keyed by due time, shared by both clocks. Cancelled timers are removed
 * lazily (when they reach the top) and the heap is compacted when they pile up, so ten thousand
 * aborted requests cost one rebuild, not ten thousand heap deletions.
 */
import TinyQueue from 'tinyqueue';

export interface ScheduledTimer {
  readonly dueAt: number;
  readonly sequence: number;
  readonly callback: () => void;
  cancelled: boolean;
  /** Taken off the queue to fire: clearing it afterwards changes nothing. */
  fired: boolean;
}

const COMPACT_THRESHOLD = 1024;

export class TimerQueue {
  #heap = createHeap([]);
  #sequence = 0;
  #live = 0;
  #cancelled = 0;

  add(dueAt: number, callback: () => void): ScheduledTimer {
    const timer: ScheduledTimer = { dueAt, sequence: this.#sequence++, callback, cancelled: false, fired: false };
    this.#heap.push(timer);
    this.#live++;
    return timer;
  }

  cancel(timer: ScheduledTimer): void {
    if (timer.cancelled || timer.fired) return;
    timer.cancelled = true;
    this.#live--;
    this.#cancelled++;
    if (this.#cancelled > COMPACT_THRESHOLD && this.#cancelled > this.#live) this.#compact();
  }

  /** Removes and returns the earliest live timer due at or before `time`. */
  takeDue(time: number): ScheduledTimer | undefined {
    const next = this.peek();
    if (!next || next.dueAt > time) return undefined;
    this.#heap.pop();
    this.#live--;
    next.fired = true;
    return next;
  }

  peek(): ScheduledTimer | undefined {
    let top = this.#heap.peek();
    while (top?.cancelled) {
      this.#heap.pop();
      this.#cancelled--;
      top = this.#heap.peek();
    }
    return top;
  }

  get size(): number {
    return this.#live;
  }

  clear(): void {
    this.#heap = createHeap([]);
    this.#live = 0;
    this.#cancelled = 0;
  }

  #compact(): void {
    this.#heap = createHeap(this.#heap.data.filter((timer) => !timer.cancelled));
    this.#cancelled = 0;
  }
}

function createHeap(timers: ScheduledTimer[]): TinyQueue<ScheduledTimer> {
  return new TinyQueue(timers, (a, b) => a.dueAt - b.dueAt || a.sequence - b.sequence);
}
