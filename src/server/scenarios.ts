/**
 * Named scenarios (Pact's provider states): a `Prefer: scenario=` on the request wins over the
 * server-wide one set through the admin API; a scenario limited to some operations does not
 * touch the others.
 */
import type { ScenarioDefinition } from '../mocks/index.js';
import { PixmockProblem, type UpstreamContext } from '../core/index.js';

/** No scenario: shared, as most calls play none. */
const NO_SCENARIO: Readonly<{ name?: string; scenario?: ScenarioDefinition }> = Object.freeze({});

export function resolveScenario(
  ctx: UpstreamContext,
  operationId: string,
  requested: string | undefined,
): Readonly<{ name?: string; scenario?: ScenarioDefinition }> {
  const name = requested ?? ctx.activeScenario();
  if (!name) return NO_SCENARIO;
  const scenario = ctx.mocks.scenarios[name];
  if (!scenario) throw unknownScenario(ctx, name);
  if (scenario.operations && !scenario.operations.includes(operationId)) return NO_SCENARIO;
  return { name, scenario };
}

export function unknownScenario(ctx: UpstreamContext, name: string): PixmockProblem {
  return new PixmockProblem(
    422,
    'Unknown scenario',
    `${ctx.id} has no scenario "${name}". Known scenarios: ${Object.keys(ctx.mocks.scenarios).join(', ')} (mocks/${ctx.id}/scenarios.yaml).`,
  );
}
