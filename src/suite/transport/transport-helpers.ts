/** Shared by both transports: query strings, media types and JSON parsing of a finished body. */
import type { SuiteRequest, SuiteResponse } from '../types.js';

export function pathWithQuery(request: Pick<SuiteRequest, 'path' | 'query'>): string {
  const query = new URLSearchParams(request.query ?? {}).toString();
  return query ? `${request.path}?${query}` : request.path;
}

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType || undefined;
}

export function finishResponse(fields: Omit<SuiteResponse, 'mediaType' | 'json'>): SuiteResponse {
  const mediaType = mediaTypeOf(fields.headers['content-type']);
  const response: SuiteResponse = { ...fields, mediaType };
  if (mediaType && (mediaType === 'application/json' || mediaType.endsWith('+json')) && fields.body.length > 0) {
    try {
      response.json = JSON.parse(fields.body.toString('utf8'));
    } catch {
      // Left undefined: the content-type and schema checks report a body that is not JSON.
    }
  }
  return response;
}

export function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  // Named by the server under test: a header called `constructor` must read as that header only.
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
