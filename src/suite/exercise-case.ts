/**
 * Sends a case's requests through its flow: the setup the flow prepares, the primary request
 * (with the case's mutation applied to its body, or sent twice for a replay), and the follow-ups
 * a successful positive case leads to.
 */
import type { FlowSession, SendInput, UpstreamFlow } from './flows/flow.js';
import { applyAtPointer } from './schema-walk.js';
import type { Exchange, SuiteCase } from './types.js';

/** Returns why the case was skipped when the flow cannot run it on this target, else undefined. */
export async function exerciseCase(suiteCase: SuiteCase, flow: UpstreamFlow, session: FlowSession): Promise<string | undefined> {
  const prepared = await flow.prepare(suiteCase, session);
  if (prepared.skip) return prepared.skip;
  const body = mutate(prepared.body ?? suiteCase.body, suiteCase);
  const base: SendInput = {
    operationId: suiteCase.operationId,
    role: 'primary',
    pathParams: prepared.pathParams ?? suiteCase.pathParams,
    query: prepared.query ?? suiteCase.query,
    ...(body !== undefined ? { json: body } : {}),
    ...(prepared.form ?? suiteCase.form ? { form: prepared.form ?? suiteCase.form } : {}),
    notes: prepared.notes,
    sse: flow.streams?.(body) ?? false,
  };
  let primary: Exchange;
  if (suiteCase.auth.kind === 'replayed-request') {
    const first = await session.send({ ...base, role: 'replay-first', auth: { kind: 'valid' }, notes: {} });
    primary = await session.send({ ...base, auth: suiteCase.auth, expect: suiteCase.expect, reuseHeadersFrom: first.request });
  } else {
    primary = await session.send({ ...base, auth: suiteCase.auth, expect: suiteCase.expect });
  }
  if (suiteCase.kind === 'positive' && primary.response && primary.response.status < 300) await flow.followUp(suiteCase, primary, session);
  return undefined;
}

function mutate(body: unknown, suiteCase: SuiteCase): unknown {
  const mutation = suiteCase.mutation;
  if (!mutation || body === undefined) return body;
  if (mutation.kind === 'remove') return applyAtPointer(body, mutation.pointer, { remove: true });
  if (mutation.kind === 'set') return applyAtPointer(body, mutation.pointer, { value: mutation.value });
  const size = Buffer.byteLength(JSON.stringify(body));
  return applyAtPointer(body, mutation.pointer, { value: `pixmock-oversize-${'x'.repeat(Math.max(0, mutation.bytes - size))}` });
}
