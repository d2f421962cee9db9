import { expect, it } from 'vitest';
import { createImageShelf } from './image-shelf.js';

it('keeps only the newest images, each under its own id', () => {
  const shelf = createImageShelf(2);
  const ids = [1, 2, 3].map((byte) => shelf.put(new Uint8Array([byte])));
  expect(new Set(ids).size).toBe(3);
  expect(ids.map((id) => shelf.get(id)?.[0])).toEqual([undefined, 2, 3]);
});
