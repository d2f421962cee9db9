/**
 * The system clock shared by replicas: wall time plus an offset kept in Redis. `advance` on any
 * replica (`POST /__pixmock/clock`) adds to the offset there and nudges the others, which move
 * their own clock by the same step, so timers that fall due fire on every replica: a chat image
 * held on one replica completes when another replica's clock is advanced.
 *
 * @example
 * const clock = await createRedisClock({ settings, logger });
 * await clock.advance(60_000); // every replica is a minute later
 */
import type { Logger } from '../core/index.js';
import { checkAdvance, createSystemClock, type Clock } from '../sim/clock.js';
import type { SharedSettings } from './shared-settings.js';

const OFFSET_FIELD = 'clockOffsetMs';

export interface RedisClockOptions {
  settings: SharedSettings;
  logger: Logger;
}

export async function createRedisClock({ settings, logger }: RedisClockOptions): Promise<Clock> {
  const local = createSystemClock();
  let applied = 0;
  /** Moves this replica's clock up to the shared offset; a step is taken once, whoever asks first. */
  const catchUp = async (offset: number) => {
    if (!(offset > applied)) return;
    const step = offset - applied;
    applied = offset;
    await local.advance(step);
  };
  settings.onChange(OFFSET_FIELD, (value) => {
    const offset = Number(value ?? 0);
    // Behind what this replica had: Redis restarted empty. Writing it back keeps every replica's time.
    const following = offset < applied ? settings.increment(OFFSET_FIELD, 0, applied) : catchUp(offset);
    following.catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'could not follow the shared clock'));
  });
  await catchUp(Number(settings.field(OFFSET_FIELD).get() ?? 0));
  return {
    ...local,
    async advance(ms) {
      checkAdvance(local.now(), ms);
      await catchUp(await settings.increment(OFFSET_FIELD, ms, applied));
    },
  };
}
