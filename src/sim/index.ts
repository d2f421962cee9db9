export { createManualClock, createSystemClock, sleep, type Clock, type TimerHandle } from './clock.js';
export { createRandom, deriveSeed, type Random } from './random.js';
export { createLatencyModel, type LatencyDistribution, type LatencyModel, type LatencyProfile } from './latency.js';
export { createSimulation, type Simulation, type SimulationOptions } from './simulation.js';
export {
  createMemoryStateStores,
  type EntryOptions,
  type StateStore,
  type StateStores,
  type StateStoresFactory,
  type StateStoresOptions,
  type StateSetting,
  type StateStoresInfo,
  type StoreChange,
  type StoreOptions,
} from './state-stores.js';
export { createRequestJournal, type JournalEntry, type RequestJournal } from './request-journal.js';
export { StateStoreUnavailableError } from './state-store-unavailable.js';
