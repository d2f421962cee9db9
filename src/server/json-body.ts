/**
 * The JSON body of a request, the way body-parser's `json()` read it: `application/json` and
 * `application/*+json` only, a `utf-*` charset, gzip/deflate/br or no content coding, at most
 * `limit` bytes once decoded, strict (an object or an array at the top; an empty body is `{}`),
 * nested at most {@link MAX_JSON_DEPTH} levels. Failures carry the catalogue id every upstream
 * answers them with. Read by hand rather than through body-parser, because body-parser's json()
 * costs a signed POST noticeably more CPU per request (the ablation in bench/README.md).
 */
import { parse as parseContentType } from 'content-type';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth.js';

export type BodyFailureId = 'payload_too_large' | 'invalid_json';

export class BodyReadError extends Error {
  override readonly name = 'BodyReadError';
  constructor(
    readonly catalogueId: BodyFailureId,
    message: string,
  ) {
    super(message);
  }
}

/** The media types whose bodies the shell parses (and so the pipeline validates). */
export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType === 'application/json' || (mediaType !== undefined && /^application\/[^/]+\+json$/.test(mediaType));
}

/** The charset of a Content-Type the JSON reader can decode, or a {@link BodyReadError}. */
export function jsonCharset(contentType: string): string {
  let charset: string | undefined;
  try {
    charset = parseContentType(contentType).parameters.charset?.toLowerCase();
  } catch {
    throw new BodyReadError('invalid_json', `Content-Type "${contentType}" cannot be parsed.`);
  }
  charset ??= 'utf-8';
  if (!charset.startsWith('utf-')) throw new BodyReadError('invalid_json', `unsupported charset "${charset.toUpperCase()}"`);
  return charset;
}

/** Decodes and parses a body read whole (already decompressed). */
export function parseJsonBody(bytes: Uint8Array, charset: string): unknown {
  let text: string;
  try {
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    throw new BodyReadError('invalid_json', `unsupported charset "${charset.toUpperCase()}"`);
  }
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyReadError('invalid_json', 'A JSON body must be an object or an array.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BodyReadError('invalid_json', (error as Error).message);
  }
  if (exceedsJsonDepth(body)) throw new BodyReadError('invalid_json', `The body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  return body;
}
