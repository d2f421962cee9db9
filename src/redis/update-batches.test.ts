import { describe, expect, it } from 'vitest';
import { createUpdateBatches, type PendingUpdate } from './update-batches.js';

/** A store of one number whose commits the test releases one at a time. */
function heldCommits() {
  let stored: number | undefined;
  const batches: number[] = [];
  const releases: (() => void)[] = [];
  const update = createUpdateBatches<number>(async (_key, batch: readonly PendingUpdate<number>[]) => {
    batches.push(batch.length);
    await new Promise<void>((release) => releases.push(release));
    for (const pending of batch) {
      stored = pending.change(stored);
      pending.resolve(stored);
    }
  });
  return { update, batches, release: () => releases.shift()?.(), stored: () => stored };
}

describe('update batches', () => {
  it('send the updates that arrive while a batch is written as the next batch, in the order they came', async () => {
    const { update, batches, release, stored } = heldCommits();
    const first = update('k', (value = 0) => value + 1);
    const later = [update('k', (value = 0) => value * 10), update('k', (value = 0) => value + 5)];
    expect(batches).toEqual([1]);
    release();
    expect(await first).toBe(1);
    await Promise.resolve();
    expect(batches).toEqual([1, 2]);
    release();
    expect(await Promise.all(later)).toEqual([10, 15]);
    expect(stored()).toBe(15);
  });

  it('keep keys apart: an update of another key does not wait', async () => {
    const { update, batches } = heldCommits();
    void update('a', () => 1);
    void update('b', () => 2);
    expect(batches).toEqual([1, 1]);
  });

  it('reject every update of a batch whose commit fails, and go on with the next batch', async () => {
    let failing = true;
    const update = createUpdateBatches<number>(async (_key, batch) => {
      if (failing) throw new Error('Redis is down');
      for (const pending of batch) pending.resolve(pending.change(undefined));
    });
    const failed = update('k', () => 1);
    failing = false;
    await expect(failed).rejects.toThrow('Redis is down');
    expect(await update('k', () => 2)).toBe(2);
  });
});
