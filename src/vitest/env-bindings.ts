/**
 * The environment variables a test file asks for, filled from the ready event: `'dify.url'` is
 * the Dify upstream's URL, `'chatfire.url/v1'` that URL with `/v1` after it, and a function gets
 * the whole event's upstreams. Setting them returns what restores the variables as they were.
 *
 * @example
 * const restore = applyEnv({ OPENAI_BASE_URL: 'chatfire.url/v1', OPENAI_API_KEY: 'chatfire.apiKey' }, ready.upstreams);
 * restore();
 */

/** What `pixmock serve --json` prints per upstream: its `url` and its demo credentials. */
export type ReadyUpstreams = Record<string, Record<string, string>>;

/** `'<upstream>.<field>'`, optionally followed by text to append (`/v1`), or a function of the upstreams. */
export type EnvBinding = string | ((upstreams: ReadyUpstreams) => string);

export type EnvBindings = Record<string, EnvBinding>;

const BINDING = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)(.*)$/;

export function resolveEnv(bindings: EnvBindings, upstreams: ReadyUpstreams): Record<string, string> {
  return Object.fromEntries(Object.entries(bindings).map(([name, binding]) => [name, typeof binding === 'function' ? binding(upstreams) : lookUp(name, binding, upstreams)]));
}

/** Sets the variables and returns the function that puts back the earlier values (or removes them). */
export function applyEnv(values: Record<string, string>): () => void {
  const earlier = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return function restoreEnv() {
    for (const [name, value] of Object.entries(earlier)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function lookUp(name: string, binding: string, upstreams: ReadyUpstreams): string {
  const [, upstream = '', field = '', suffix = ''] = BINDING.exec(binding) ?? [];
  const fields = upstreams[upstream];
  if (fields === undefined) {
    throw new RangeError(`Failed to set ${name}: "${binding}" names the upstream "${upstream}", which this pixmock does not serve. Use one of ${Object.keys(upstreams).join(', ')}, or add it to upstreams.`);
  }
  const value = fields[field];
  if (value === undefined) {
    throw new RangeError(`Failed to set ${name}: "${binding}" names the field "${field}", which ${upstream} does not have. Use one of ${Object.keys(fields).join(', ')}, as in "${upstream}.url".`);
  }
  return value + suffix;
}
