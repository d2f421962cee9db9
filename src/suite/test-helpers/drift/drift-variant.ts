/** The shape of a deliberately broken variant of the mock, and what its wrapping is given. */
import type { RequestListener } from 'node:http';
import type { MockServerOptions } from '../../../app/create-mock-servers.js';
import type { ContractRegistry } from '../../../contracts/index.js';
import type { Finding, SuiteCase, UpstreamName } from '../../types.js';

export interface WrapContext {
  demo: Record<string, string>;
  contracts: ContractRegistry;
}

export interface DriftVariant {
  name: string;
  upstream: UpstreamName;
  /** The check this variant exists for. */
  check: string;
  /** Other checks that rightly catch the same deviation (anything else catching it is a surprise). */
  alsoCaughtBy?: string[];
  /** The cases worth running against this variant (keeps the self-test fast). */
  cases: (suiteCase: SuiteCase) => boolean;
  /** Options of the mock behind the variant (latency profile, time scale, edited mocks). */
  mock?: () => Promise<MockServerOptions>;
  wrap?: (app: RequestListener, context: WrapContext) => RequestListener;
  /** The same wrapping without the deviation, when the baseline needs one (e.g. a pinned latency). */
  faithfulWrap?: (app: RequestListener, context: WrapContext) => RequestListener;
  /** The finding that proves the check saw this deviation, naming the field. */
  caught: (finding: Finding) => boolean;
}
