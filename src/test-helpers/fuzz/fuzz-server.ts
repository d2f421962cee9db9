/**
 * One upstream server for fuzzing: a manual clock, `instant` latency, the fuzz limits, its logs kept
 * in memory, listening on 127.0.0.1:0. Every server in a test file shares one contract registry and
 * one renderer.
 */
import { Agent } from 'node:http';
import { createMockServer, type MockServer, type UpstreamId } from '../../app/create-mock-servers.js';
import { loadContracts, type ContractRegistry } from '../../contracts/index.js';
import type { ServerLimits } from '../../core/index.js';
import { createImageRenderer, type ImageRenderer } from '../../imaging/index.js';
import type { MockConfig } from '../../mocks/index.js';
import { listen, type ListeningServer } from '../../server/listen.js';
import { createManualClock } from '../../sim/clock.js';
import { FUZZ_LIMITS } from './fuzz-settings.js';
import { memoryLogger } from './memory-logger.js';
import { sendRaw, type RawAnswer, type RawRequest } from './raw-http.js';

let sharedContracts: Promise<ContractRegistry> | undefined;
let sharedRenderer: ImageRenderer | undefined;

export interface FuzzServer {
  id: UpstreamId;
  server: MockServer;
  listening: ListeningServer;
  contracts: ContractRegistry;
  /** Log lines at level error or above (an unexpected error is logged before the 500 goes out). */
  errorLogs: string[];
  /** Every log line, for the no-secret check. */
  allLogs: string[];
  send(request: RawRequest): Promise<RawAnswer>;
  close(): Promise<void>;
}

export interface FuzzServerOptions {
  mocks?: MockConfig;
  limits?: Partial<ServerLimits>;
  adminToken?: string;
}

export async function startFuzzServer(id: UpstreamId, options: FuzzServerOptions = {}): Promise<FuzzServer> {
  sharedContracts ??= loadContracts();
  sharedRenderer ??= createImageRenderer();
  const contracts = await sharedContracts;
  const { logger, lines, errorLines } = memoryLogger();
  const server = await createMockServer(id, {
    clock: createManualClock(),
    latency: 'instant',
    seed: 7,
    contracts,
    renderer: sharedRenderer,
    logger,
    mocks: options.mocks,
    limits: { ...FUZZ_LIMITS, ...options.limits },
    adminToken: options.adminToken,
  });
  const listening = await listen(server.app);
  // A fresh connection per case: a server that closes after answering an unread body must not fail the next case.
  const agent = new Agent({ keepAlive: false });
  return {
    id,
    server,
    listening,
    contracts,
    errorLogs: errorLines,
    allLogs: lines,
    send: (raw) => sendRaw(listening.port, agent, raw),
    async close() {
      agent.destroy();
      await listening.close(0);
    },
  };
}
