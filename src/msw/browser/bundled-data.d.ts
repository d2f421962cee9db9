/**
 * The contracts and mocks the browser bundle carries, as data: written by the bundle's build step
 * (src/msw/bundle/build-browser-bundle.ts), one chunk per upstream, so a page loads only the
 * upstreams it mocks.
 */
declare module 'pixmock:bundled-data' {
  import type { UpstreamContractData } from '../../contracts/contracts-from-data.js';
  import type { MockConfig } from '../../mocks/index.js';
  import type { LatencyProfile } from '../../sim/latency.js';

  export interface BundledUpstream {
    contract: UpstreamContractData;
    /** mocks/<id>/, validated against its schema when the bundle was built. */
    mocks: MockConfig;
  }

  /** mocks/latency-profiles.yaml. */
  export const latencyProfiles: Record<string, LatencyProfile>;
  /** mocks/gateway-pages.yaml. */
  export const gatewayPages: Record<string, string>;
  export function loadUpstream(id: string): Promise<BundledUpstream>;
}
