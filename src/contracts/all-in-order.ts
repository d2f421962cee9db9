/**
 * `Promise.all` for files read side by side whose errors must not depend on timing: once every
 * promise has settled, the values in order, or the error of the first one (in order) that failed.
 */
export async function allInOrder<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}
