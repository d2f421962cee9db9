/** A variant's mock configured against a documented promise: its behaviour data edited in memory. */
import type { MockServerOptions } from '../../../app/create-mock-servers.js';
import { loadMocks } from '../../../mocks/index.js';
import type { UpstreamName } from '../../types.js';

/** The mock with one value of its behaviour data changed. */
export function editedMocks(upstream: UpstreamName, edit: (mocks: Record<string, Record<string, unknown>>) => void, options: MockServerOptions = {}): () => Promise<MockServerOptions> {
  return async () => {
    const mocks = await loadMocks(upstream);
    edit(mocks as unknown as Record<string, Record<string, unknown>>);
    return { ...options, mocks };
  };
}
