import { describe, expect, it } from 'vitest';
import { resolveReference } from './reference-image.js';

const ORIGIN = 'http://127.0.0.1:4020';

describe('resolveReference', () => {
  it.each(['%C0%AF', '%E0%A4%A', '%', 'img_x-0.png%FF'])('takes a link to the mock itself whose file name does not decode (%s) as unreachable, never as an error', async (name) => {
    expect(await resolveReference(`${ORIGIN}/v1/files/images/${name}`, ORIGIN, async () => true)).toEqual({ reference: { shown: `${ORIGIN}/v1/files/images/${name}`, fetched: true }, unreachable: true });
  });

  it('reads a link to one of the mock images it can serve', async () => {
    expect((await resolveReference(`${ORIGIN}/v1/files/images/img_a-0.png`, ORIGIN, async (file) => file === 'img_a-0.png')).unreachable).toBe(false);
  });
});
