/**
 * What the proxy saw, for `GET /__pixmock/requests` on the proxy: the last N exchanges (oldest first, as the mock lists its requests), redacted,
 * each with its violations once judged. A ring buffer: memory stays bounded however long it runs.
 */
import type { Finding } from '../suite/types.js';

export interface ProxyJournalEntry {
  sequence: number;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  method: string;
  /** The path, with secret query values masked. */
  path: string;
  query: Record<string, string>;
  operationId?: string;
  status?: number;
  durationMs?: number;
  /** Request headers with credentials masked. */
  headers: Record<string, string>;
  /** `open` until the response has passed; `cut` when the upstream stopped mid-body, `aborted` when the client went away, `failed` when the upstream never answered. */
  state: 'open' | 'complete' | 'cut' | 'aborted' | 'failed';
  violations: Finding[];
  /** Checks that chose not to judge, and why (e.g. a body too large to keep). */
  notes: string[];
  error?: string;
}

export interface ProxyJournal {
  add(entry: ProxyJournalEntry): void;
  list(filter?: { limit?: number; operationId?: string }): ProxyJournalEntry[];
}

export function createProxyJournal({ maxEntries }: { maxEntries: number }): ProxyJournal {
  let entries: ProxyJournalEntry[] = [];
  return {
    add(entry) {
      entries.push(entry);
      // Trim in batches so a full journal costs O(1) amortised per request.
      if (entries.length >= maxEntries * 2) entries = entries.slice(-maxEntries);
    },
    list({ limit = maxEntries, operationId } = {}) {
      const kept = entries.slice(-maxEntries).filter((entry) => operationId === undefined || entry.operationId === operationId);
      return kept.slice(-limit);
    },
  };
}
