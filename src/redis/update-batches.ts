/**
 * Updates of one key from this process, taken in batches: while one batch is being written, the
 * updates that arrive for the key wait, and then go together as the next batch. A batch is read
 * once and written once, its changes applied one after the other as if they had run alone, so a
 * key every request updates (an API key's bucket and quota) costs one read and one write per
 * batch instead of per request, and this process's updates never make each other retry.
 *
 * @example
 * const update = createUpdateBatches<number>((key, batch) => commitBatch(key, batch));
 * await Promise.all([update('n', (v = 0) => v + 1), update('n', (v = 0) => v + 1)]); // one write: 2
 */
import type { EntryOptions, StoreChange } from '../sim/state-stores.js';

export interface PendingUpdate<V> {
  change: StoreChange<V>;
  options?: EntryOptions;
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/** Writes a batch and settles each of its updates; a rejection settles those it left unsettled. */
export type CommitBatch<V> = (key: string, batch: readonly PendingUpdate<V>[]) => Promise<void>;

export function createUpdateBatches<V>(commit: CommitBatch<V>) {
  const waiting = new Map<string, PendingUpdate<V>[]>();
  const writing = new Set<string>();
  const drain = async (key: string) => {
    writing.add(key);
    for (let batch = waiting.get(key); batch; batch = waiting.get(key)) {
      waiting.delete(key);
      try {
        await commit(key, batch);
      } catch (error) {
        for (const update of batch) update.reject(error);
      }
    }
    writing.delete(key);
  };
  return function update(key: string, change: StoreChange<V>, options?: EntryOptions): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const batch = waiting.get(key) ?? [];
      batch.push({ change, options, resolve, reject });
      waiting.set(key, batch);
      if (!writing.has(key)) void drain(key);
    });
  };
}
