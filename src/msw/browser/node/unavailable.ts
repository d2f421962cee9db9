/**
 * `node:fs`, `node:path`, `node:url`, `node:module` and `node:http` in the browser bundle. The
 * modules that import them read contracts and mocks from disk, or listen on a port; the bundle
 * carries its contracts and mocks as data and listens nowhere, so none of those functions runs.
 * Each throws if one ever does, except the two that modules call as they load, to name their
 * default folders.
 */
function unavailable(what: string): () => never {
  return () => {
    throw new Error(`Failed to ${what}: the browser bundle has no file system and no server. Pass the data as options instead.`);
  };
}

export const fileURLToPath = (url: URL | string): string => String(url);
export const createRequire = (): ((name: string) => never) => unavailable('load a module');

export const pathToFileURL = unavailable('make a file URL');
export const readFile = unavailable('read a file');
export const readFileSync = unavailable('read a file');
export const readdir = unavailable('list a folder');
export const existsSync = unavailable('look for a file');
export const writeFile = unavailable('write a file');
export const writeFileSync = unavailable('write a file');
export const mkdir = unavailable('make a folder');
export const createServer = unavailable('listen');
export class ServerResponse {
  constructor() {
    unavailable('answer over node:http')();
  }
}

const path = { join: unavailable('join a path'), dirname: unavailable('name a folder'), basename: unavailable('name a file'), relative: unavailable('relate two paths'), resolve: unavailable('resolve a path'), extname: unavailable('name an extension') };
export default path;
