// Prints what each upstream received (`GET /__pixmock/requests`), one request a line, so a failed
// job's log shows what the code under test sent. Reads the URLs from the ready line.
import { readFileSync } from 'node:fs';

const ready = JSON.parse(readFileSync(process.argv[2], 'utf8').split('\n')[0]);
const token = process.env.PIXMOCK_ADMIN_TOKEN;
const headers = token ? { Authorization: `Bearer ${token}` } : {};
for (const [upstream, { url }] of Object.entries(ready.upstreams)) {
  try {
    const { requests } = await (await fetch(`${url}/__pixmock/requests`, { headers, signal: AbortSignal.timeout(5000) })).json();
    process.stdout.write(`pixmock: ${upstream} received ${requests.length} requests\n`);
    for (const { method, path, status, operationId, scenario } of requests) {
      process.stdout.write(`  ${method} ${path} → ${status ?? '-'}${operationId ? ` (${operationId})` : ''}${scenario ? ` [scenario ${scenario}]` : ''}\n`);
    }
  } catch (error) {
    process.stdout.write(`pixmock: ${upstream}'s journal could not be read: ${error.message}\n`);
  }
}
