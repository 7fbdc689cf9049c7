/**
 * From what the store holds to the ranker's data: the graph projection, stored graph embeddings, cached
 * text vectors plus client audio/visual vectors and context counts become the pure core's RankingData
 * (engagement and social CSR, item metadata, PageRank, embeddings, content vectors, context histograms).
 * One builder for the serving snapshot (recommend/snapshot.ts) and the train-ranker job, so the ranker
 * is trained on the data it serves from.
 */
import type { ContentStore, GraphProjection, GraphSource, StoredEmbeddings } from '../domain/ports';
import { edgePosition, type Csr } from '../graph/csr';
import type { InteractionGraph } from '../graph/interaction-graph';
import { parseProjection, projectText, type TextProjection } from '../models/graph-text/projection';
import { buildRankingData, MEDIA_KIND, type ContextHistograms, type RankingData } from '../ranking/ranking-data';
import { itemSet } from '../models/sparse-item-item';
import type { TrainData } from '../models/types';
import {
  chooseCoEngagement,
  CO_ENGAGEMENT_DEFAULTS,
  itemGraphs,
  type CoEngagementSettings,
  type ItemGraphs,
} from './co-engagement';
import { coEngagementOffThread } from './co-engagement-thread';
import { readContextHistograms } from './context-histograms';
import { excludedEdges, graphFromProjection, itemTagsFromProjection, trainDataFromGraph } from './graph-data';
import { readTagAssignments, type TagAssignments } from './tag-assignments';
import { readItemText, textRow, type HeldText, type ItemTextVectors } from './item-text';

/** Share of each modality in content similarity when an item has several. */
export const MODALITY_WEIGHTS = { text: 1, audio: 0.5, visual: 0.5 };

/** What a snapshot is built from, as read from the store. */
export interface SnapshotParts {
  projection: GraphProjection;
  embeddings: StoredEmbeddings;
  /** The stored text vectors in the projection's item order. */
  text: ItemTextVectors;
  /** Per-item context histograms (absent: no engagement carries a context). */
  context?: ContextHistograms;
  /** graph-text's stored text → graph-space map, when it takes these text vectors (else absent). */
  textProjection?: TextProjection;
  /** What was built from the projection ahead (readSnapshotParts); used only for that very projection. */
  prepared?: PreparedInteractions;
  /** The users' tag assignments (read where the item graphs weigh tags; any projection of these users and items). */
  tagAssignments?: TagAssignments;
  /** Settings of the item graphs built in place (co-engagement.ts; its defaults where absent, as the service). */
  itemGraphs?: Partial<CoEngagementSettings>;
}

/**
 * The interaction graph, training CSRs and item graphs of one projection (`of`), built while the rest of a
 * snapshot is read. buildServingData takes them only when its projection is `of`: a caller that swaps the
 * projection (the ranker fit's held-out split) gets them rebuilt from its own, never the full one's.
 */
export interface PreparedInteractions {
  of: GraphProjection;
  graph: InteractionGraph;
  train: TrainData;
  /** Absent: built in place by buildServingData (a small catalogue). */
  graphs?: ItemGraphs;
}

/** Model items past which a snapshot's item–item graphs are built on a worker thread (a 1,000-item EASE fit takes ~0.1 s). */
const IN_THREAD_MODEL_ITEMS = 1000;

/** The projection's interaction graph and training CSRs, built once per snapshot (they were built twice). */
export function interactionsOf(p: GraphProjection): PreparedInteractions {
  const graph = graphFromProjection(p);
  return { of: p, graph, train: trainDataFromGraph(graph) };
}

/** Whether the item graphs fit dense EASE on `train`, the one item–item model that reads tags, X's profile weights and damping. */
export function fitsDenseEase(train: TrainData, settings: Partial<CoEngagementSettings>): boolean {
  return chooseCoEngagement(train, settings).model === 'ease';
}

/** Whether the item graphs weigh the media's tags on `train`: `tagWeight` > 0 and dense EASE chosen. */
function weighsTags(train: TrainData, settings: Partial<CoEngagementSettings>): boolean {
  return (settings.tagWeight ?? CO_ENGAGEMENT_DEFAULTS.tagWeight) > 0 && fitsDenseEase(train, settings);
}

/**
 * `train` with the media's tags and the users' tag assignments on its pairs where `weighed` (weighsTags;
 * past dense EASE's size, local EASE and item-kNN read no tags).
 */
function withTags(train: TrainData, p: GraphProjection, weighed: boolean, assigned?: TagAssignments): TrainData {
  if (!weighed) return train;
  const itemTags = itemTagsFromProjection(p, assigned, train.userItems);
  return itemTags ? { ...train, itemTags } : train;
}

/** withTags where the item graphs of these settings weigh them. */
function withWeighedTags(
  train: TrainData,
  p: GraphProjection,
  settings: Partial<CoEngagementSettings>,
  assigned?: TagAssignments,
): TrainData {
  return withTags(train, p, weighsTags(train, settings), assigned);
}

/**
 * With the item graphs (co-engagement, walk, EASE's signed rows) built on a worker thread past
 * `inThreadModelItems` model items (LastFM's EASE: 23 s; item-kNN and the walk on the 10× world: 12 s
 * each, bench:coengagement), so the service keeps answering while a snapshot loads; below it
 * buildServingData builds them in place.
 */
async function withItemGraphs(
  built: PreparedInteractions,
  inThreadModelItems = IN_THREAD_MODEL_ITEMS,
  settings: Partial<CoEngagementSettings> = {},
): Promise<PreparedInteractions> {
  if (chooseCoEngagement(built.train, settings).modelItems <= inThreadModelItems) return built;
  return { ...built, graphs: await coEngagementOffThread(built.train, settings) };
}

/**
 * What a snapshot prepares from its interactions: the media's tags and the users' assignments where the
 * item graphs weigh them (withTags), then the item graphs off the thread past `inThreadModelItems` (withItemGraphs).
 */
export function prepareInteractions(
  base: PreparedInteractions,
  settings: Partial<CoEngagementSettings>,
  assigned?: TagAssignments,
  inThreadModelItems = IN_THREAD_MODEL_ITEMS,
): Promise<PreparedInteractions> {
  const train = withWeighedTags(base.train, base.of, settings, assigned);
  return withItemGraphs({ ...base, train }, inThreadModelItems, settings);
}

/**
 * `p`'s interaction graph and training CSRs, with the media's tags and the users' assignments on its pairs
 * wherever dense EASE is chosen, whatever the tag weight (EASE reads them only at a weight above 0, and
 * nothing else in the ranking data does): built once for every build of the train-ranker job's tag grid,
 * and whether `train.itemTags` is set says whether there is a tag weight to choose.
 */
export function interactionsWithTags(
  p: GraphProjection,
  assigned: TagAssignments | undefined,
  settings: Partial<CoEngagementSettings>,
): PreparedInteractions {
  const built = interactionsOf(p);
  return { ...built, train: withTags(built.train, p, fitsDenseEase(built.train, settings), assigned) };
}

/**
 * `held`: the text vectors the serving snapshot holds, kept where unchanged (readItemText). `itemGraphs`:
 * settings of the item graphs over co-engagement.ts's defaults (the stored ranker's tag weight, learned
 * with it: ranker-fit.ts storedItemGraphs).
 */
export async function readSnapshotParts(
  graph: GraphSource,
  content: ContentStore,
  textModel: string,
  held?: HeldText,
  itemGraphs: Partial<CoEngagementSettings> = {},
): Promise<SnapshotParts> {
  const settings = { ...CO_ENGAGEMENT_DEFAULTS, ...itemGraphs };
  const projected = graph.project();
  const base = projected.then(interactionsOf);
  // The users' tag assignments are read only where the item graphs weigh tags (never past dense EASE's size).
  const tagAssignments = base.then((b) =>
    weighsTags(b.train, settings) ? readTagAssignments(graph, b.graph.userIndex, b.graph.itemIndex) : undefined,
  );
  // The item graphs are built on their thread while the rest is still being read; the text vectors are
  // written straight into item order, so they wait for the interaction graph's item index.
  const [projection, assigned, prepared, embeddings, text, context, stored] = await Promise.all([
    projected,
    tagAssignments,
    Promise.all([base, tagAssignments]).then(([b, a]) => prepareInteractions(b, settings, a)),
    graph.readEmbeddings(),
    base.then((b) => readItemText(content, textModel, b.graph.itemIndex, held)),
    base.then((b) => readContextHistograms(graph, b.graph.itemIndex)),
    graph.readTextProjection(),
  ]);
  // A projection trained on another encoder's vectors cannot read these: left out.
  const textProjection = stored && stored.textModel === textModel ? parseProjection(stored.json) : undefined;
  return {
    projection,
    embeddings,
    text,
    prepared,
    ...(assigned ? { tagAssignments: assigned } : {}),
    ...(context ? { context } : {}),
    ...(textProjection ? { textProjection } : {}),
    ...(Object.keys(itemGraphs).length > 0 ? { itemGraphs } : {}),
  };
}

/** The ranking data and the id → index maps of users and items. */
export interface ServingData {
  data: RankingData;
  userIndex: ReadonlyMap<string, number>;
  itemIndex: ReadonlyMap<string, number>;
}

export function buildServingData(parts: SnapshotParts): ServingData {
  const { projection: p, embeddings, text, context } = parts;
  const prepared = parts.prepared?.of === p ? parts.prepared : undefined;
  const g = prepared?.graph ?? graphFromProjection(p);
  const train =
    prepared?.train ?? withWeighedTags(trainDataFromGraph(g), p, parts.itemGraphs ?? {}, parts.tagAssignments);
  const userIndex = g.userIndex;
  const itemIndex = g.itemIndex;
  const languages = [...new Set(p.itemMeta.map((m) => m.language).filter((l): l is string => l !== null))].sort();
  const langIndex = new Map(languages.map((l, i) => [l, i]));
  const hasPagerank = p.itemMeta.some((m) => m.pagerank !== null);
  const graphs = prepared?.graphs ?? itemGraphs(train, parts.itemGraphs);
  const data = buildRankingData(train, {
    coEngagement: graphs.coEngagement,
    walk: graphs.walk,
    ...(graphs.easeSigned ? { easeSigned: graphs.easeSigned } : {}),
    blendItems: itemSet(train, parts.itemGraphs?.minUsers ?? CO_ENGAGEMENT_DEFAULTS.minUsers).items,
    lastAt: edgeTimes(p, g.userItems),
    excluded: excludedEdges(p),
    following: g.following,
    itemKind: Uint8Array.from(p.itemKinds, (k) =>
      k === 'AUDIO' ? MEDIA_KIND.AUDIO : k === 'VIDEO' ? MEDIA_KIND.VIDEO : MEDIA_KIND.UNKNOWN,
    ),
    itemPublishedAt: p.itemTimes,
    itemLanguage: Int32Array.from(p.itemMeta, (m) =>
      m.language === null ? -1 : (langIndex.get(m.language) as number),
    ),
    languages,
    itemDuration: Float32Array.from(p.itemMeta, (m) => m.durationSec ?? NaN),
    itemCreator: Int32Array.from(p.itemMeta, (m) => (m.creatorId === null ? -1 : (userIndex.get(m.creatorId) ?? -1))),
    ...(hasPagerank ? { itemPopularity: Float32Array.from(p.itemMeta, (m) => m.pagerank ?? 0) } : {}),
    ...graphEmbeddings(
      embeddings,
      p,
      parts.textProjection ? { projection: parts.textProjection, text, itemUsers: train.itemUsers } : undefined,
    ),
    ...contentVectors(text, p),
    context,
    ...itemWords(p),
    userIds: p.userIds,
    itemIds: p.itemIds,
  });
  return { data, userIndex, itemIndex };
}

/**
 * Lower-cased terms (keywords and tags) and tags per item. Each distinct word is kept once: the store
 * returns a new string per item and tag, and on the 10× world the copies were 84 of the snapshot's 467 MB
 * (35 MB kept once; docs/results.md, "Snapshot memory at 100×").
 */
function itemWords(p: GraphProjection): { itemTerms: string[][]; itemTags: string[][] } {
  const words = new Map<string, string>();
  const word = (t: string): string => {
    const lower = t.toLowerCase();
    const kept = words.get(lower);
    if (kept !== undefined) return kept;
    words.set(lower, lower);
    return lower;
  };
  return {
    itemTerms: p.itemMeta.map((m) => [...new Set([...m.keywords, ...m.tags].map(word))]),
    itemTags: p.itemMeta.map((m) => m.tags.map(word)),
  };
}

/**
 * Last engagement time per userItems edge (the CSR merged and sorted the raw edges): each positive raw
 * edge found in its user's sorted row by binary search (a map keyed by user × item held 8.2M boxed keys at
 * 100× LastFM); a pair given twice keeps its last time.
 */
function edgeTimes(p: GraphProjection, userItems: RankingData['userItems']): Float64Array {
  const out = new Float64Array(userItems.targets.length).fill(NaN);
  for (let k = 0; k < p.edges.user.length; k++) {
    if (!(p.edges.weight[k]! > 0)) continue;
    const at = edgePosition(userItems, p.edges.user[k]!, p.edges.item[k]!);
    if (at >= 0) out[at] = p.edges.lastAt[k]!;
  }
  return out;
}

/**
 * Stored graph embeddings by index. With graph-text's projection, a media item with a text vector and
 * no engagement or no stored embedding (uploaded since the job) is placed by its text, v_i = f(t̂_i), as
 * graph-text scores items without training interactions: new uploads join the graph candidates at once.
 */
function graphEmbeddings(
  e: { users: Map<string, Float32Array>; media: Map<string, Float32Array> },
  p: GraphProjection,
  byText?: { projection: TextProjection; text: ItemTextVectors; itemUsers: Csr },
) {
  const first = e.media.values().next().value as Float32Array | undefined;
  if (!first) return {};
  const dim = first.length;
  const items = new Float32Array(p.itemIds.length * dim);
  p.itemIds.forEach((id, i) => {
    const v = e.media.get(id);
    if (v && v.length === dim) items.set(v, i * dim);
  });
  const users = new Float32Array(p.userIds.length * dim);
  p.userIds.forEach((id, u) => {
    const v = e.users.get(id);
    if (v && v.length === dim) users.set(v, u * dim);
  });
  if (!byText || byText.projection.dim !== dim) return { graph: { dim, users, items } };
  const { projection, text, itemUsers } = byText;
  const textPlaced = new Uint8Array(p.itemIds.length);
  p.itemIds.forEach((id, i) => {
    const t = textRow(text, i);
    const engaged = itemUsers.offsets[i + 1]! > itemUsers.offsets[i]!;
    if (!t || t.length !== projection.inputDim || (engaged && e.media.get(id)?.length === dim)) return;
    items.set(projectText(projection, t), i * dim);
    textPlaced[i] = 1;
  });
  return { graph: { dim, users, items, textPlaced } };
}

/**
 * Content vector per item: the text vector, joined by client audio/visual vectors when any item has
 * them (each block unit-normalised and weighted, the whole row unit-normalised, zero blocks for
 * missing modalities), so cosine similarity mixes the modalities an item pair shares. Without audio
 * and visual vectors the rows are the text vectors themselves (already unit length), not a copy.
 */
function contentVectors(text: ItemTextVectors, p: GraphProjection) {
  const textDim = text.dim;
  const audioDim = p.itemMeta.find((m) => m.audioVector)?.audioVector?.length ?? 0;
  const visualDim = p.itemMeta.find((m) => m.visualVector)?.visualVector?.length ?? 0;
  const dim = textDim + audioDim + visualDim;
  if (dim === 0) return {};
  if (dim === textDim) return { content: { dim, items: text.rows } };
  const items = new Float32Array(p.itemIds.length * dim);
  const put = (
    row: number,
    offset: number,
    v: ArrayLike<number> | null | undefined,
    size: number,
    weight: number,
  ): void => {
    if (!v || v.length !== size) return;
    let s = 0;
    for (let c = 0; c < size; c++) s += v[c]! * v[c]!;
    if (s === 0) return;
    const f = Math.sqrt(weight / s);
    for (let c = 0; c < size; c++) items[row * dim + offset + c] = v[c]! * f;
  };
  p.itemIds.forEach((_, i) => {
    put(i, 0, textRow(text, i), textDim, MODALITY_WEIGHTS.text);
    put(i, textDim, p.itemMeta[i]!.audioVector, audioDim, MODALITY_WEIGHTS.audio);
    put(i, textDim + audioDim, p.itemMeta[i]!.visualVector, visualDim, MODALITY_WEIGHTS.visual);
    let s = 0;
    for (let c = 0; c < dim; c++) s += items[i * dim + c]! ** 2;
    if (s > 0) for (let c = 0; c < dim; c++) items[i * dim + c]! /= Math.sqrt(s);
  });
  return { content: { dim, items } };
}
