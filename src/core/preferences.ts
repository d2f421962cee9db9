/**
 * Parses `Prefer: scenario=agent_not_found, latency=0, code=401` (RFC 7240 preferences, the way
 * Prism reads `code=` and `example=`). Keys other than the three below pass through to the
 * upstream (e.g. chatfire's `mode=openai`).
 */
import { emptyTable } from '../contracts/null-prototype.js';
import { PixmockProblem } from './errors.js';

export interface Preferences {
  scenario?: string;
  /** Simulated milliseconds this request takes, replacing the sampled latency. */
  latencyMs?: number;
  code?: number;
  other: Record<string, string>;
}

const TOKEN = /^[A-Za-z0-9_.-]+$/;
/** `latency=` at most one simulated day: far past every documented wait, and within what a timer can hold. */
export const MAX_PREFER_LATENCY_MS = 24 * 60 * 60 * 1000;

/**
 * Shared by every call that names no other key: a table without a prototype is a dictionary-mode
 * object, and held requests keep their preferences.
 */
const NO_OTHER_PREFERENCES: Readonly<Record<string, string>> = Object.freeze(emptyTable<string>());

export function parsePrefer(header: string | string[] | undefined): Preferences {
  const preferences: Preferences = { other: NO_OTHER_PREFERENCES };
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text?.trim()) return preferences;
  for (const part of text.split(/[,;]/)) {
    const item = part.trim();
    if (!item) continue;
    const [key = '', rawValue, ...extra] = item.split('=');
    const value = rawValue?.trim().replace(/^"(.*)"$/, '$1');
    if (extra.length > 0 || !TOKEN.test(key.trim()) || value === undefined || !TOKEN.test(value)) {
      throw malformed(`"${item}" is not a key=value preference`);
    }
    assign(preferences, key.trim().toLowerCase(), value);
  }
  return preferences;
}

function assign(preferences: Preferences, key: string, value: string): void {
  switch (key) {
    case 'scenario':
      preferences.scenario = value;
      return;
    case 'latency': {
      const ms = Number(value.replace(/ms$/, ''));
      if (!(ms >= 0 && ms <= MAX_PREFER_LATENCY_MS)) {
        throw malformed(`latency must be a non-negative number of milliseconds, at most ${MAX_PREFER_LATENCY_MS}, got "${value}"`);
      }
      preferences.latencyMs = ms;
      return;
    }
    case 'code': {
      const code = Number(value);
      if (!Number.isInteger(code) || code < 100 || code > 599) throw malformed(`code must be an HTTP status between 100 and 599, got "${value}"`);
      preferences.code = code;
      return;
    }
    default:
      // Keys are the client's: `other` has no prototype, so `Prefer: __proto__=x` is just a key.
      if (preferences.other === NO_OTHER_PREFERENCES) preferences.other = emptyTable();
      preferences.other[key] = value;
  }
}

function malformed(detail: string): PixmockProblem {
  return new PixmockProblem(422, 'Malformed Prefer header', `${detail}. Use e.g. "Prefer: scenario=<name>, latency=<ms>, code=<status>".`);
}
