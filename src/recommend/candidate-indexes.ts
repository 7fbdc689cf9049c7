/**
 * How a request on a large catalogue finds its candidates: past `minItems` media a feed scores only its
 * candidates (ranking/candidate-scan.ts), its graph neighbours from Neo4j's vector index (vectorSearch)
 * and its content and query neighbours from the text vectors' index (textSearch) instead of scanning the
 * catalogue. Shared by the feeds (RecommendService) and the default ranker's feature statistics
 * (DefaultRankerSource), so the statistics are measured on the requests a feed serves.
 */
import type { NearestNeighbourIndex } from '../ranking/candidates';
import { textPlacedItems } from '../ranking/candidate-scan';
import { RANK_DEFAULTS, type RankOptions, type RankRequest } from '../ranking/rank-for-user';
import type { RankingData } from '../ranking/ranking-data';
import { dotRow } from '../ranking/top-k';
import { onlineVectors } from '../ranking/user-state';

export interface CandidateIndexDeps {
  /** Past this many media a request scores only its candidates (never when absent). */
  minItems?: number;
  vectorSearch?: (vector: Float32Array, k: number) => Promise<{ id: string; score: number }[]>;
  textSearch?: (vector: Float32Array, k: number) => Promise<{ id: string; cosine: number }[]>;
  /**
   * Told when an index lookup fails (an index still populating after a restart, or timing out): that
   * source scans exactly, and the index is not asked again for INDEX_RETRY_MS.
   */
  onIndexError?: (index: 'graph' | 'text', error: unknown) => void;
}

/** The snapshot a request ranks on: its data and the media ids' rows. */
export interface IndexedSnapshot {
  data: RankingData;
  itemIndex: ReadonlyMap<string, number>;
}

/**
 * After a failed lookup an index is left alone this long: at 1.76M media on a 24 GB machine every text
 * lookup ran into the 5 s query timeout before its feed fell back (docs/results.md, "Cold feeds that score
 * only their candidates"), so each feed paid the wait as well as the scan.
 */
export const INDEX_RETRY_MS = 60_000;

export class CandidateIndexes {
  /** Until when (ms) each index is not asked, after a failed lookup. */
  private readonly down = { graph: 0, text: 0 };

  constructor(private readonly deps: CandidateIndexDeps) {}

  /** Whether requests on this data score only their candidates. */
  large(data: RankingData): boolean {
    return data.numItems >= (this.deps.minItems ?? Infinity);
  }

  /**
   * The rank options of `request` on `snap`: none on a small catalogue; on a large one the candidate-only
   * scan with the neighbours its indexes returned (a source whose index failed or is absent scans exactly).
   */
  async rankOptions(
    snap: IndexedSnapshot,
    request: Pick<RankRequest, 'user' | 'state' | 'queryVector'>,
    now: number,
  ): Promise<Partial<RankOptions>> {
    if (!this.large(snap.data)) return {};
    const vectors = onlineVectors(snap.data, { ...request.state, user: request.user }, { now });
    const [index, contentIndex, queryIndex] = await Promise.all([
      this.vectorIndex(snap, vectors.graph, RANK_DEFAULTS.perSource.graph).catch((e) => this.failed('graph', e)),
      this.textIndex(snap, vectors.content, RANK_DEFAULTS.perSource.content).catch((e) => this.failed('text', e)),
      this.textIndex(snap, request.queryVector ?? null, RANK_DEFAULTS.perSource.query).catch((e) =>
        this.failed('text', e),
      ),
    ]);
    return {
      scan: 'candidates',
      ...(index ? { index } : {}),
      ...(contentIndex ? { contentIndex } : {}),
      ...(queryIndex ? { queryIndex } : {}),
    };
  }

  /**
   * The candidates of "more like this" for catalogue item `item` on a large catalogue: its nearest media
   * by graph vector and by text vector, `perSource` of each (ranking/similar-items.ts scores only these
   * and the item's co-engagement neighbours). Null on a small catalogue, or when a lookup failed (the
   * catalogue is scanned then: slower, the same answer).
   */
  async similarCandidates(snap: IndexedSnapshot, item: number, perSource: number): Promise<number[] | null> {
    const { graph, content } = snap.data;
    if (!this.large(snap.data)) return null;
    // An item without a vector of a kind (not embedded yet, no text) has no neighbours by it.
    const row = (t: { items: Float32Array; dim: number } | undefined) => {
      const v = t ? t.items.subarray(item * t.dim, (item + 1) * t.dim) : null;
      return v && v.some((x) => x !== 0) ? v : null;
    };
    const [g, c] = [row(graph), row(content)];
    const [byGraph, byText] = await Promise.all([
      g ? this.vectorIndex(snap, g, perSource).catch((e) => this.failed('graph', e)) : undefined,
      c ? this.textIndex(snap, c, perSource).catch((e) => this.failed('text', e)) : undefined,
    ]);
    // null: a vector without its index (absent, resting after a failure, or failed now).
    if (byGraph === null || byText === null) return null;
    const found: number[] = [];
    if (g && byGraph) for (const h of byGraph.search(g, perSource)) found.push(h.item);
    if (c && byText) for (const h of byText.search(c, perSource)) found.push(h.item);
    return found;
  }

  /** Graph neighbours of `vector` from Neo4j's vector index (twice `k`, for filtering), handed to the ranker as its index. */
  private async vectorIndex(
    snap: IndexedSnapshot,
    vector: Float32Array | null,
    k: number,
  ): Promise<NearestNeighbourIndex | null> {
    if (!this.deps.vectorSearch || !snap.data.graph || !vector || Date.now() < this.down.graph) return null;
    const hits = (await this.deps.vectorSearch(vector, k * 2))
      .map((h) => ({ item: snap.itemIndex.get(h.id) ?? -1, score: h.score }))
      .filter((h) => h.item >= 0);
    // Uploads placed by their text since the last embeddings job are not in Neo4j's index yet: scanned
    // here, every hit then scored by the exact inner product so the two lists merge on one scale.
    const { dim, items, textPlaced } = snap.data.graph;
    if (textPlaced) {
      const seen = new Set(hits.map((h) => h.item));
      for (const i of textPlacedItems(textPlaced)) if (!seen.has(i)) hits.push({ item: i, score: 0 });
      for (const h of hits) h.score = dotRow(items, dim, h.item, vector);
      hits.sort((a, b) => b.score - a.score || a.item - b.item);
    }
    return listIndex(hits);
  }

  /** The nearest media by text vector (content profile or query), from Neo4j's text vector index. */
  private async textIndex(
    snap: IndexedSnapshot,
    vector: Float32Array | null,
    k: number,
  ): Promise<NearestNeighbourIndex | null> {
    const content = snap.data.content;
    if (!this.deps.textSearch || !content || !vector || vector.length !== content.dim) return null;
    if (Date.now() < this.down.text) return null;
    const hits = (await this.deps.textSearch(vector, k * 2))
      .map((h) => ({ item: snap.itemIndex.get(h.id) ?? -1, score: h.cosine }))
      .filter((h) => h.item >= 0);
    return listIndex(hits);
  }

  /** A failed index lookup: the ranker scans that source exactly (slower, same candidates) and the index rests. */
  private failed(index: 'graph' | 'text', error: unknown): null {
    this.down[index] = Date.now() + INDEX_RETRY_MS;
    this.deps.onIndexError?.(index, error);
    return null;
  }
}

/** A nearest-neighbour "index" that answers with hits fetched ahead for the request's one vector. */
function listIndex(hits: readonly { item: number; score: number }[]): NearestNeighbourIndex {
  return { search: (_q, k, accept) => hits.filter((h) => !accept || accept(h.item)).slice(0, k) };
}
