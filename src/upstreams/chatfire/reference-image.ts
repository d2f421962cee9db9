/**
 * The optional `url` of a request (image-to-image). The mock never reaches the internet: it reads
 * the image only when it is a `data:` URL or one of the mock's own image links; any other URL is
 * recorded and taken on trust. A reference it reads but cannot use makes the task fail with
 * `reference_image_unreachable`.
 */
import type { ReferenceImage } from './image-task.js';
import { IMAGE_FILES_PATH } from './image-files.js';

/** How much of a data: URL the placeholder records. */
const SHOWN_DATA_URL_CHARS = 48;
const IMAGE_SIGNATURES: ((bytes: Buffer) => boolean)[] = [
  (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  (b) => b.toString('latin1', 0, 4) === 'GIF8',
  (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
];

export interface ResolvedReference {
  reference: ReferenceImage;
  /** The mock read it and it is not a usable image. */
  unreachable: boolean;
}

/**
 * @param origin the request's own origin, e.g. `http://127.0.0.1:4020`
 * @param canServe whether one of the mock's image links (a file name) can be served now
 */
export async function resolveReference(url: string, origin: string, canServe: (fileName: string) => Promise<boolean>): Promise<ResolvedReference> {
  if (url.startsWith('data:')) {
    const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    const shown = url.length > SHOWN_DATA_URL_CHARS ? `${url.slice(0, SHOWN_DATA_URL_CHARS)}… (${url.length} chars)` : url;
    return { reference: { shown, fetched: true }, unreachable: !IMAGE_SIGNATURES.some((matches) => matches(bytes)) };
  }
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || parsed.origin !== origin) return { reference: { shown: url, fetched: false }, unreachable: false };
  const prefix = `${IMAGE_FILES_PATH}/`;
  const fileName = parsed.pathname.startsWith(prefix) ? decodedOrUndefined(parsed.pathname.slice(prefix.length)) : undefined;
  return { reference: { shown: url, fetched: true }, unreachable: fileName === undefined || !(await canServe(fileName)) };
}

/** A path segment whose percent-encoding is not UTF-8 names no image of the mock's. */
function decodedOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
