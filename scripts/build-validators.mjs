// Build step (after tsc): compiles every contracts/*/schemas/*.schema.json and every mocks schema once
// and writes their validators to dist/contracts/ and dist/mocks/precompiled-validators.cjs
// (see src/contracts/precompiled-validators.ts).
import { precompileContractValidators } from '../dist/contracts/load-contracts.js';
import { precompileMocksValidators } from '../dist/mocks/load-mocks.js';

await precompileContractValidators();
await precompileMocksValidators();
process.stdout.write('validators: dist/contracts/precompiled-validators.cjs, dist/mocks/precompiled-validators.cjs\n');
