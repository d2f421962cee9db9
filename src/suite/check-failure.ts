/**
 * A check failure as a typed error (Schemathesis style): a check throws it, the runner turns it
 * into a `Finding`, so one crashing check never aborts the suite.
 */
import type { Finding, Severity } from './types.js';

const PREVIEW_MAX_CHARS = 160;
/** Documented texts are the suite's own (a promise and its source), so they are kept longer than received values. */
const DOCUMENTED_MAX_CHARS = 500;

export interface CheckFailureFields {
  check: string;
  /** JSON pointer (or `status`, `header:content-type`, `event[2]/data/id`) the failure is about. */
  pointer: string;
  received: unknown;
  documented: unknown;
  severity?: Severity;
  operationId?: string;
}

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  readonly check: string;
  readonly pointer: string;
  readonly received: string;
  readonly documented: string;
  readonly severity: Severity;
  readonly operationId?: string;

  constructor(fields: CheckFailureFields, options?: { cause?: unknown }) {
    const received = preview(fields.received);
    const documented = preview(fields.documented, DOCUMENTED_MAX_CHARS);
    super(`${fields.check} at ${fields.pointer || '(root)'}: Received: ${received} / Documented: ${documented}`, options);
    this.check = fields.check;
    this.pointer = fields.pointer;
    this.received = received;
    this.documented = documented;
    this.severity = fields.severity ?? 'error';
    this.operationId = fields.operationId;
  }

  toFinding(caseId: string, operationId: string): Finding {
    return {
      check: this.check,
      caseId,
      operationId: this.operationId ?? operationId,
      severity: this.severity,
      pointer: this.pointer,
      received: this.received,
      documented: this.documented,
      message: `Received: ${this.received} / Documented: ${this.documented}`,
    };
  }
}

/** Several failures of one check at once (e.g. every schema diagnostic of one body). */
export class CheckFailures extends Error {
  override readonly name = 'CheckFailures';
  readonly failures: CheckFailure[];

  constructor(failures: CheckFailure[]) {
    super(failures.map((failure) => failure.message).join('\n'));
    this.failures = failures;
  }
}

/** The findings a thrown error stands for: a check's failures as they are, anything else as the check having crashed. */
export function findingsFrom(error: unknown, caseId: string, operationId: string, check: string): Finding[] {
  if (error instanceof CheckFailures) return error.failures.map((failure) => failure.toFinding(caseId, operationId));
  if (error instanceof CheckFailure) return [error.toFinding(caseId, operationId)];
  const message = error instanceof Error ? error.message : String(error);
  return [{ check, caseId, operationId, severity: 'error', pointer: '', received: `the check crashed: ${message}`, documented: 'a completed check', message: `Received: the check crashed: ${message} / Documented: a completed check` }];
}

/** Throws the failures collected, if any. */
export function throwIfAny(failures: CheckFailure[]): void {
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new CheckFailures(failures);
}

export function preview(value: unknown, maxChars = PREVIEW_MAX_CHARS): string {
  if (typeof value === 'string') return clip(value, maxChars);
  if (value === undefined) return '(absent)';
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, maxChars);
}

function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
