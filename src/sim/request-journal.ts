/**
 * The last N requests an upstream served, for `GET /__pixmock/requests` — what WireMock calls the
 * request journal. A ring buffer: memory stays bounded however long the server runs.
 */
export interface JournalEntry {
  sequence: number;
  at: number;
  method: string;
  path: string;
  query: Record<string, unknown>;
  operationId?: string;
  scenario?: string;
  status?: number;
  durationMs?: number;
  /** Request headers with secrets replaced by "[redacted]". */
  headers: Record<string, string>;
  body?: unknown;
  /** What was answered, recorded only while someone watches the journal (the console). */
  response?: ResponseRecord;
}

/** An answer as the console shows it: its type, a preview of its body, its images and its stream's events. */
export interface ResponseRecord {
  contentType?: string;
  /** The JSON body, with data URLs shortened and signed URLs' credentials masked. */
  body?: unknown;
  /** PNGs the answer carried (data URLs or bytes), kept on the console's image shelf by id. */
  images?: { id: string; width: number; height: number; text?: Record<string, unknown> }[];
  /** A stream's events in order, at their simulated times. */
  events?: { at: number; event: string }[];
}

export type JournalFields = Omit<JournalEntry, 'sequence'>;

export interface RequestJournal {
  record(entry: JournalFields): JournalEntry;
  /**
   * Records a request as it was (`raw`), and makes its entry with `present(raw)` only when the
   * journal is read, at most once: the per-request cost of redaction and body previews is paid by
   * the reader, not by every request. `raw.operationId` is what `list({operationId})` filters on.
   * `present` must not throw and must not keep secrets (it is what `list()` returns).
   */
  recordDeferred<Raw extends { operationId?: string }>(raw: Raw, present: (raw: Raw) => JournalFields): void;
  list(filter?: { limit?: number; operationId?: string }): JournalEntry[];
  clear(): void;
  readonly size: number;
  /** Calls `listener` with each entry as it is recorded, and `cleared` when the journal is emptied, until the returned function is called. */
  subscribe(listener: (entry: JournalEntry) => void, cleared?: () => void): () => void;
  /** True while a listener is subscribed: only then are answers recorded too. */
  readonly watched: boolean;
}

/** A journal slot: the entry, or the raw request and how to present it on the first read. */
interface Slot {
  sequence: number;
  operationId: string | undefined;
  entry: JournalEntry | undefined;
  raw: unknown;
  present: ((raw: never) => JournalFields) | undefined;
}

export function createRequestJournal({ maxEntries }: { maxEntries: number }): RequestJournal {
  let slots: Slot[] = [];
  let sequence = 0;
  const push = (slot: Slot) => {
    slots.push(slot);
    // Trim in batches so a full journal costs O(1) amortised per request.
    if (slots.length >= maxEntries * 2) slots = slots.slice(-maxEntries);
  };
  const entryOf = (slot: Slot): JournalEntry => {
    if (slot.entry === undefined) {
      slot.entry = { sequence: slot.sequence, ...(slot.present as (raw: unknown) => JournalFields)(slot.raw) };
      slot.raw = undefined;
      slot.present = undefined;
    }
    return slot.entry;
  };
  const listeners = new Set<(entry: JournalEntry) => void>();
  const clearListeners = new Set<() => void>();
  const notify = (slot: Slot) => {
    const entry = entryOf(slot);
    for (const listener of listeners) listener(entry);
  };
  return {
    record(entry) {
      const recorded = { sequence: ++sequence, ...entry };
      const slot = { sequence: recorded.sequence, operationId: entry.operationId, entry: recorded, raw: undefined, present: undefined };
      push(slot);
      if (listeners.size > 0) notify(slot);
      return recorded;
    },
    recordDeferred(raw, present) {
      const slot = { sequence: ++sequence, operationId: raw.operationId, entry: undefined, raw, present };
      push(slot);
      // Watched, the entry is presented now to be pushed; otherwise only when the journal is read.
      if (listeners.size > 0) notify(slot);
    },
    subscribe(listener, cleared) {
      listeners.add(listener);
      if (cleared) clearListeners.add(cleared);
      return () => {
        listeners.delete(listener);
        if (cleared) clearListeners.delete(cleared);
      };
    },
    get watched() {
      return listeners.size > 0;
    },
    list({ limit, operationId } = {}) {
      const kept = slots.slice(-maxEntries);
      const matching = operationId ? kept.filter((s) => s.operationId === operationId) : kept;
      return (limit === undefined ? matching : matching.slice(-limit)).map(entryOf);
    },
    clear() {
      slots = [];
      for (const cleared of clearListeners) cleared();
    },
    get size() {
      return Math.min(slots.length, maxEntries);
    },
  };
}
