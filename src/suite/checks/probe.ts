/**
 * Judges a probe exchange, a follow-up request a flow sent to test a promise across calls
 * (fixtures/suite/promises.json `state.probes`): it was accepted, or refused with exactly the
 * catalogue error the promise names. Each state check judges only its own probes.
 */
import { CheckFailure } from '../check-failure.js';
import { matchesEntry, matchingIds } from '../catalogue-match.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

export function judgeProbe(check: string, { exchange, response, promises, contracts, operation }: CheckInput): CheckOutcome {
  const probe = exchange.notes.probe;
  const rule = probe ? promises.state.probes[probe.name] : undefined;
  if (!probe || !rule || rule.check !== check) return NOT_APPLICABLE;
  const catalogue = contracts.upstream(operation.upstream).errors;
  const summary = () => {
    const ids = response.json === undefined ? [] : matchingIds(catalogue, response.status, response.json);
    return `${response.status} ${ids.length > 0 ? ids.join(' | ') : isSuccess(response) ? 'accepted' : JSON.stringify(response.json ?? response.body.toString('utf8', 0, 80)).slice(0, 120)}`;
  };
  if (rule.expect === 'accepted') {
    if (isSuccess(response)) return;
    throw new CheckFailure({ check, pointer: probe.pointer, received: summary(), documented: `accepted: ${rule.promise} (${rule.source})` });
  }
  const ids = rule.errorIds ?? [];
  if (ids.some((id) => matchesEntry(catalogue, id, response.status, response.json))) return;
  throw new CheckFailure({
    check,
    pointer: probe.pointer,
    received: summary(),
    documented: `${ids.map((id) => `${catalogue.entry(id).status} ${id}`).join(' or ')}: ${rule.promise} (${rule.source})`,
  });
}
