/**
 * A recommendation dataset in index form, as read from files (LastFM, generic JSONL) or projected
 * from Neo4j: unique user–item positive pairs, social edges and optional user-generated tag
 * assignments (kept per (user, item, tag) so evaluation can restrict them to training pairs).
 */
import type { MediaKind } from '../domain/entities';

export interface Dataset {
  name: string;
  userIds: string[];
  itemIds: string[];
  /** Unique positive (user, item) pairs with an engagement weight (e.g. play count). */
  pairs: { user: Int32Array; item: Int32Array; weight: Float32Array };
  /**
   * Engaged pairs whose summed weight is not positive (a 1-star RATE, a DISLIKE, a SKIP), with that sum.
   * No model learns from them, but they are engaged: the service leaves them out of the user's feeds, so the
   * warm protocol splits them as it splits the positives and never ranks the known share (eval/split.ts).
   */
  nonPositive?: { user: Int32Array; item: Int32Array; weight: Float32Array };
  /** Directed social edges (follower → followee); friendships appear in both directions. */
  social: { src: Int32Array; dst: Int32Array };
  /** User-generated tag assignments, when the dataset has them. */
  tagAssignments?: { user: Int32Array; item: Int32Array; tag: Int32Array };
  /** Item-level tags that are not user-generated (e.g. creator metadata); safe to use in evaluation. */
  itemTags?: { item: Int32Array; tag: Int32Array };
  tagNames: string[];
  itemTitles?: string[];
  /**
   * Per-item metadata text for content models (title, description, creator tags; never user-generated
   * text such as tags.csv, which stays in tagAssignments). Absent: train-data builds it from titles and item tags.
   */
  itemTexts?: string[];
  /** Per-item media facts, when the data has them (the served model's projection carries them, as the store does). */
  itemFacts?: ItemFacts[];
}

/** What the store keeps of a media item beside its text: kind, language, duration, publish time. */
export interface ItemFacts {
  kind: MediaKind | null;
  language: string | null;
  durationSec: number | null;
  /** ms since epoch; NaN = unknown. */
  publishedAt: number;
}

/** Facts from a media row as the importer reads it (publishedAt an ISO-8601 string or absent). */
export function itemFacts(row: Readonly<Record<string, unknown>>): ItemFacts {
  return {
    kind: (row.kind as MediaKind | undefined) ?? null,
    language: typeof row.language === 'string' ? row.language : null,
    durationSec: typeof row.durationSec === 'number' ? row.durationSec : null,
    publishedAt: typeof row.publishedAt === 'string' ? Date.parse(row.publishedAt) : NaN,
  };
}

/** Incrementally assigns dense indices to string ids in first-seen order. */
export class IdIndex {
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  get(id: string): number {
    let i = this.map.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.map.set(id, i);
      this.ids.push(id);
    }
    return i;
  }
  find(id: string): number | undefined {
    return this.map.get(id);
  }
  get size(): number {
    return this.ids.length;
  }
}

/** Collects pairs, deduplicating (user, item) by summing weights. */
export class PairCollector {
  private readonly index = new Map<number, number>();
  private readonly users: number[] = [];
  private readonly items: number[] = [];
  private readonly weights: number[] = [];
  add(user: number, item: number, weight: number): void {
    const key = user * 0x200000 + item; // < 2^53 for item < 2M
    const at = this.index.get(key);
    if (at !== undefined) {
      this.weights[at]! += weight;
      return;
    }
    this.index.set(key, this.users.length);
    this.users.push(user);
    this.items.push(item);
    this.weights.push(weight);
  }
  build(): Dataset['pairs'] {
    return {
      user: Int32Array.from(this.users),
      item: Int32Array.from(this.items),
      weight: Float32Array.from(this.weights),
    };
  }
}
