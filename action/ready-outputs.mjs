// The ready line of `pixmock serve --json` as step outputs, one `name=value` a line:
// `<upstream>-<field>` in kebab case (chatfire-url, aibabe-api-secret), `seed`, and `ready` (the whole line).
import { readFileSync } from 'node:fs';

const line = readFileSync(process.argv[2], 'utf8').split('\n')[0];
const ready = JSON.parse(line);
const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const outputs = [`seed=${ready.seed}`, `ready=${line}`];
for (const [upstream, fields] of Object.entries(ready.upstreams)) {
  for (const [field, value] of Object.entries(fields)) outputs.push(`${upstream}-${kebab(field)}=${value}`);
}
process.stdout.write(`${outputs.join('\n')}\n`);
