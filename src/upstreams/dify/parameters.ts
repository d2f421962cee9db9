/**
 * GET /v1/parameters (getParameters): the app's input form — `prompt` (text) and `model_name`
 * (select over the checkpoints) — with the feature settings of `mocks/dify/app.yaml` and the
 * upload limits of `mocks/dify/uploads.yaml` as system_parameters.
 */
import { json, type OperationHandler } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';

export function createGetParametersHandler(state: DifyState): OperationHandler<DifyPrincipal> {
  const parameters = describeParameters(state);
  return async function getParameters(call) {
    await call.wait(call.latencyMs());
    return json(parameters);
  };
}

/** The answer depends on the mocks alone, which do not change while the app runs: made once. */
function describeParameters({ mocks }: DifyState) {
  const { app, checkpoints, uploads } = mocks;
  const userInputForm = Object.entries(app.inputs).map(([variable, input]) => {
    // The one select of this app offers the checkpoints; text controls carry their max length.
    const control =
      input.type === 'select'
        ? { label: input.label, variable, type: input.type, required: input.required, default: checkpoints.default, options: Object.keys(checkpoints.models) }
        : { label: input.label, variable, type: input.type, required: input.required, max_length: input.maxLength ?? null, default: '', options: [] };
    return { [input.type]: control };
  });
  return {
    ...app.parameters,
    user_input_form: userInputForm,
    system_parameters: {
      file_size_limit: uploads.fileSizeLimitMb,
      image_file_size_limit: uploads.imageFileSizeLimitMb,
      audio_file_size_limit: uploads.audioFileSizeLimitMb,
      video_file_size_limit: uploads.videoFileSizeLimitMb,
      workflow_file_upload_limit: uploads.workflowFileUploadLimit,
    },
  };
}
