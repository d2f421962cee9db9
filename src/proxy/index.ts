/** The validating proxy: forward real traffic, judge it with the contract suite's checks. See docs/proxy.md. */
export { createValidatingProxy, type ValidatingProxy, type ValidatingProxyOptions } from './validating-proxy.js';
export type { ProxyJournal, ProxyJournalEntry } from './proxy-journal.js';
