import { describe, expect, it } from 'vitest';
import type { Exchange } from '../types.js';
import type { CaseCheckInput } from './check.js';
import { taskLifecycle } from './task-lifecycle.js';

function input(...statuses: string[]): CaseCheckInput {
  const exchanges = statuses.map((status) => ({ operationId: 'getTask', notes: { task: { imageCount: 0 } }, response: { status: 200, json: { status, images: [] } } })) as unknown as Exchange[];
  return { exchanges, now: 0 } as unknown as CaseCheckInput;
}

describe('taskLifecycle', () => {
  it('accepts states that only move forward', () => {
    expect(() => taskLifecycle(input('pending', 'processing', 'completed'))).not.toThrow();
  });

  it.each(['constructor', 'toString', '__proto__', 'running'])('fails a task whose status is "%s"', (status) => {
    expect(() => taskLifecycle(input('pending', status))).toThrow(/pending, processing, completed or failed/);
  });
});
