/** What a config holds, and what `pixmock serve` uses for a field nothing sets. */
import { DEFAULT_PORTS } from '../app/create-mock-servers.js';
import { DEFAULT_LIMITS, type ServerLimits } from '../core/index.js';
import { DEFAULT_REDIS_PREFIX } from '../redis/redis-options.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_GRACE_MS = 5_000;

/** What a config file may hold (serve-config.schema.json); flags and variables set the same fields. */
export interface ServeConfig {
  host?: string;
  ports?: Record<string, number>;
  latency?: string;
  timeScale?: number;
  seed?: number;
  replayIds?: boolean;
  mocks?: string;
  adminToken?: string;
  graceMs?: number;
  /** Origin lists as the flags take them: comma-separated. */
  cors?: { enabled?: boolean; origins?: string; adminOrigins?: string };
  limits?: Partial<ServerLimits>;
  redis?: { url?: string; prefix?: string };
}

export const SERVE_DEFAULTS: ServeConfig = { host: DEFAULT_HOST, ports: DEFAULT_PORTS, latency: 'realistic', timeScale: 1, graceMs: DEFAULT_GRACE_MS, limits: DEFAULT_LIMITS, redis: { prefix: DEFAULT_REDIS_PREFIX } };
