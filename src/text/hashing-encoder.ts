/**
 * Feature-hashing encoder (Weinberger et al. 2009, "Feature Hashing for Large Scale Multitask
 * Learning"): every token and every character n-gram of "<token>" is hashed (FNV-1a, 32 bit) to a
 * bucket, and a second hash bit gives its sign, so collisions cancel in expectation and inner
 * products are unbiased. Character n-grams (fastText-style) make "guitar" and "guitars" close.
 * No model, no I/O, deterministic: the encoder for tests and a last-resort fallback. It knows
 * spelling, not meaning.
 */
import { BadInputError } from '../domain/errors';
import { normalizeInPlace } from '../domain/vectors';
import type { TextEncoder } from './encoder';
import { tokenize } from './tokenize';

export interface HashingEncoderOptions {
  dimension?: number;
  minN?: number;
  maxN?: number;
  /** Weight of a whole-token feature relative to one n-gram. */
  tokenWeight?: number;
  seed?: number;
}

export const HASHING_DEFAULTS = { dimension: 256, minN: 3, maxN: 4, tokenWeight: 2, seed: 0x9747b28c };

/** FNV-1a over UTF-16 code units, seeded; 32-bit unsigned. */
export function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32) so nearby strings spread over buckets
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class HashingEncoder implements TextEncoder {
  readonly modelId: string;
  readonly dimension: number;
  readonly lexical = true;
  private readonly settings: typeof HASHING_DEFAULTS;

  constructor(options: HashingEncoderOptions = {}) {
    this.settings = { ...HASHING_DEFAULTS, ...stripUndefined(options) };
    const { dimension, minN, maxN } = this.settings;
    if (!Number.isInteger(dimension) || dimension < 2)
      throw new BadInputError('dimension', `dimension must be an integer of at least 2 (got ${dimension})`, dimension);
    if (!(minN >= 1 && maxN >= minN))
      throw new BadInputError('minN', `n-gram range must satisfy 1 <= minN <= maxN (got ${minN}..${maxN})`, [
        minN,
        maxN,
      ]);
    this.dimension = dimension;
    this.modelId = `hashing:v1:d${dimension}:n${minN}-${maxN}:t${this.settings.tokenWeight}:s${this.settings.seed >>> 0}`;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dimension);
    for (const token of tokenize(text)) {
      this.add(v, `w:${token}`, this.settings.tokenWeight);
      const padded = `<${token}>`;
      for (let n = this.settings.minN; n <= this.settings.maxN; n++) {
        for (let i = 0; i + n <= padded.length; i++) this.add(v, padded.slice(i, i + n), 1);
      }
    }
    return normalizeInPlace(v) as Float32Array;
  }

  private add(v: Float32Array, feature: string, weight: number): void {
    const h = fnv1a(feature, this.settings.seed);
    const sign = fnv1a(feature, this.settings.seed ^ 0x5bd1e995) & 1 ? 1 : -1;
    v[h % this.dimension]! += sign * weight;
  }
}

/** Drops undefined keys so `{...DEFAULTS, ...options}` keeps defaults for unset options. */
export function stripUndefined<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(options))
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
