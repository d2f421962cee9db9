/**
 * Reading a body off a `node:http` request: the whole JSON body within its limit (decompressed on
 * the way, the limit counting decoded bytes), and multipart forms through busboy (the parser
 * under multer) within their own limits.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type busboy from 'busboy';
import { createRequire } from 'node:module';
import { MultipartLimitError, type MultipartFile, type MultipartForm, type MultipartLimits } from '../core/index.js';
import { BodyReadError, jsonCharset, parseJsonBody } from './json-body.js';

/** True when the request says it has a body (type-is's `hasBody`). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10));
}

/** Reads and parses a JSON body of at most `limit` decoded bytes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const charset = jsonCharset(req.headers['content-type'] ?? '');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyReadError('payload_too_large', `The body is ${declared} bytes, over the ${limit}-byte limit.`);
  return parseJsonBody(await readAll(decoded(req), limit), charset);
}

function decoded(req: IncomingMessage): Readable {
  const coding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  switch (coding) {
    case 'identity':
      return req;
    case 'gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      throw new BodyReadError('invalid_json', `unsupported content encoding "${coding}"`);
  }
}

function readAll(stream: Readable, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const fail = (error: BodyReadError) => {
      cleanup();
      stream.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) fail(new BodyReadError('payload_too_large', `The body is over the ${limit}-byte limit.`));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, length));
    };
    // A body that does not decompress, or a client that hangs up mid-body.
    const onError = (error: Error) => fail(new BodyReadError('invalid_json', error.message));
    // Listeners left on a request held for 30–300 s would keep these closures, and the bytes, alive.
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

const require = createRequire(import.meta.url);
let loadedBusboy: typeof busboy | undefined;

/** busboy, loaded on the first multipart body rather than at start-up (bench/README.md, benchmark 4). */
function multipartParser(): typeof busboy {
  loadedBusboy ??= require('busboy') as typeof busboy;
  return loadedBusboy;
}

/** Parses a multipart/form-data body: undefined when it is no readable form; a {@link MultipartLimitError} past a limit. */
export function readMultipart(req: IncomingMessage, limits: MultipartLimits): Promise<MultipartForm | undefined> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = multipartParser()({
        headers: req.headers,
        limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.parts ?? limits.files + limits.fields },
      });
    } catch {
      // Not multipart, or no boundary.
      req.resume();
      resolve(undefined);
      return;
    }
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    const files: MultipartFile[] = [];
    let settled = false;
    // A client that leaves mid-body never ends the parser: nothing is left to read.
    const onClose = () => {
      if (req.complete) return;
      parser.destroy();
      finish(() => resolve(undefined));
    };
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      req.off('close', onClose);
      req.unpipe(parser);
      req.resume();
      outcome();
    };
    req.once('close', onClose);
    const overLimit = (limit: keyof MultipartLimits) => finish(() => reject(new MultipartLimitError(limit)));
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) overLimit('fieldBytes');
      else fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      // A part cut off before its boundary errors here as well as on the parser, which answers for both.
      stream.on('error', () => undefined);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => overLimit('fileBytes'));
      stream.on('close', () => files.push({ field, filename: info.filename ?? '', mimeType: info.mimeType, bytes: Buffer.concat(chunks) }));
    });
    parser.on('filesLimit', () => overLimit('files'));
    parser.on('fieldsLimit', () => overLimit('fields'));
    parser.on('partsLimit', () => overLimit('parts'));
    parser.on('error', () => finish(() => resolve(undefined)));
    parser.on('close', () => finish(() => resolve({ fields, files })));
    req.pipe(parser);
  });
}
