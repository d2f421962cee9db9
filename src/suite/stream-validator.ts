/**
 * What a flow's event-stream validator looks like to the runner: it is fed the body as it
 * arrives, cuts a hung stream when a budget runs out, and leaves a trace the checks read. Which
 * events a stream may hold, and in which order, is the upstream's (its flow supplies the validator).
 */
import type { ContractRegistry } from '../contracts/index.js';

export interface SseBudgets {
  /** Most events (data blocks and pings) accepted. */
  maxEvents: number;
  /** Wall milliseconds allowed between two chunks. */
  idleMs: number;
  /** Wall milliseconds allowed for the whole stream. */
  totalMs: number;
}

export interface SseViolation {
  /** `event[3]/data/id`, `stream`, `budget/idleMs`… */
  pointer: string;
  received: unknown;
  documented: unknown;
  /** Wall milliseconds after the stream started when it was seen. */
  atMs: number;
}

export interface SseEventRecord {
  event: string;
  data: unknown;
  atMs: number;
}

export interface SseTrace {
  events: SseEventRecord[];
  pings: number;
  violations: SseViolation[];
  /** Set when a budget ran out and the stream was cut. */
  budgetExceeded?: 'maxEvents' | 'idleMs' | 'totalMs';
  finished: boolean;
  budgets: SseBudgets;
}

export interface StreamValidatorOptions {
  contracts: ContractRegistry;
  eventSchemaId?: string;
  budgets: SseBudgets;
  /** Called once when a budget runs out: stop reading the stream. */
  abort: () => void;
}

export interface StreamValidator {
  readonly trace: SseTrace;
  feed(chunk: Buffer): void;
  /** Ends the stream: judges how it ended and stops the timers. */
  finish(): SseTrace;
}
