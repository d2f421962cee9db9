import { describe, expect, it } from 'vitest';
import { describeStateStores } from '../test-helpers/state-stores-conformance.js';
import { createManualClock } from './clock.js';
import { createMemoryStateStores } from './state-stores.js';

describeStateStores('in-memory', createMemoryStateStores);

describe('in-memory state stores', () => {
  const stores = () => createMemoryStateStores({ upstream: 'test', clock: createManualClock(), timeScale: 1, maxBytesPerStore: 10_000 });

  it('freeze what they keep, so a handler that changes a stored value in place fails as it would with a shared store', async () => {
    const tasks = stores().create<{ status: string; images: { url: string }[] }>('tasks', { max: 10 });
    const task = { status: 'pending', images: [{ url: 'a' }] };
    await tasks.set('t1', task);
    const stored = await tasks.get('t1');
    expect(() => Object.assign(stored ?? {}, { status: 'completed' })).toThrow(TypeError);
    expect(() => stored?.images.push({ url: 'b' })).toThrow(TypeError);
  });

  it('keep no entry larger than the bytes each store may hold, and drop the oldest to fit a new one', async () => {
    const notes = stores().create<string>('notes', { max: 100 });
    await notes.set('huge', 'x'.repeat(6_000));
    expect(await notes.get('huge')).toBeUndefined();
    for (const key of ['a', 'b', 'c']) await notes.set(key, 'y'.repeat(2_000));
    expect(await notes.get('a')).toBeUndefined();
    expect(await notes.get('c')).toBeDefined();
  });
});
