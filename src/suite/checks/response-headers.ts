import { CheckFailure, throwIfAny } from '../check-failure.js';
import { matchingIds } from '../catalogue-match.js';
import type { HeaderRule } from '../promises.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

const MAX_AGE = /(?:^|,)\s*max-age=(\d+)/i;
/** Seconds of rounding and transit allowed between the server computing max-age and the suite reading it. */
const MAX_AGE_SLACK_SECONDS = 2;

/**
 * Headers clients read are right: an image download's Content-Length equals its bytes, a chatfire
 * image's Cache-Control does not outlive its expires_at, an event stream is neither cached nor
 * buffered, and an error whose catalogue entry lists headers (Dify's 401 `WWW-Authenticate`)
 * carries them.
 */
export function responseHeaders({ exchange, response, promises, operation, contracts, now }: CheckInput): CheckOutcome {
  const rules = promises.headers.rules.filter((rule) => rule.upstream === operation.upstream && rule.operationId === operation.operationId
    && rule.status === response.status && (!rule.mediaType || rule.mediaType === response.mediaType));
  const expected = documentedErrorHeaders(response, operation.upstream, contracts);
  if (rules.length === 0 && expected.length === 0) return NOT_APPLICABLE;
  const failures = rules.flatMap((rule) => judgeRule(rule, exchange.notes.expiresAt, response.headers, response.body.length, response.aborted === true, now));
  for (const { id, name, value } of expected) {
    const received = response.headers[name.toLowerCase()];
    if (received !== value) failures.push(new CheckFailure({ check: 'response_headers', pointer: `header:${name}`, received: received ?? '(absent)', documented: `${value} on ${id} (${promises.headers.catalogueSource})` }));
  }
  throwIfAny(failures);
}

/** The headers the catalogue entry of an error response lists (Dify's WWW-Authenticate on 401). */
function documentedErrorHeaders(response: CheckInput['response'], upstream: string, contracts: CheckInput['contracts']): { id: string; name: string; value: string }[] {
  if (isSuccess(response) || response.json === undefined) return [];
  const catalogue = contracts.upstream(upstream).errors;
  const [id] = matchingIds(catalogue, response.status, response.json);
  if (id === undefined) return [];
  return Object.entries(catalogue.entry(id).headers ?? {}).map(([name, value]) => ({ id, name, value }));
}

function judgeRule(rule: HeaderRule, expiresAt: number | undefined, headers: Record<string, string>, bytes: number, aborted: boolean, now: number): CheckFailure[] {
  const received = headers[rule.header.toLowerCase()];
  const fail = (value: unknown, documented: string) => [new CheckFailure({ check: 'response_headers', severity: rule.severity, pointer: `header:${rule.header}`, received: value ?? '(absent)', documented: `${documented} (${rule.source})` })];
  switch (rule.rule) {
    case 'content-length':
      if (aborted) return [];
      return received !== undefined && Number(received) === bytes ? [] : fail(received === undefined ? '(absent: the body came without a length)' : received, `${bytes}, the bytes of the body`);
    case 'equals':
      return received?.trim().toLowerCase() === rule.value?.toLowerCase() ? [] : fail(received, String(rule.value));
    case 'max-age-until': {
      if (expiresAt === undefined) return [];
      const left = expiresAt - Math.floor(now / 1000);
      const maxAge = received === undefined ? undefined : MAX_AGE.exec(received)?.[1];
      if (maxAge !== undefined && Number(maxAge) > 0 && Number(maxAge) <= left + MAX_AGE_SLACK_SECONDS) return [];
      return fail(received, `max-age between 1 and the ${left} s left until expires_at ${expiresAt}`);
    }
    default:
      return [];
  }
}
