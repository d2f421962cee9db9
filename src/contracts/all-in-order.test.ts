import { describe, expect, it } from 'vitest';
import { allInOrder } from './all-in-order.js';

/** A promise settled by the test, so the order of settling is the test's choice. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('allInOrder', () => {
  it('answers the values in the order of the promises, not of their settling', async () => {
    const [first, second] = [deferred<string>(), deferred<string>()];
    const all = allInOrder([first.promise, second.promise]);
    second.resolve('second');
    first.resolve('first');
    expect(await all).toEqual(['first', 'second']);
  });

  it('rejects with the error of the first failing promise in order, even when a later one fails sooner', async () => {
    const [first, second] = [deferred<string>(), deferred<string>()];
    const all = allInOrder([first.promise, second.promise]);
    second.reject(new Error('second file'));
    await Promise.resolve();
    first.reject(new Error('first file'));
    await expect(all).rejects.toThrow('first file');
  });
});
