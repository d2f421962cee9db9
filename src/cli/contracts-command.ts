/**
 * `pixmock contracts bundle`: each upstream's contract as one self-contained OpenAPI 3.1 file, for
 * tools that do not resolve JSON Schema `$id`s (Postman, Redocly, Swagger UI, openapi-typescript).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { UPSTREAM_IDS } from '../app/create-mock-servers.js';
import { bundleContract } from '../contracts/index.js';

export function createContractsCommand(): Command {
  const contracts = new Command('contracts').description('Work with the contracts in contracts/.');
  contracts
    .command('bundle')
    .description('Write each upstream contract as one self-contained OpenAPI 3.1 file (<out>/<id>.openapi.yaml).')
    .addOption(new Option('--out <dir>', 'folder to write the bundles to').default('bundled'))
    .addOption(new Option('--upstream <id>', 'only this upstream').choices([...UPSTREAM_IDS]))
    .action(async ({ out, upstream }: { out: string; upstream?: string }) => {
      // Loaded here: every other command starts without the YAML writer.
      const { stringify } = await import('yaml');
      await mkdir(out, { recursive: true });
      for (const id of upstream ? [upstream] : UPSTREAM_IDS) {
        const file = path.join(out, `${id}.openapi.yaml`);
        await writeFile(file, stringify(await bundleContract(id), { aliasDuplicateObjects: false, lineWidth: 0 }));
        process.stdout.write(`${file}\n`);
      }
    });
  return contracts;
}
