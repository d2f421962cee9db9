import { expect, it } from 'vitest';
import { createRequestJournal, type JournalFields } from './request-journal.js';

const fields = (path: string, operationId?: string): JournalFields => ({ at: 0, method: 'GET', path, query: {}, operationId, headers: {} });

it('presents a deferred entry on the first read only, and filters on its operationId', () => {
  const journal = createRequestJournal({ maxEntries: 10 });
  let presented = 0;
  const present = (raw: { operationId?: string; path: string }) => {
    presented += 1;
    return fields(raw.path.toUpperCase(), raw.operationId);
  };
  journal.record(fields('/a', 'getInfo'));
  journal.recordDeferred({ operationId: 'runWorkflow', path: '/b' }, present);
  journal.recordDeferred({ operationId: 'getInfo', path: '/c' }, present);
  expect(presented).toBe(0);
  expect(journal.list({ operationId: 'runWorkflow' })).toEqual([{ sequence: 2, ...fields('/B', 'runWorkflow') }]);
  expect(presented).toBe(1);
  expect(journal.list().map((e) => [e.sequence, e.path])).toEqual([[1, '/a'], [2, '/B'], [3, '/C']]);
  expect(journal.list({ limit: 1 })).toHaveLength(1);
  expect(presented).toBe(2);
});

it('keeps only the newest maxEntries, deferred or not', () => {
  const journal = createRequestJournal({ maxEntries: 3 });
  for (let i = 0; i < 10; i += 1) {
    if (i % 2) journal.record(fields(`/${i}`));
    else journal.recordDeferred<{ operationId?: string; path: string }>({ path: `/${i}` }, (raw) => fields(raw.path));
  }
  expect(journal.size).toBe(3);
  expect(journal.list().map((e) => e.path)).toEqual(['/7', '/8', '/9']);
  journal.clear();
  expect(journal.list()).toEqual([]);
});

it('pushes each entry and each clearing to its subscribers, and is watched only while one listens', () => {
  const journal = createRequestJournal({ maxEntries: 10 });
  const seen: string[] = [];
  expect(journal.watched).toBe(false);
  const unsubscribe = journal.subscribe(
    (entry) => seen.push(`${entry.sequence} ${entry.path}`),
    () => seen.push('cleared'),
  );
  expect(journal.watched).toBe(true);
  journal.record(fields('/a'));
  journal.clear();
  journal.recordDeferred<{ operationId?: string; path: string }>({ path: '/b' }, (raw) => fields(raw.path.toUpperCase()));
  unsubscribe();
  journal.record(fields('/c'));
  journal.clear();
  expect(seen).toEqual(['1 /a', 'cleared', '2 /B']);
  expect(journal.watched).toBe(false);
});
