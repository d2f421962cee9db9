import { expect, it } from 'vitest';
import { createImageShelf } from './image-shelf.js';

it('keeps only the newest images, each under an id no other process issues', () => {
  const shelf = createImageShelf(2);
  const ids = [1, 2, 3].map((byte) => shelf.put(new Uint8Array([byte])));
  expect(new Set(ids).size).toBe(3);
  expect(ids.map((id) => shelf.get(id)?.[0])).toEqual([undefined, 2, 3]);
  expect(createImageShelf(2).put(new Uint8Array([1]))).not.toBe(ids[0]);
});
