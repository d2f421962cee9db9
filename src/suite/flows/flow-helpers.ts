/** Small helpers the upstream flows share. */
import type { FilePart, SuiteRequest } from '../types.js';

/** A valid 1×1 PNG, for upload cases. */
/** A link or id with a lifetime is judged this long after it ends, past the second its timestamp rounds away. */
export const EXPIRY_MARGIN_MS = 1000;
/** Below this many wall milliseconds a completion budget would measure the suite's own polling, not the target. */
export const COMPLETION_FLOOR_WALL_MS = 1000;

export const TINY_PNG: FilePart = {
  filename: 'pixmock-suite.png',
  contentType: 'image/png',
  data: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
};

/** A v4-shaped UUID from a seeded random source. */
export function randomUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function randomHex(random: () => number, length: number): string {
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
}

export function removeHeader(request: SuiteRequest, name: string): void {
  for (const key of Object.keys(request.headers)) if (key.toLowerCase() === name.toLowerCase()) delete request.headers[key];
}

/** Changes the last character of a signature so it no longer verifies. */
export function tamper(value: string): string {
  const index = value.replace(/=+$/, '').length - 1;
  if (index < 0) return `${value}A`;
  const char = value[index] as string;
  const replacement = char === 'A' ? 'B' : char === '0' ? '1' : /[0-9a-f]/.test(char) && /^[0-9a-f]+$/.test(value) ? (char === 'f' ? 'e' : 'f') : 'A';
  return `${value.slice(0, index)}${replacement}${value.slice(index + 1)}`;
}

/** Path and query of a URL that may be relative (Dify) or absolute (chatfire). */
export function splitUrl(url: string): { path: string; query: Record<string, string>; origin?: string } {
  const parsed = new URL(url, 'http://relative.invalid');
  return {
    path: parsed.pathname,
    query: Object.fromEntries(parsed.searchParams),
    ...(parsed.origin === 'http://relative.invalid' ? {} : { origin: parsed.origin }),
  };
}

export function requireCredential(credentials: Readonly<Record<string, string>>, name: string, upstream: string): string {
  const value = credentials[name];
  if (!value) throw new Error(`Failed to authenticate to ${upstream}: the credential ${name} is missing. Pass it in the target's credentials.`);
  return value;
}
