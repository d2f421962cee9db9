// Build step (after tsc): writes dist/yaml-cache.json (or the path given as its argument), read by src/contracts/yaml-cache.ts, so start-up
// does not parse the YAML that ships with pixmock. An entry is written only when the file parses without
// errors or warnings and its value survives a JSON round trip unchanged; any other file is parsed at run time.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const yamlVersion = createRequire(import.meta.url)('yaml/package.json').version;

function yamlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

const entries = {};
const skipped = [];
for (const file of [...yamlFiles(path.join(root, 'contracts')), ...yamlFiles(path.join(root, 'mocks'))]) {
  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text);
  if (document.errors.length > 0 || document.warnings.length > 0) {
    skipped.push(path.relative(root, file));
    continue;
  }
  const value = parse(text);
  const json = JSON.stringify(value);
  if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) {
    skipped.push(path.relative(root, file));
    continue;
  }
  entries[createHash('sha256').update(text, 'utf8').digest('hex')] = json;
}
const out = process.argv[2] ?? path.join(root, 'dist', 'yaml-cache.json');
writeFileSync(out, JSON.stringify({ yamlVersion, entries }));
process.stdout.write(`yaml-cache: ${Object.keys(entries).length} files cached${skipped.length ? `, parsed at run time: ${skipped.join(', ')}` : ''}\n`);
