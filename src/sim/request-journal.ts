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
}

export interface RequestJournal {
  record(entry: Omit<JournalEntry, 'sequence'>): JournalEntry;
  list(filter?: { limit?: number; operationId?: string }): JournalEntry[];
  clear(): void;
  readonly size: number;
}

export function createRequestJournal({ maxEntries }: { maxEntries: number }): RequestJournal {
  let entries: JournalEntry[] = [];
  let sequence = 0;
  return {
    record(entry) {
      const recorded = { sequence: ++sequence, ...entry };
      entries.push(recorded);
      // Trim in batches so a full journal costs O(1) amortised per request.
      if (entries.length >= maxEntries * 2) entries = entries.slice(-maxEntries);
      return recorded;
    },
    list({ limit, operationId } = {}) {
      const kept = entries.slice(-maxEntries);
      const matching = operationId ? kept.filter((e) => e.operationId === operationId) : kept;
      return limit === undefined ? [...matching] : matching.slice(-limit);
    },
    clear() {
      entries = [];
    },
    get size() {
      return Math.min(entries.length, maxEntries);
    },
  };
}
