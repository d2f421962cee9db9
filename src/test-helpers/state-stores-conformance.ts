/**
 * What every state store promises the upstreams, as tests any implementation must pass: the
 * in-memory default runs them (src/sim/state-stores.test.ts), and so must a store kept elsewhere
 * (Redis), given its factory. Time is a manual clock the stores read, as in the mock.
 *
 * @example
 * describeStateStores('redis', (options) => createRedisStateStores({ connection, prefix, settings })(options));
 */
import { describe, expect, it } from 'vitest';
import { createManualClock, type Clock } from '../sim/clock.js';
import type { StateStores, StateStoresFactory } from '../sim/state-stores.js';

const MAX_BYTES = 1024 * 1024;

export function describeStateStores(name: string, createStores: StateStoresFactory): void {
  const setUp = (timeScale = 1): { clock: Clock; stores: StateStores } => {
    const clock = createManualClock({ startMs: 1_000 });
    return { clock, stores: createStores({ upstream: 'conformance', clock, timeScale, maxBytesPerStore: MAX_BYTES }) };
  };

  describe(`${name} state stores`, () => {
    it('give back what was set, and nothing for a key never set', async () => {
      const { stores } = setUp();
      const covers = stores.create<{ id: string; tags: string[] }>('covers', { max: 10 });
      await covers.set('c1', { id: 'c1', tags: ['a'] });
      expect(await covers.get('c1')).toEqual({ id: 'c1', tags: ['a'] });
      expect(await covers.get('c2')).toBeUndefined();
    });

    it('keep stores of the same upstream apart by name', async () => {
      const { stores } = setUp();
      await stores.create<number>('usage', { max: 10 }).set('k', 1);
      expect(await stores.create<number>('buckets', { max: 10 }).get('k')).toBeUndefined();
    });

    it('delete an entry once: only the first of two deletes finds it', async () => {
      const { stores } = setUp();
      const covers = stores.create<string>('covers', { max: 10 });
      await covers.set('c1', 'x');
      expect(await Promise.all([covers.delete('c1'), covers.delete('c1')])).toEqual([true, false]);
      expect(await covers.get('c1')).toBeUndefined();
    });

    it('apply concurrent updates of one key one after the other, none lost', async () => {
      const { stores } = setUp();
      const counters = stores.create<number>('counters', { max: 10 });
      await Promise.all(Array.from({ length: 20 }, () => counters.update('n', (value = 0) => value + 1)));
      expect(await counters.get('n')).toBe(20);
    });

    it('write nothing when an update throws, and pass its error on', async () => {
      const { stores } = setUp();
      const usage = stores.create<number>('usage', { max: 10 });
      await usage.set('k', 5);
      await expect(
        usage.update('k', () => {
          throw new Error('quota reached');
        }),
      ).rejects.toThrow('quota reached');
      expect(await usage.get('k')).toBe(5);
    });

    it('refuse only the one of several concurrent updates that throws, and resolve each other to the value it wrote', async () => {
      const { stores } = setUp();
      const usage = stores.create<number>('usage', { max: 10 });
      const add = (value = 0) => value + 1;
      const refuse = () => {
        throw new Error('quota reached');
      };
      const outcomes = await Promise.allSettled([usage.update('k', add), usage.update('k', refuse), usage.update('k', add), usage.update('k', add)]);
      expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([1, 'quota reached', 2, 3]);
      expect(await usage.get('k')).toBe(3);
    });

    it('delete an entry when an update returns undefined, and resolve to the value stored after', async () => {
      const { stores } = setUp();
      const usage = stores.create<number>('usage', { max: 10 });
      expect(await usage.update('k', () => 3)).toBe(3);
      expect(await usage.update('k', () => undefined)).toBeUndefined();
      expect(await usage.count()).toBe(0);
    });

    it('expire entries after their TTL in simulated time', async () => {
      const { clock, stores } = setUp();
      const covers = stores.create<string>('covers', { ttlMs: 30 * 60_000, max: 10 });
      await covers.set('c1', 'x');
      await clock.advance(30 * 60_000);
      expect(await covers.get('c1')).toBe('x');
      await clock.advance(1);
      expect(await covers.get('c1')).toBeUndefined();
      expect(await covers.count()).toBe(0);
      expect(await covers.values()).toEqual([]);
    });

    it('find nothing to delete once an entry has expired, so an expired coverId cannot be spent', async () => {
      const { clock, stores } = setUp();
      const covers = stores.create<string>('covers', { ttlMs: 30 * 60_000, max: 10 });
      await covers.set('c1', 'x');
      await clock.advance(30 * 60_000 + 1);
      expect(await covers.delete('c1')).toBe(false);
    });

    it('measure TTLs in simulated time when the clock is scaled', async () => {
      const { clock, stores } = setUp(100);
      const covers = stores.create<string>('covers', { ttlMs: 30 * 60_000, max: 10 });
      await covers.set('c1', 'x');
      await clock.advance(18_001);
      expect(await covers.get('c1')).toBeUndefined();
    });

    it('let one entry live longer or shorter than the store’s TTL', async () => {
      const { clock, stores } = setUp();
      const tasks = stores.create<string>('tasks', { ttlMs: 1_000, max: 10 });
      await tasks.set('long', 'x', { ttlMs: 5_000 });
      await tasks.set('short', 'y', { ttlMs: 10 });
      await clock.advance(2_000);
      expect(await tasks.get('long')).toBe('x');
      expect(await tasks.get('short')).toBeUndefined();
    });

    it('count and list the live entries', async () => {
      const { stores } = setUp();
      const agents = stores.create<{ id: string }>('agents', { max: 10 });
      await agents.set('a', { id: 'a' });
      await agents.set('b', { id: 'b' });
      expect(await agents.count()).toBe(2);
      expect((await agents.values()).map((agent) => agent.id).sort()).toEqual(['a', 'b']);
    });

    it('drop the least recently used entry beyond max', async () => {
      const { stores } = setUp();
      const store = stores.create<number>('x', { max: 2 });
      await store.set('a', 1);
      await store.set('b', 2);
      await store.set('c', 3);
      expect((await store.values()).sort()).toEqual([2, 3]);
    });

    it('keep a setting until it is set again or cleared', async () => {
      const { stores } = setUp();
      const scenario = stores.setting('scenario');
      expect(scenario.get()).toBeUndefined();
      await scenario.set('runpod_failure');
      expect(stores.setting('scenario').get()).toBe('runpod_failure');
      await scenario.set(undefined);
      expect(scenario.get()).toBeUndefined();
    });

    it('report entries and bytes per store, and empty every store on reset', async () => {
      const { stores } = setUp();
      const covers = stores.create<string>('covers', { max: 10 });
      stores.create<string>('agents', { max: 10 });
      await covers.set('c1', 'x'.repeat(100));
      expect(await stores.sizes()).toEqual({ covers: 1, agents: 0 });
      const bytes = await stores.bytes();
      expect(bytes.covers).toBeGreaterThanOrEqual(200);
      expect(bytes.agents).toBe(0);
      await stores.reset();
      expect(await stores.sizes()).toEqual({ covers: 0, agents: 0 });
      expect(await covers.get('c1')).toBeUndefined();
    });
  });
}
