/** How `createMockServers` reaches the Redis its replicas share (`pixmock serve --redis`). No code: importing it loads no Redis client. */
export interface RedisOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string;
  /** Every key and channel starts with it, so several deployments can share one Redis. Default `pixmock:`. */
  prefix?: string;
}

export const DEFAULT_REDIS_PREFIX = 'pixmock:';
