/**
 * Past VECTOR_INDEX_MIN_ITEMS, recommendMedia scores only its candidates and takes its graph, content
 * and query neighbours from the vector indexes' lookups; with lookups that answer exactly it serves the
 * feed the catalogue scan serves, and a failed lookup (an index still populating) falls back to the
 * exact scan of that source.
 */
import type { ServingData } from '../../../src/pipeline/serving-data';
import { exactIndex } from '../../../src/ranking/candidates';
import { defaultRanker } from '../../../src/ranking/default-ranker';
import { featureStats } from '../../../src/ranking/feature-stats';
import { CandidateIndexes, INDEX_RETRY_MS, type CandidateIndexDeps } from '../../../src/recommend/candidate-indexes';
import { DefaultRankerSource } from '../../../src/recommend/default-ranker-source';
import { RecommendService } from '../../../src/recommend/recommend-service';
import { ServingState } from '../../../src/recommend/serving-state';
import { silent } from '../../support/silent-logger';
import type { TextEncoder } from '../../../src/text/encoder';
import { worldData } from '../ranking/world-fixture';

/** The service over `parts`, with candidate indexes when `lookups` are given (scanning the catalogue otherwise). */
async function service(parts: ServingData, lookups: CandidateIndexDeps | null): Promise<RecommendService> {
  const state = new ServingState({
    load: async (version) => ({ version, loadedAt: Date.now(), ...parts }),
    logger: silent,
    minReloadIntervalMs: 0,
  });
  await state.reload();
  const ranker = defaultRanker(featureStats(parts.data));
  // The query's encoder: the text vector of item 7 whatever the words.
  const { items, dim } = parts.data.content!;
  const encoder = { modelId: 'fixed', embed: async () => [items.slice(7 * dim, 8 * dim)] };
  return new RecommendService({
    state,
    encoder: encoder as unknown as TextEncoder,
    ranker: () => ranker,
    userExists: async () => true,
    ...(lookups ? { indexes: new CandidateIndexes(lookups) } : {}),
  });
}

describe('recommendMedia on a large catalogue', () => {
  let parts: ServingData;
  beforeAll(async () => {
    parts = await worldData();
  });

  /** Lookups that answer as Neo4j's indexes would if they were exact: ids with inner products / cosines. */
  function exactLookups(asked: string[]): CandidateIndexDeps {
    const { data } = parts;
    const ids = data.itemIds!;
    const graph = exactIndex(data.graph!.items, data.graph!.dim);
    const text = exactIndex(data.content!.items, data.content!.dim);
    return {
      minItems: 1,
      vectorSearch: async (v, k) => {
        asked.push('graph');
        return graph.search(v, k).map((h) => ({ id: ids[h.item]!, score: h.score }));
      },
      textSearch: async (v, k) => {
        asked.push('text');
        return text.search(v, k).map((h) => ({ id: ids[h.item]!, cosine: h.score }));
      },
    };
  }

  const feeds = async (s: RecommendService, query?: string) => {
    const out: string[][] = [];
    for (let u = 0; u < 40; u += 4) {
      const page = await s.recommendMedia({ userId: `u${u + 1}`, first: 20, feed: null, ...(query ? { query } : {}) });
      out.push(page.items.map((x) => x.mediaId));
    }
    return out;
  };

  it('serves the catalogue scan’s feeds from the index lookups', async () => {
    const asked: string[] = [];
    const scanned = await service(parts, null);
    const indexed = await service(parts, exactLookups(asked));
    const expected = await feeds(scanned);
    expect(expected.flat().length).toBeGreaterThan(150);
    expect(await feeds(indexed)).toEqual(expected);
    expect(asked.filter((a) => a === 'graph').length).toBe(10);
    expect(asked.filter((a) => a === 'text').length).toBe(10); // the content profile's
    asked.length = 0;
    expect(await feeds(indexed, 'any words')).toEqual(await feeds(scanned, 'any words'));
    expect(asked.filter((a) => a === 'text').length).toBe(20); // and the query's
  });

  it('adds the uploads placed by their text, which Neo4j’s graph index does not hold yet', async () => {
    // Four items in five placed since the last embeddings job: the graph source's candidates are mostly those.
    const textPlaced = Uint8Array.from({ length: parts.data.numItems }, (_, i) => (i % 5 === 0 ? 0 : 1));
    const placed: ServingData = { ...parts, data: { ...parts.data, graph: { ...parts.data.graph!, textPlaced } } };
    const index = new Map(parts.data.itemIds!.map((id, i) => [id, i]));
    const lookups = exactLookups([]);
    const indexed = await service(placed, {
      ...lookups,
      vectorSearch: async (v, k) =>
        (await lookups.vectorSearch!(v, parts.data.numItems)).filter((h) => index.get(h.id)! % 5 === 0).slice(0, k),
    });
    expect(await feeds(indexed)).toEqual(await feeds(await service(placed, null)));
  });

  it('answers "more like this" from the index lookups as the catalogue scan does', async () => {
    const asked: string[] = [];
    const scanned = await service(parts, null);
    const indexed = await service(parts, exactLookups(asked));
    const ids = parts.data.itemIds!;
    const similar = async (s: RecommendService) => {
      const out: string[][] = [];
      for (let i = 0; i < 40; i += 3) out.push((await s.similarMedia(ids[i]!, 10)).map((x) => x.mediaId));
      return out;
    };
    const expected = await similar(scanned);
    expect(expected.flat().length).toBeGreaterThan(100);
    expect(await similar(indexed)).toEqual(expected);
    expect(asked.filter((a) => a === 'graph').length).toBe(14);
    expect(asked.filter((a) => a === 'text').length).toBe(14);
    // The answer comes from the candidates: with lookups that find nothing but the co-engagement
    // neighbours, it differs.
    const blind = await service(parts, { minItems: 1, vectorSearch: async () => [], textSearch: async () => [] });
    expect(await similar(blind)).not.toEqual(expected);
  });

  it("measures the default ranker's statistics on the candidate-only requests served, from the same lookups", async () => {
    const asked: string[] = [];
    const indexes = new CandidateIndexes(exactLookups(asked));
    const scanned = new DefaultRankerSource();
    scanned.forData(parts.data, 1000);
    const served = new DefaultRankerSource();
    await served.measure(parts.data, { now: 1000, requestOptions: (r, now) => indexes.rankOptions(parts, r, now) });
    const users = served.stats!.users;
    expect(users).toBeGreaterThan(10);
    expect(asked.filter((a) => a === 'graph').length).toBe(users);
    // The content profile's lookup for every request, the pseudo-query's for every other one.
    expect(asked.filter((a) => a === 'text').length).toBe(users + Math.floor(users / 2));
    // Exact lookups give nearly the catalogue scan's candidates (a lookup returns twice a source's share
    // before the user's engaged items are filtered out: a heavy user can get fewer) and the same values.
    const { counts, mean, std } = scanned.stats!;
    served.stats!.counts.forEach((c, f) => expect(Math.abs(c - counts[f]!)).toBeLessThanOrEqual(0.01 * counts[f]!));
    served.stats!.mean.forEach((m, f) => expect(Math.abs(m - mean[f]!)).toBeLessThanOrEqual(0.02 * std[f]!));
    served.stats!.std.forEach((s, f) => expect(Math.abs(s - std[f]!)).toBeLessThanOrEqual(0.02 * std[f]!));
    // The statistics follow the lookups: with indexes that find nothing, the graph, content and query sources give no rows.
    const empty = new CandidateIndexes({ minItems: 1, vectorSearch: async () => [], textSearch: async () => [] });
    const blind = new DefaultRankerSource();
    await blind.measure(parts.data, { now: 1000, requestOptions: (r, now) => empty.rankOptions(parts, r, now) });
    expect(blind.stats!.rows).toBeLessThan(0.9 * scanned.stats!.rows);
  });

  it('a failed lookup is reported, that source scanned exactly (the same feeds) and the index left alone a while', async () => {
    const errors: string[] = [];
    const failing = await service(parts, {
      ...exactLookups([]),
      textSearch: async () => {
        throw new Error('index media_text_embedding is not online');
      },
      onIndexError: (index) => errors.push(index),
    });
    expect(await feeds(failing)).toEqual(await feeds(await service(parts, null)));
    // Asked once: after the failure the index rests for INDEX_RETRY_MS, the feeds scanning meanwhile.
    expect(errors).toEqual(['text']);
    const later = Date.now() + INDEX_RETRY_MS + 1;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      await failing.recommendMedia({ userId: 'u3', first: 20, feed: null });
      expect(errors).toEqual(['text', 'text']); // asked again once the rest is over
    } finally {
      clock.mockRestore();
    }
  });
});
