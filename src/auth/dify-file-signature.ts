/**
 * Signed tool-file URLs as Dify builds and checks them (langgenius/dify
 * `api/core/tools/signature.py`: `sign_tool_file_uri`, `verify_tool_file_signature`;
 * served by `api/controllers/files/tool_files.py` at `/files/tools/<uuid:file_id>.<extension>`).
 *
 * `sign` = URL-safe base64 **with** `=` padding of HMAC-SHA256(key = SECRET_KEY,
 * `file-preview|<file id>|<timestamp>|<nonce>`); the nonce is 16 random bytes as hex; the link
 * is valid while `now - timestamp <= FILES_ACCESS_TIMEOUT` (300 s). As in Dify, the extension is
 * not signed, a future timestamp is accepted, and the timestamp is signed as the exact text in
 * the URL. Dify compares with `!=`; we compare in constant time.
 *
 * Dify's route turns the file id into a `uuid.UUID`, so the id it signs and verifies is the
 * lowercase hyphenated form; callers should pass that form.
 *
 * @example
 * const url = signToolFileUrl({ fileId, extension: '.png', secretKey });
 * // → /files/tools/8faea5f8-….png?timestamp=1713938972&nonce=ab19…&sign=F_kZ…=
 * verifyToolFileSignature({ fileId, timestamp, nonce, sign, secretKey, nowSeconds }); // → boolean
 */
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './constant-time-equal.js';

/** Dify's `FILES_ACCESS_TIMEOUT` default, seconds. */
export const DIFY_FILES_ACCESS_TIMEOUT_SECONDS = 300;
const NONCE_BYTES = 16;
const UNSIGNED_INTEGER = /^\d+$/;

export interface SignToolFileUrlOptions {
  fileId: string;
  /** With the dot, as Dify stores it: `.png`. */
  extension: string;
  secretKey: string;
  /** Default: `Math.floor(Date.now() / 1000)`. */
  timestampSeconds?: number;
  /** Default: 16 random bytes from node:crypto as 32 hex characters. */
  nonce?: string;
}

export interface VerifyToolFileSignatureOptions {
  fileId: string;
  /** The `timestamp` query value exactly as received. */
  timestamp: string | number;
  nonce: string;
  sign: string;
  secretKey: string;
  /** Default: `Math.floor(Date.now() / 1000)`. */
  nowSeconds?: number;
  timeoutSeconds?: number;
}

/** Returns the relative URL `/files/tools/<id><ext>?timestamp=…&nonce=…&sign=…`. */
export function signToolFileUrl(options: SignToolFileUrlOptions): string {
  const { fileId, extension, secretKey } = options;
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(NONCE_BYTES).toString('hex');
  const sign = toolFileSign(secretKey, fileId, timestamp, nonce);
  return `/files/tools/${fileId}${extension}?timestamp=${timestamp}&nonce=${nonce}&sign=${sign}`;
}

export function verifyToolFileSignature(options: VerifyToolFileSignatureOptions): boolean {
  const { fileId, nonce, sign, secretKey, timeoutSeconds = DIFY_FILES_ACCESS_TIMEOUT_SECONDS } = options;
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const timestamp = String(options.timestamp);
  if (!constantTimeEqual(sign, toolFileSign(secretKey, fileId, timestamp, nonce))) return false;
  // Dify's int(timestamp) raises on anything else; such a timestamp cannot carry a valid sign anyway.
  if (!UNSIGNED_INTEGER.test(timestamp)) return false;
  return nowSeconds - Number(timestamp) <= timeoutSeconds;
}

function toolFileSign(secretKey: string, fileId: string, timestamp: string, nonce: string): string {
  const digest = createHmac('sha256', secretKey).update(`file-preview|${fileId}|${timestamp}|${nonce}`, 'utf8').digest();
  // Python's base64.urlsafe_b64encode: the standard alphabet with -_ and the = padding kept
  // (Node's 'base64url' drops the padding).
  return digest.toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}
