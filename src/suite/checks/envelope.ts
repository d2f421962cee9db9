/**
 * Each upstream's envelope rules, beyond what the schemas can say: aibabe's `code`/`success`/
 * `message`/`traceId`/`timestamp` agree with each other and with the clock; Dify's error `status`
 * repeats the HTTP status; chatfire's errors are one `error` object and successes carry none.
 */
import { CheckFailure, throwIfAny } from '../check-failure.js';
import { isObject } from '../schema-walk.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

const AIBABE_SUCCESS_CODE = 10200;
const TRACE_ID = /^[A-Za-z0-9]{32}$/;
const EPOCH_MS_STRING = /^[1-9][0-9]{12}$/;
/** How far an envelope timestamp may be from the suite's clock. */
const TIMESTAMP_SKEW_MS = 24 * 60 * 60 * 1000;

export function envelopeRules(input: CheckInput): CheckOutcome {
  const body = input.response.json;
  if (!isObject(body)) return NOT_APPLICABLE;
  switch (input.operation.upstream) {
    case 'aibabe': return aibabeEnvelope(body, input);
    case 'dify': return difyErrorEnvelope(body, input);
    case 'chatfire': return chatfireErrorEnvelope(body, input);
    default: return NOT_APPLICABLE;
  }
}

function aibabeEnvelope(body: Record<string, unknown>, { now }: CheckInput): CheckOutcome {
  const failures: CheckFailure[] = [];
  const fail = (pointer: string, received: unknown, documented: unknown) => failures.push(new CheckFailure({ check: 'envelope_rules', pointer, received, documented }));
  for (const field of ['code', 'success', 'message', 'traceId', 'timestamp']) {
    if (!(field in body)) fail(`/${field}`, undefined, 'present in every aibabe response');
  }
  if ('success' in body && 'code' in body && (body.success === true) !== (body.code === AIBABE_SUCCESS_CODE)) {
    fail('/code', body.code, body.success === true ? `${AIBABE_SUCCESS_CODE} when success is true` : `not ${AIBABE_SUCCESS_CODE} when success is false`);
  }
  if (body.success === false && body.data !== undefined && body.data !== null) fail('/data', body.data, 'null on errors');
  if ('traceId' in body && !(typeof body.traceId === 'string' && TRACE_ID.test(body.traceId))) fail('/traceId', body.traceId, '32 letters and digits');
  if ('timestamp' in body) {
    if (!(typeof body.timestamp === 'string' && EPOCH_MS_STRING.test(body.timestamp))) fail('/timestamp', body.timestamp, 'epoch milliseconds as a 13-digit string');
    else if (Math.abs(Number(body.timestamp) - now) > TIMESTAMP_SKEW_MS) fail('/timestamp', body.timestamp, `server time within a day of ${now}`);
  }
  throwIfAny(failures);
}

function difyErrorEnvelope(body: Record<string, unknown>, { response }: CheckInput): CheckOutcome {
  if (response.status < 400) return NOT_APPLICABLE;
  const failures: CheckFailure[] = [];
  if (typeof body.code !== 'string') failures.push(new CheckFailure({ check: 'envelope_rules', pointer: '/code', received: body.code, documented: 'a string error code' }));
  if (typeof body.message !== 'string') failures.push(new CheckFailure({ check: 'envelope_rules', pointer: '/message', received: body.message, documented: 'a string message' }));
  if (body.status !== response.status) failures.push(new CheckFailure({ check: 'envelope_rules', pointer: '/status', received: body.status, documented: `${response.status} (the HTTP status)` }));
  throwIfAny(failures);
}

function chatfireErrorEnvelope(body: Record<string, unknown>, { response }: CheckInput): CheckOutcome {
  if (response.status < 400) {
    if ('error' in body && body.status !== 'failed') {
      throw new CheckFailure({ check: 'envelope_rules', pointer: '/error', received: body.error, documented: 'no error object on a 2xx (only a failed task has one)' });
    }
    return;
  }
  const error = body.error;
  if (!isObject(error)) throw new CheckFailure({ check: 'envelope_rules', pointer: '/error', received: error, documented: '{message, type, code}' });
  const failures: CheckFailure[] = [];
  if (typeof error.message !== 'string' || error.message === '') failures.push(new CheckFailure({ check: 'envelope_rules', pointer: '/error/message', received: error.message, documented: 'a non-empty message' }));
  if (typeof error.type !== 'string') failures.push(new CheckFailure({ check: 'envelope_rules', pointer: '/error/type', received: error.type, documented: 'a string type' }));
  if (!('code' in error)) failures.push(new CheckFailure({ check: 'envelope_rules', pointer: '/error/code', received: undefined, documented: 'present (string or null)' }));
  throwIfAny(failures);
}
