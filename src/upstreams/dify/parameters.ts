/**
 * GET /v1/parameters (getParameters): the app's input form — `prompt` (text) and `model_name`
 * (select over the checkpoints) — with the feature settings of `mocks/dify/app.yaml` and the
 * upload limits of `mocks/dify/uploads.yaml` as system_parameters.
 */
import type { Request, Response } from 'express';
import type { OperationCall, OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { difyMocks } from './dify-mocks.js';

export function createGetParametersHandler(ctx: UpstreamContext): OperationHandler {
  const { app, checkpoints, uploads } = difyMocks(ctx);
  return async function getParameters(_req: Request, res: Response, call: OperationCall) {
    await call.wait(call.latencyMs());
    const userInputForm = Object.entries(app.inputs).map(([variable, input]) => {
      // The one select of this app offers the checkpoints; text controls carry their max length.
      const control =
        input.type === 'select'
          ? { label: input.label, variable, type: input.type, required: input.required, default: checkpoints.default, options: Object.keys(checkpoints.models) }
          : { label: input.label, variable, type: input.type, required: input.required, max_length: input.maxLength ?? null, default: '', options: [] };
      return { [input.type]: control };
    });
    res.json({
      ...app.parameters,
      user_input_form: userInputForm,
      system_parameters: {
        file_size_limit: uploads.fileSizeLimitMb,
        image_file_size_limit: uploads.imageFileSizeLimitMb,
        audio_file_size_limit: uploads.audioFileSizeLimitMb,
        video_file_size_limit: uploads.videoFileSizeLimitMb,
        workflow_file_upload_limit: uploads.workflowFileUploadLimit,
      },
    });
  };
}
