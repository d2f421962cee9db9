/**
 * File objects of workflow outputs in both shapes Dify has used: the seed's 0.6-era
 * `"__variant": "FileVar"` and the later `dify_model_identity: "__dify__file__"`
 * (contracts/dify/schemas/file.schema.json). Like Dify, the signed URL is made fresh each time a
 * file object is serialised, with the clock's time and a seeded nonce.
 */
import { signToolFileUrl } from '../../auth/index.js';
import type { UpstreamContext } from '../../core/index.js';
import type { ScenarioDefinition } from '../../mocks/index.js';
import type { Random } from '../../sim/random.js';
import { FILE_OBJECT_SHAPES, type DifyMocks, type FileObjectShape } from './dify-mocks.js';
import type { ToolFile } from './stored-files.js';

const FILE_TYPE = 'image';
const TRANSFER_METHOD = 'tool_file';
const NONCE_HEX_CHARS = 32;

export type FileObject = Record<string, unknown>;
/** Serialises tool files with fresh signatures. */
export type FileSerializer = (file: ToolFile) => FileObject;

/** What signing a file needs of the Dify state (the whole state fits). */
export interface FileSigning {
  mocks: DifyMocks;
  /** Sign nonces. */
  ids: Random;
}

/** `file_shape` scenario first, then `mocks/dify/signing.yaml` fileObjectShape. */
export function resolveFileShape(mocks: DifyMocks, scenario: ScenarioDefinition | undefined): FileObjectShape {
  const requested = scenario?.behavior === 'file_shape' ? scenario.params?.fileObjectShape : undefined;
  return FILE_OBJECT_SHAPES.find((shape) => shape === requested) ?? mocks.signing.fileObjectShape;
}

export function createFileSerializer(ctx: UpstreamContext, { mocks, ids }: FileSigning, shape: FileObjectShape): FileSerializer {
  const { app, signing } = mocks;
  return (file) => {
    const url = signToolFileUrl({
      fileId: file.id,
      extension: file.extension,
      secretKey: signing.secretKey,
      timestampSeconds: Math.floor(ctx.sim.clock.now() / 1000),
      nonce: ids.hex(NONCE_HEX_CHARS),
    });
    const described = { related_id: file.id, filename: signing.filename, extension: file.extension, mime_type: file.mimeType };
    if (shape === 'FileVar') {
      // Key order of the seed's FileVar.to_dict().
      return { __variant: 'FileVar', tenant_id: app.tenantId, type: FILE_TYPE, transfer_method: TRANSFER_METHOD, url, ...described };
    }
    return {
      dify_model_identity: '__dify__file__',
      id: null,
      tenant_id: app.tenantId,
      type: FILE_TYPE,
      transfer_method: TRANSFER_METHOD,
      remote_url: null,
      ...described,
      size: file.size,
      url,
    };
  };
}
