/** Fuzz cases sent in pipelined batches, each answer judged against its own request. */
import fc from 'fast-check';
import { sendPipelined } from '../pipelined-requests.js';
import { caseArb, toRawRequest, type OperationFuzz, type UpstreamFuzz } from './fuzz-case.js';
import type { FuzzServer } from './fuzz-server.js';
import { FUZZ_SEED } from './fuzz-settings.js';
import { judge, judgeUnknownRoute } from './judge-answer.js';
import { rawAnswer, type RawRequest } from './raw-http.js';

/**
 * Sends `batches` batches of `perBatch` cases, each batch pipelined on one connection, and judges
 * every answer against its own request: answers come back in order, and a server that closes the
 * connection does so only after saying `Connection: close`.
 */
export async function fuzzPipelined(fuzz: FuzzServer, spec: UpstreamFuzz, batches: number, perBatch = 4): Promise<number> {
  const targets: (OperationFuzz | undefined)[] = [...spec.operations, undefined];
  const cases = fc.sample(fc.oneof(...targets.map((operation) => caseArb(fuzz, spec, operation).map((fuzzCase) => ({ operation, fuzzCase })))), { seed: FUZZ_SEED, numRuns: batches * perBatch });
  let answered = 0;
  for (let start = 0; start < cases.length; start += perBatch) {
    const batch = cases.slice(start, start + perBatch).map(({ operation, fuzzCase }) => ({ operation, fuzzCase, raw: toRawRequest(spec, fuzzCase) }));
    const answers = await sendPipelined(fuzz.listening.port, batch.map(({ raw }) => ({ method: raw.method, path: raw.path, headers: flatHeaders(raw.headers), body: raw.body ?? undefined })));
    for (const [index, pipelined] of answers.entries()) {
      const { operation, fuzzCase, raw } = batch[index] as (typeof batch)[number];
      const answer = rawAnswer(pipelined.status, pipelined.headers, pipelined.body.toString('utf8'));
      const failure = operation ? judge(fuzz, operation.operationId, raw, answer) : judgeUnknownRoute(fuzz, fuzzCase.path, raw, answer);
      if (failure) throw new Error(`pipelined answer ${index + 1} of ${batch.length}: ${failure}\n  case: ${fuzzCase.method} ${raw.path} ${fuzzCase.body.label}`);
    }
    answered += answers.length;
  }
  return answered;
}

function flatHeaders(headers: RawRequest['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}
