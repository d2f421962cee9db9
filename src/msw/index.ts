/** `pixmock/msw`: the four upstreams as MSW handlers, in Node test runners (`msw/node`). */
export { createPixmockHandlers, type PixmockHandlersOptions } from './create-pixmock-handlers.js';
export type { MswUpstream, PixmockHandlers } from './pixmock-handlers.js';
