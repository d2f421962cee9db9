/** Deterministic randomness for the suite: the same seed and label give the same numbers in every run. */

/** FNV-1a of `text`, to give each label its own stream under one seed. */
export function labelHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A deterministic [0, 1) source for one label under one seed (mulberry32). */
export function seededRandom(seed: number, label: string): { random(): number } {
  let state = (seed ^ labelHash(label)) >>> 0;
  return {
    random() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
