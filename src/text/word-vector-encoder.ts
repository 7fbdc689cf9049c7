/**
 * SIF sentence embeddings (Arora, Liang & Ma 2017, "A Simple but Tough-to-Beat Baseline for Sentence
 * Embeddings"): v_s = Σ_{w∈s} a/(a+p(w)) · v_w / |s|, then the projection on the common component u
 * is removed, v_s ← v_s − (u·v_s)u. Down-weighting frequent words and removing the shared direction
 * beats plain averaging and many trained encoders on STS while needing only pretrained word vectors,
 * so it is the offline default: no configuration, no network, real distributional knowledge.
 * p(w) is estimated from the word's frequency rank (Zipf). u is the table's corpus-free estimate
 * (see word-vector-cache.ts) unless `fitCommonComponent` learns it from the catalogue's texts.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../domain/errors';
import { normalizeInPlace } from '../domain/vectors';
import type { TextEncoder } from './encoder';
import { splitCompound, stripDiacritics, tokenize } from './tokenize';
import { loadWordVectorTable, zipfProbability, type WordVectorCacheOptions } from './word-vector-cache';
import { readVector, type WordVectorTable } from './word-vector-table';

export interface SifOptions {
  /** SIF smoothing a; the paper finds 1e-4..1e-3 best. */
  sifA?: number;
  /** Remove the common component (the paper's second step). */
  removeCommonComponent?: boolean;
}

export const SIF_DEFAULTS = { sifA: 1e-3, removeCommonComponent: true };

export type WordVectorEncoderOptions = SifOptions & WordVectorCacheOptions;

export class WordVectorEncoder implements TextEncoder {
  readonly dimension: number;
  private readonly sifA: number;
  private readonly removeCommon: boolean;
  private component: Float32Array;
  private componentTag = 'table';
  /** SIF weight per table row, precomputed. */
  private readonly weights: Float32Array;
  private readonly scratch: Float32Array;

  constructor(
    private readonly table: WordVectorTable,
    options: SifOptions = {},
  ) {
    this.sifA = options.sifA ?? SIF_DEFAULTS.sifA;
    if (!(this.sifA > 0)) throw new BadInputError('sifA', `sifA must be positive (got ${this.sifA})`, this.sifA);
    this.removeCommon = options.removeCommonComponent ?? SIF_DEFAULTS.removeCommonComponent;
    this.dimension = table.header.dimension;
    this.component = table.commonComponent;
    this.weights = new Float32Array(table.header.count);
    for (let i = 0; i < table.header.count; i++) {
      const p = zipfProbability(table.ranks[i]!, table.header.sourceSize);
      this.weights[i] = this.sifA / (this.sifA + p);
    }
    this.scratch = new Float32Array(this.dimension);
  }

  get modelId(): string {
    const { source, count } = this.table.header;
    const pc = this.removeCommon ? `pc-${this.componentTag}` : 'nopc';
    return `sif:${source}:v1:w${count}:a${this.sifA}:${pc}`;
  }

  /** Row indices of the known words of a text (compounds split, diacritics stripped on a miss). */
  wordIds(text: string): number[] {
    const ids: number[] = [];
    const look = (token: string): boolean => {
      const id = this.table.index.get(token) ?? this.table.index.get(stripDiacritics(token));
      if (id === undefined) return false;
      ids.push(id);
      return true;
    };
    for (const token of tokenize(text)) {
      if (look(token)) continue;
      const parts = splitCompound(token);
      if (parts.length > 1) for (const part of parts) look(part);
    }
    return ids;
  }

  /** SIF average before common-component removal; zeros when no word is known. */
  rawEmbedding(text: string): Float32Array {
    const d = this.dimension;
    const out = new Float32Array(d);
    const ids = this.wordIds(text);
    for (const id of ids) {
      readVector(this.table, id, this.scratch);
      const w = this.weights[id]! / ids.length;
      for (let k = 0; k < d; k++) out[k]! += w * this.scratch[k]!;
    }
    return out;
  }

  embedOne(text: string): Float32Array {
    const v = this.rawEmbedding(text);
    if (this.removeCommon) {
      const u = this.component;
      let proj = 0;
      for (let k = 0; k < this.dimension; k++) proj += u[k]! * v[k]!;
      for (let k = 0; k < this.dimension; k++) v[k]! -= proj * u[k]!;
    }
    return normalizeInPlace(v) as Float32Array;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  /**
   * Learns u as the first right singular vector of the catalogue's raw SIF embeddings (the paper's
   * exact recipe); changes modelId, so cached vectors are recomputed. Returns u.
   */
  fitCommonComponent(texts: readonly string[], iterations = 30): Float32Array {
    const rows = texts.map((t) => this.rawEmbedding(t)).filter((v) => v.some((x) => x !== 0));
    if (rows.length === 0) return this.component;
    const d = this.dimension;
    let u = new Float64Array(d).fill(1 / Math.sqrt(d));
    for (let it = 0; it < iterations; it++) {
      const next = new Float64Array(d);
      for (const r of rows) {
        let proj = 0;
        for (let k = 0; k < d; k++) proj += r[k]! * u[k]!;
        for (let k = 0; k < d; k++) next[k]! += proj * r[k]!;
      }
      const n = Math.hypot(...next);
      if (n === 0) break;
      u = next.map((x) => x / n);
    }
    this.component = Float32Array.from(u);
    this.componentTag = createHash('sha256').update(Buffer.from(this.component.buffer)).digest('hex').slice(0, 12);
    return this.component;
  }
}

/** Loads (building on first use) the word-vector cache and wraps it in a SIF encoder. */
export function createWordVectorEncoder(options: WordVectorEncoderOptions = {}): WordVectorEncoder {
  const table = loadWordVectorTable({ ...options, sifA: options.sifA ?? SIF_DEFAULTS.sifA });
  return new WordVectorEncoder(table, options);
}
