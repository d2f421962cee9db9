// Build step (after tsc): compiles every contracts/*/schemas/*.schema.json once and writes the validators
// to dist/contracts/precompiled-validators.cjs (see src/contracts/precompiled-validators.ts).
import { precompileContractValidators } from '../dist/contracts/load-contracts.js';

await precompileContractValidators();
process.stdout.write('contract validators: dist/contracts/precompiled-validators.cjs\n');
