/**
 * The contract every recommender implements, so the evaluation harness, jobs and later rankers
 * (e.g. a fused ranker) can train and score any model the same way.
 *
 * Tensors never cross this boundary: scores and embeddings are plain Float32Arrays.
 */
import type { MediaKind } from '../domain/entities';
import type { Csr } from '../graph/csr';
import type { TextProjection } from './graph-text/projection';

/** Training data in index form. Everything here comes from the training split only. */
export interface TrainData {
  numUsers: number;
  numItems: number;
  /** Training positives user → items (weights = engagement weight, e.g. play count). */
  userItems: Csr;
  /** Transpose of userItems. */
  itemUsers: Csr;
  /** Symmetric user–user social graph (a follow in either direction is a tie), weights 1. */
  social: Csr;
  /** The follows as declared (follower → followee), when the data has directions: what the store holds. */
  follows?: { src: Int32Array; dst: Int32Array };
  /**
   * Training pairs engaged without a positive total weight (a 1-star RATE, a DISLIKE), with that total:
   * no model learns from them; the served model's projection carries them, as the store does.
   */
  nonPositive?: Csr;
  /** Each userItems pair's stored total weight (parallel to userItems.targets; userItems holds the compressed one). */
  storedWeights?: Float32Array;
  /** Per-item media facts (kind, language, duration, publish time), when the data has them. */
  itemFacts?: {
    kind: MediaKind | null;
    language: string | null;
    durationSec: number | null;
    /** ms since epoch; NaN = unknown. */
    publishedAt: number;
  }[];
  /** Tag assignments per item built only from (user, item) pairs in the training split. */
  itemTags?: { item: Int32Array; tag: Int32Array; numTags: number };
  /**
   * The users' own assignments among itemTags (one row per assignment, training pairs only; the rest of
   * itemTags is the items' editorial tags): what the stored graph holds as TAGGED edges.
   */
  tagAssignments?: { user: Int32Array; item: Int32Array; tag: Int32Array };
  /** Names of the tags of itemTags, by tag index (the dataset's own: its reader supplies them). */
  tagNames?: readonly string[];
  /** Per-item metadata text (title, description, editorial tags; no user-generated text), for content models. */
  itemTexts?: string[];
  /** Text vectors of the items (one per item, by index; empty = no text), when a caller already has them (the jobs read them from Neo4j); content models encode itemTexts otherwise. */
  itemTextVectors?: Float32Array[];
}

/**
 * Text → unit vectors, as the configured encoder gives them (text/encoder.ts's TextEncoder fits this
 * shape). `modelId` names the model and its vector-changing settings.
 */
export interface ItemTextEncoder {
  readonly modelId: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type Scorer = (users: Int32Array) => Float32Array;

export interface FitContext {
  seed: number;
  /** Progress lines (epoch, loss, validation NDCG@10, s/epoch, ETA). */
  log: (line: string) => void;
  /** Validation NDCG@10 of a scorer; used for early stopping and model selection. */
  validate?: (scorer: Scorer) => number;
  /**
   * Validation NDCG@10 of a scorer per validation user (user → value; its mean is `validate`'s), for a
   * selection that asks whether one option beats another by more than the users' spread.
   */
  validatePerUser?: (scorer: Scorer) => Map<number, number>;
  /**
   * All validation metrics at 10 and 20 of a scorer, with the protocol's extras (full-feed:
   * cold-share@20 and cold-relevant-share), for models that tune more than NDCG (graph-text's cold blend).
   */
  validateMetrics?: (scorer: Scorer) => Record<string, number>;
  /** Name of the active tfjs backend, for models that use tfjs. */
  backend?: string;
  /**
   * Trained embeddings keyed by (dataset, seed, model options); lets a composite model reuse a
   * component trained earlier on the same split instead of retraining it (training is deterministic
   * for a seed on cpu/wasm, so the result is identical).
   */
  embeddingCache?: EmbeddingCache;
  /** Dataset name, part of embedding cache keys. */
  dataset?: string;
  /**
   * Validation positives (user → items), for models that tune or stack on validation (e.g. the fused
   * ranker's weights). Never test pairs; absent outside the evaluation harness.
   */
  validPairs?: Csr;
  /** The configured text encoder (EMBEDDING_KIND), for models that read TrainData.itemTexts. */
  textEncoder?: ItemTextEncoder;
}

export interface EmbeddingCache {
  get(key: string): Embeddings | undefined;
  set(key: string, value: Embeddings): void;
}

export interface Embeddings {
  dim: number;
  /** numUsers × dim, row-major. */
  users: Float32Array;
  /** numItems × dim, row-major. */
  items: Float32Array;
}

export interface Recommender {
  readonly name: string;
  fit(data: TrainData, ctx: FitContext): Promise<void>;
  /** Scores of every item for each user, row-major users.length × numItems (higher is better). */
  score(users: Int32Array): Float32Array;
  /** Final embeddings for models that learn them. */
  embeddings?(): Embeddings;
  /** Releases tfjs memory held by the model. */
  dispose?(): void;
  /** For models that place items by their text (graph-text): the text → item-space map and how many items it placed. */
  textProjection?(): { weights: TextProjection; textPlaced: number };
}

export type RecommenderFactory = (config: Record<string, unknown>) => Recommender;
