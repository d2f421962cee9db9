// Build step (after tsc): compiles every contracts/*/schemas/*.schema.json, every mocks schema and the
// serve options schema once and writes their validators to dist/contracts/, dist/mocks/ and
// dist/config/precompiled-validators.cjs (see src/contracts/precompiled-validators.ts).
import { precompileServeConfigValidator } from '../dist/config/serve-config.js';
import { precompileContractValidators } from '../dist/contracts/load-contracts.js';
import { precompileMocksValidators } from '../dist/mocks/load-mocks.js';

await precompileContractValidators();
await precompileMocksValidators();
await precompileServeConfigValidator();
process.stdout.write('validators: dist/contracts/precompiled-validators.cjs, dist/mocks/precompiled-validators.cjs, dist/config/precompiled-validators.cjs\n');
