/**
 * The files the Dify mock keeps: images its workflow generated (served by GET /files/tools/…)
 * and uploads. A module of its own so that the state, the runs and the file objects can all name
 * them without importing one another.
 */
import type { PlaceholderSpec } from '../../imaging/index.js';

/** A generated image: its render spec (the renderer is deterministic, so bytes are re-rendered on demand) and size. */
export interface ToolFile {
  id: string;
  spec: PlaceholderSpec;
  size: number;
  mimeType: string;
  extension: string;
}

/** The record POST /v1/files/upload answers and keeps (the bytes are not kept). */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  extension: string;
  mime_type: string;
  created_by: string;
  created_at: number;
}
