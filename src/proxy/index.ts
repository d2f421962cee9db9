/** The validating proxy: forward real traffic, judge it with the contract suite's checks. See docs/proxy.md. */
export { createValidatingProxy, type ValidatingProxy, type ValidatingProxyOptions } from './validating-proxy.js';
export type { ProxyJournal, ProxyJournalEntry } from './proxy-journal.js';
export type { RecordedBody, RecordedExchange } from './capture-exchange.js';
export type { RecordedEvent } from './recorded-events.js';
