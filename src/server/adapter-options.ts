/** What both adapters need besides the dispatch and the admin API. */
import type { ImageShelf } from './console/image-shelf.js';
import type { CorsPolicies } from './cors.js';

export interface AdapterOptions {
  cors: CorsPolicies;
  /** Where answers' images go while the console watches the journal. */
  shelf: ImageShelf;
}
