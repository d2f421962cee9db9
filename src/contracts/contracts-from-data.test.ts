import { expect, it } from 'vitest';
import { contractsFromData } from './contracts-from-data.js';
import { loadContracts } from './load-contracts.js';
import { readContractData } from './read-contract-data.js';

it('makes from the contracts as data the registry loadContracts makes from the folder', async () => {
  const [fromData, fromFolder] = await Promise.all([readContractData().then(contractsFromData), loadContracts({ precompiledFile: false })]);

  expect(fromData.upstreamIds().sort()).toEqual(fromFolder.upstreamIds().sort());
  for (const id of fromFolder.upstreamIds()) {
    expect([...fromData.upstream(id).operations.keys()]).toEqual([...fromFolder.upstream(id).operations.keys()]);
    expect(fromData.upstream(id).errorSchemaId).toBe(fromFolder.upstream(id).errorSchemaId);
  }
  expect(fromData.validateRequest('chatfire', 'createImageGeneration', { model: 'jimeng', prompt: 'x' })).toEqual(fromFolder.validateRequest('chatfire', 'createImageGeneration', { model: 'jimeng', prompt: 'x' }));
  expect(fromData.validateRequest('chatfire', 'createImageGeneration', { prompt: 7 }).valid).toBe(false);
});
