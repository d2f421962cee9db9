/** `pixmock/msw` in the browser bundle: the four upstreams as MSW handlers inside the page (`msw/browser`). */
export { createPixmockHandlers, type BrowserPixmockHandlersOptions } from './create-pixmock-handlers.js';
export type { MswUpstream, PixmockHandlers } from '../pixmock-handlers.js';
