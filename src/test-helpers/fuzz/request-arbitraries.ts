/**
 * Everything of a fuzzed request but its body: methods, path parameters, query strings, `Prefer`
 * values, the scenarios a case may ask for, and extra headers.
 */
import fc from 'fast-check';
import type { MockConfig } from '../../mocks/index.js';
import { PROTOTYPE_NAMES, prototypeNameArb } from './prototype-names.js';

export const METHODS_ARB = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

/** Path parameter values: ids, traversal in every encoding, broken percent-encoding, very long. */
const TRAVERSALS = [
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '..%5c..%5cwindows%5cwin.ini',
  '%c0%ae%c0%ae%2f',
  '..%00.png',
  '%00',
  '.png',
  '%E0%A4%A',
  '%',
  '%zz',
  '....%2F%2F',
  'a%2F..%2F..%2F..%2Fetc%2Fshadow.png',
  '12345678-1234-1234-1234-123456789abc.png',
  '12345678-1234-1234-1234-123456789abc',
];

export const paramArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRAVERSALS) },
  { weight: 1, arbitrary: prototypeNameArb },
  { weight: 2, arbitrary: fc.uuid().map((id) => id) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 24 }).map((text) => encodeURIComponent(text)) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((length) => 'a'.repeat(length)) },
);

export const queryArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('timestamp', 'nonce', 'sign', 'as_attachment', 'a[b][c]', 'a[]', 'page', ...PROTOTYPE_NAMES, 'constructor[prototype]', '__proto__[x]'), fc.string({ maxLength: 12 })), { maxLength: 4 })
      .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '')),
  },
  { weight: 1, arbitrary: fc.constantFrom('?%zz=1', '?a=%E0%A4%A', `?${'x'.repeat(4000)}=1`, '?&&&==&', '?a[][][][][][][][]=1') },
);

/** `Prefer` values: absent mostly; the documented keys with good and bad values; garbage. */
export function preferArb(scenarios: string[]): fc.Arbitrary<string | undefined> {
  return fc.option(
    fc.oneof(
      fc.constant('latency=0'),
      fc.integer({ min: 100, max: 599 }).map((code) => `code=${code}`),
      scenarios.length ? fc.constantFrom(...scenarios).map((name) => `scenario=${name}, latency=0`) : fc.constant('latency=0'),
      fc.constantFrom('scenario=no_such_scenario', 'latency=-5', 'latency=abc', 'code=99', 'code=abc', 'a=b=c', '=', ',,,', 'mode=openai', 'mode=bogus', 'edge=off', 'edge=on', 'respond-async'),
      // Numbers past every range: refused with the 422, never a timer that cannot be kept.
      fc.constantFrom('latency=1e300', `latency=${2 ** 31}`, `latency=${Number.MAX_SAFE_INTEGER}`, 'latency=Infinity', 'code=1e300', 'code=200.5'),
      prototypeNameArb.chain((name) => fc.constantFrom(`scenario=${name}`, `${name}=1`, `mode=${name}`, `edge=${name}`, `scenario=${name}, ${name}=${name}`)),
      fc.string({ maxLength: 20 }).filter((text) => /^[\x20-\x7e]*$/.test(text)),
    ),
    { nil: undefined, freq: 3 },
  );
}

/** Scenarios a fuzz case may pick: every one that answers without holding the connection. */
export function quickScenarios(mocks: MockConfig): string[] {
  const holding = new Set(['long_run', 'task_never_completes']);
  return Object.entries(mocks.scenarios)
    .filter(([, scenario]) => !scenario.fault || (scenario.fault.kind === 'gateway' && !scenario.fault.delayMs))
    .filter(([, scenario]) => !holding.has(String(scenario.behavior)))
    .map(([name]) => name);
}

/** A few extra headers per case (header floods have their own test). */
export const extraHeadersArb: fc.Arbitrary<Record<string, string>> = fc.option(
  fc.dictionary(
    fc.oneof(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.constantFrom('x-request-id', 'x-user-id', 'accept-language')),
    fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,64}$/), prototypeNameArb),
    { maxKeys: 20 },
  ),
  { nil: {}, freq: 4 },
) as fc.Arbitrary<Record<string, string>>;
