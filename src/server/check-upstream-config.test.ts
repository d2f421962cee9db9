import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createMockServer } from '../app/create-mock-servers.js';
import { ConfigReferenceError } from '../core/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const copies: string[] = [];
afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Copies of contracts/ and mocks/ with one YAML file changed: `file` is `mocks/<id>/x.yaml` or `contracts/<id>/openapi.yaml`. */
async function brokenCopy(file: string, change: (doc: Yaml) => void): Promise<{ contractsDir: string; mocksDir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-references-'));
  copies.push(dir);
  await Promise.all([cp(path.join(ROOT, 'contracts'), path.join(dir, 'contracts'), { recursive: true }), cp(path.join(ROOT, 'mocks'), path.join(dir, 'mocks'), { recursive: true })]);
  const target = path.join(dir, file);
  const doc = parse(await readFile(target, 'utf8')) as Yaml;
  change(doc);
  await writeFile(target, stringify(doc));
  return { contractsDir: path.join(dir, 'contracts'), mocksDir: path.join(dir, 'mocks') };
}

async function startFailure(upstream: string, dirs: { contractsDir: string; mocksDir: string }): Promise<ConfigReferenceError> {
  const error = await createMockServer(upstream, { ...dirs, latency: 'instant' }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ConfigReferenceError);
  return error as ConfigReferenceError;
}

const CHAT_IMAGE = ['paths', '/v1/chat/image', 'post'] as const;
const at = (doc: Yaml, keys: readonly string[]): Yaml => keys.reduce((node, key) => node[key], doc);

describe('a broken reference refuses the start, naming the file, the field and the fix', () => {
  it.each([
    {
      kind: 'a scenario naming an unknown catalogue error',
      upstream: 'chatfire',
      file: 'mocks/chatfire/scenarios.yaml',
      change: (doc: Yaml) => (doc.invalid_model.error = 'invalid_modle'),
      field: '/invalid_model/error',
      fix: /names the error "invalid_modle", which the catalogue .* does not have\. Use one of .*invalid_model/,
    },
    {
      kind: 'a scenario limited to an unknown operation',
      upstream: 'dify',
      file: 'mocks/dify/scenarios.yaml',
      change: (doc: Yaml) => (doc.node_failed.operations = ['runWorkflo']),
      field: '/node_failed/operations/0',
      fix: /names the operation "runWorkflo", which .*dify\/openapi\.yaml does not document\. Use one of runWorkflow/,
    },
    {
      kind: 'a latency for an unknown operation',
      upstream: 'aibabe',
      file: 'mocks/aibabe/latency.yaml',
      change: (doc: Yaml) => (doc.chatImg = doc.chatImage),
      field: '/chatImg',
      fix: /names the operation "chatImg"/,
    },
    {
      kind: "an operation's x-pixmock-error-ids naming an unknown error",
      upstream: 'aibabe',
      file: 'contracts/aibabe/openapi.yaml',
      change: (doc: Yaml) => at(doc, CHAT_IMAGE)['x-pixmock-error-ids'].push('no_such_error'),
      field: '/paths/~1v1~1chat~1image/post/x-pixmock-error-ids/',
      fix: /names the error "no_such_error"/,
    },
    {
      kind: "an operation's x-pixmock-validation-errors naming an unknown error",
      upstream: 'chatfire',
      file: 'contracts/chatfire/openapi.yaml',
      change: (doc: Yaml) => (at(doc, ['paths', '/v1/images/generations', 'post'])['x-pixmock-validation-errors'].byField.model = 'invalid_modle'),
      field: '/paths/~1v1~1images~1generations/post/x-pixmock-validation-errors/byField/model',
      fix: /names the error "invalid_modle"/,
    },
    {
      kind: 'an operation that takes a body without x-pixmock-validation-errors',
      upstream: 'aibabe',
      file: 'contracts/aibabe/openapi.yaml',
      change: (doc: Yaml) => delete at(doc, CHAT_IMAGE)['x-pixmock-validation-errors'],
      field: '/paths/~1v1~1chat~1image/post/x-pixmock-validation-errors',
      fix: /chatImage takes a body but maps no violation to an error\. Add x-pixmock-validation-errors/,
    },
    {
      kind: 'a contract without x-pixmock-success',
      upstream: 'aibabe',
      file: 'contracts/aibabe/openapi.yaml',
      change: (doc: Yaml) => delete doc['x-pixmock-success'],
      field: '/x-pixmock-success',
      fix: /is missing .* Write x-pixmock-success: \{ code: 10200/,
    },
    {
      kind: 'a catalogue without an error the shell answers with',
      upstream: 'dify',
      file: 'contracts/dify/openapi.yaml',
      change: (doc: Yaml) => delete doc['x-pixmock-errors'].route_not_found,
      field: '/x-pixmock-errors',
      fix: /has no error "route_not_found", which pixmock answers for every upstream\. Add route_not_found/,
    },
    {
      kind: 'a task_failed scenario naming an unknown task failure',
      upstream: 'chatfire',
      file: 'mocks/chatfire/scenarios.yaml',
      change: (doc: Yaml) => {
        const name = Object.keys(doc).find((key) => doc[key].behavior === 'task_failed') as string;
        doc[name].params.failure = 'no_such_failure';
      },
      field: '/params/failure',
      fix: /names "no_such_failure", which .*chatfire\/task-failures\.yaml does not have\. Use one of/,
    },
    {
      kind: 'a task failure answering an unknown error',
      upstream: 'chatfire',
      file: 'mocks/chatfire/task-failures.yaml',
      change: (doc: Yaml) => (doc.reference_image_unreachable.openaiError = 'no_such_error'),
      field: '/reference_image_unreachable/openaiError',
      fix: /names the error "no_such_error"/,
    },
    {
      kind: 'a stream_error scenario naming an unknown error and node',
      upstream: 'dify',
      file: 'mocks/dify/scenarios.yaml',
      change: (doc: Yaml) => {
        doc.stream_internal_error.params.error = 'no_such_error';
        doc.stream_internal_error.params.afterNodeStarted = '42';
      },
      field: '/stream_internal_error/params/afterNodeStarted',
      fix: /names "42", which .*dify\/graph\.yaml at \/nodes does not have/,
    },
    {
      kind: 'a default checkpoint that is not a model',
      upstream: 'dify',
      file: 'mocks/dify/checkpoints.yaml',
      change: (doc: Yaml) => (doc.default = 'sdxl_missing'),
      field: '/default',
      fix: /names "sdxl_missing", which .*dify\/checkpoints\.yaml at \/models does not have/,
    },
    {
      kind: 'a Dify checkpoint the contract\'s model_name enum does not offer',
      upstream: 'dify',
      file: 'mocks/dify/checkpoints.yaml',
      change: (doc: Yaml) => (doc.models.sdxl_extra = { ...doc.models[doc.default], style: 'extra' }),
      field: '/models/sdxl_extra',
      fix: /is a checkpoint the model_name enum of .*dify\/schemas\/common\.schema\.json at \/\$defs\/modelName\/enum does not offer.*Add sdxl_extra to that enum, or remove the checkpoint/,
    },
    {
      kind: 'a model the contract\'s model_name enum offers without a Dify checkpoint',
      upstream: 'dify',
      file: 'mocks/dify/checkpoints.yaml',
      change: (doc: Yaml) => delete doc.models.dosmix_,
      field: '/models',
      fix: /has no checkpoint "dosmix_", which the model_name enum .* offers .*Add dosmix_ here, or remove it from the enum/,
    },
    {
      kind: 'a ComfyUI failure scenario naming an unknown variant',
      upstream: 'aibabe',
      file: 'mocks/aibabe/scenarios.yaml',
      change: (doc: Yaml) => (doc.comfy_invalid_prompt.params.variant = 'no_such_variant'),
      field: '/comfy_invalid_prompt/params/variant',
      fix: /names "no_such_variant", which .*aibabe\/comfyui-errors\.yaml at \/variants does not have/,
    },
  ])('$kind', async ({ upstream, file, change, field, fix }) => {
    const dirs = await brokenCopy(file, change);
    const error = await startFailure(upstream, dirs);
    expect(error.message).toMatch(new RegExp(`^Failed to start ${upstream}: `));
    // Named where the user's copy is, relative to where pixmock runs.
    const shown = path.relative(process.cwd(), path.join(path.dirname(dirs.mocksDir), file));
    const problem = error.problems.find((candidate) => candidate.file === shown && candidate.field.includes(field));
    expect(problem, error.message).toBeDefined();
    expect(error.message).toContain(`${shown} at ${problem?.field}`);
    expect(error.message).toMatch(fix);
  });

  it('lists every broken reference at once', async () => {
    const error = await startFailure(
      'dify',
      await brokenCopy('mocks/dify/scenarios.yaml', (doc) => {
        doc.stream_internal_error.params.error = 'no_such_error';
        doc.stream_internal_error.params.blockingError = 'no_such_blocking_error';
      }),
    );
    expect(error.problems.map((problem) => problem.field)).toEqual(['/stream_internal_error/params/error', '/stream_internal_error/params/blockingError']);
    expect(error.message).toMatch(/2 references are broken/);
  });

  it('makes pixmock serve exit 2 with the message, before any port listens', async () => {
    const { mocksDir } = await brokenCopy('mocks/chatfire/scenarios.yaml', (doc) => (doc.invalid_model.error = 'invalid_modle'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', '--mocks', mocksDir, '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A start that hangs instead of refusing is stopped, so the test fails on its exit code.
    const hung = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(hung);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('pixmock: Failed to start chatfire: a reference is broken.');
    expect(stderr).toContain(`${path.relative(ROOT, path.join(mocksDir, 'chatfire/scenarios.yaml'))} at /invalid_model/error: names the error "invalid_modle"`);
  });
});
