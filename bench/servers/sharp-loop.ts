/**
 * Benchmark child: the raw-sharp baseline for the image benchmark. Calls `renderPlaceholder`
 * directly (no HTTP, no cache) with `concurrency` renders in flight, each with a distinct prompt,
 * for `durationMs`, then prints `{"event":"done","renders":…,"seconds":…,"perSecond":…,"avgBytes":…}`.
 * Config: one JSON argument, {@link SharpLoopConfig}.
 */
import { renderPlaceholder, type PlaceholderSpec } from '../../dist/imaging/index.js';

export interface SharpLoopConfig {
  spec: PlaceholderSpec;
  concurrency: number;
  durationMs: number;
  warmupRenders: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as SharpLoopConfig;
let counter = 0;
const nextSpec = (): PlaceholderSpec => ({ ...config.spec, prompt: `${config.spec.prompt} #${counter++}` });

for (let i = 0; i < config.warmupRenders; i += 1) await renderPlaceholder(nextSpec());

let renders = 0;
let bytes = 0;
const started = performance.now();
const deadline = started + config.durationMs;
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (performance.now() < deadline) {
      const png = await renderPlaceholder(nextSpec());
      renders += 1;
      bytes += png.length;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ event: 'done', renders, seconds, perSecond: renders / seconds, avgBytes: Math.round(bytes / Math.max(1, renders)) })}\n`);
