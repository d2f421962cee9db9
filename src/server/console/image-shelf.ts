/**
 * The last images answers carried while the console watched, by id, for its thumbnails: bounded in
 * count so a console left open on a busy server keeps a fixed amount of memory.
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Enough for a screen of thumbnails; older ones answer 404 and the console shows their size only. */
const SHELF_IMAGES = 50;

export interface ImageShelf {
  /** Keeps `png` and returns its id. */
  put(png: Uint8Array): string;
  get(id: string): Uint8Array | undefined;
}

export function createImageShelf(max = SHELF_IMAGES): ImageShelf {
  const images = new LRUCache<string, Uint8Array>({ max });
  // Ids differ between processes, so a browser never shows a cached image of an earlier run.
  const run = randomBytes(4).toString('hex');
  let next = 0;
  return {
    put(png) {
      const id = `${run}-${++next}`;
      images.set(id, png);
      return id;
    },
    get: (id) => images.get(id),
  };
}
