/** The checks no single option's schema can make: a port for a known upstream, a token for an exposed host, a Redis URL that parses, a Redis for a prefix. */
import { DEFAULT_PORTS } from '../app/create-mock-servers.js';
import { isLoopbackHost } from '../server/loopback.js';
import { ConfigError } from './config-error.js';
import { SCHEMA } from './serve-config-schema.js';
import { DEFAULT_HOST, type ServeConfig } from './serve-defaults.js';
import { PORT_FLAG, PORTS_ENV } from './serve-options.js';

/** A port for an upstream no registry entry has is a typo, not a wish: refused, naming the ids there are. */
export function checkPortIds(config: ServeConfig, sources: ReadonlyMap<string, string>): void {
  for (const id of Object.keys(config.ports ?? {})) {
    if (Object.hasOwn(DEFAULT_PORTS, id)) continue;
    const source = sources.get(`/ports/${id}`) ?? PORT_FLAG;
    const subject = source === PORT_FLAG || source === PORTS_ENV ? `${source} ${id}` : `${source} /ports/${id}`;
    throw new ConfigError({ source, pointer: `/ports/${id}`, subject, reason: 'names no upstream', fix: `Use ${Object.keys(DEFAULT_PORTS).join(', ')}` });
  }
}

/** A host beyond loopback exposes the admin API, so it needs an admin token of the length the schema asks for. */
export function checkExposure(config: ServeConfig, sources: ReadonlyMap<string, string>): void {
  const host = config.host ?? DEFAULT_HOST;
  if (isLoopbackHost(host)) return;
  const minLength = SCHEMA.$defs.exposedAdminToken?.minLength ?? 1;
  const token = config.adminToken;
  if (token !== undefined && token.length >= minLength) return;
  const hostSource = sources.get('/host') ?? 'the default';
  const tokenSource = sources.get('/adminToken');
  throw new ConfigError({
    source: tokenSource ?? hostSource,
    pointer: '/adminToken',
    subject: `host ${host} (from ${hostSource})`,
    reason: `exposes the admin API beyond this machine, so it needs an admin token of at least ${minLength} characters; ${token === undefined ? 'none was given' : `the one from ${tokenSource} has ${token.length}`}`,
    fix: 'Pass --admin-token <token> (or PIXMOCK_ADMIN_TOKEN, or adminToken in the config file), e.g. one made by `openssl rand -hex 16`; or bind to 127.0.0.1',
  });
}

/** A Redis prefix without a Redis URL does nothing, which is rather a forgotten URL than a wish. */
export function checkRedisPrefix(config: ServeConfig, sources: ReadonlyMap<string, string>): void {
  if (config.redis?.prefix === undefined || config.redis.url !== undefined) return;
  const source = sources.get('/redis/prefix') ?? '--redis-prefix';
  throw new ConfigError({
    source,
    pointer: '/redis/url',
    subject: `the Redis prefix from ${source}`,
    reason: 'is given without a Redis URL, so nothing would use it',
    fix: 'Add --redis <url> (PIXMOCK_REDIS_URL, or redis.url in the config file), or leave the prefix out',
  });
}

/** The schema checks the URL's scheme; a port or host that does not parse is caught here, without echoing a URL that may carry a password. */
export function checkRedisUrl(config: ServeConfig, sources: ReadonlyMap<string, string>): void {
  const url = config.redis?.url;
  if (url === undefined || URL.canParse(url)) return;
  const source = sources.get('/redis/url') ?? '--redis';
  throw new ConfigError({
    source,
    pointer: '/redis/url',
    subject: `the Redis URL from ${source}`,
    reason: 'is not a URL Node can read (a port over 65535, a stray character in the host or the password)',
    fix: 'Give redis://[user:password@]host:port[/db], with characters of the password percent-encoded, e.g. redis://127.0.0.1:6379',
  });
}
