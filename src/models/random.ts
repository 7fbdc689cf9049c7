/**
 * Seeded pseudo-random numbers. mulberry32 (Tommy Ettinger's 32-bit generator): tiny state, good
 * enough equidistribution for shuffles and negative sampling, and identical on every platform —
 * which is what makes splits and training runs reproducible from a seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRng(seed: number): Rng {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** In-place Fisher–Yates shuffle of a typed or plain array segment. */
export function shuffle<T extends { [i: number]: number; length: number }>(
  arr: T,
  rng: Rng,
  start = 0,
  end = arr.length,
): T {
  for (let i = end - 1; i > start; i--) {
    const j = start + rng.int(i - start + 1);
    const t = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = t;
  }
  return arr;
}
