/**
 * Ports: the storage interfaces services and the API depend on, and the contract types they exchange.
 * store/neo4j/ implements them (its repositories `implements` these interfaces); only the composition
 * root (main.ts) and the CLIs (cli/) choose that adapter. The pattern of Gorse's storage/data/database.go
 * interface with its SQL, MongoDB and Redis implementations.
 */
import type { Engagement, Interaction, Media, MediaKind, UpsertResult, User } from './entities';
import type { InteractionRow, MediaRow, UserRow } from './validation';

// ── Transactions ──────────────────────────────────────────────────────────────────────────────────

/**
 * A write transaction opened by a UnitOfWork. Opaque to services: they only pass it back to store
 * methods that take part in it. Only the adapter whose UnitOfWork opened it may receive it (the Neo4j
 * repositories read it as their own transaction handle).
 */
export interface Transaction {
  readonly isTransaction: true;
}

/** Several store writes in one transaction: all or nothing; throwing inside `work` rolls back. */
export interface UnitOfWork {
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}

/**
 * Admits one database transaction on behalf of whoever is calling at the moment. The API's gate
 * (api/database-share.ts) lets an API key run only a few transactions at a time while other keys are
 * active, so one client's database work cannot take every core from the others; offline work has none.
 */
export type WorkGate = <T>(work: () => Promise<T>) => Promise<T>;

// ── Paged reads ───────────────────────────────────────────────────────────────────────────────────

export interface PageRequest {
  /** Rows to return; stores fetch one more to know whether a next page exists. */
  first: number;
  /** Keyset position after which to start (decoded cursor), or null for the first page. */
  after: unknown;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}

// ── Users, media and the writes that shape the graph ─────────────────────────────────────────────

export type UserEdgeKind = 'following' | 'followers' | 'friends';

/** What users and media share: idempotent upsert by id, which ids are missing, lookup by ids. */
export interface KeyedStore<R, E> {
  upsert(rows: R[], tx?: Transaction): Promise<UpsertResult>;
  missingIds(ids: string[], tx?: Transaction): Promise<string[]>;
  byIds(ids: readonly string[]): Promise<Map<string, E>>;
}

export interface UserStore extends KeyedStore<UserRow, User> {
  page(req: PageRequest): Promise<Page<User>>;
  count(): Promise<number>;
  /** One round trip for a whole batch of users' neighbour pages. */
  neighbours(kind: UserEdgeKind, ids: readonly string[], req: PageRequest): Promise<Map<string, Page<User>>>;
  engagedMedia(
    ids: readonly string[],
    req: PageRequest,
  ): Promise<Map<string, Page<{ media: Media; engagement: Engagement }>>>;
  interactions(ids: readonly string[], req: PageRequest): Promise<Map<string, Page<Interaction>>>;
  /** Interaction events of one user per local hour (0–23) of their context, for the taste profile. */
  activityByHour(id: string): Promise<{ hour: number; n: number }[]>;
  /**
   * Locks the users until the transaction ends and returns the ids that do not exist. Every write
   * linking to a user takes this first, and erasure too, so the two never interleave.
   */
  lockMissing(ids: readonly string[], tx: Transaction): Promise<string[]>;
  /** Erases the person and everything personal; false when no such user existed. */
  delete(id: string): Promise<boolean>;
}

export interface MediaFilter {
  kind: MediaKind | null;
  tag: string | null;
}

export interface MediaStore extends KeyedStore<MediaRow, Media> {
  page(filter: MediaFilter, req: PageRequest): Promise<Page<Media>>;
  count(filter: MediaFilter): Promise<number>;
  engagedBy(
    ids: readonly string[],
    req: PageRequest,
  ): Promise<Map<string, Page<{ user: User; engagement: Engagement }>>>;
}

export interface TagAssignmentRow {
  userId: string;
  mediaId: string;
  tag: string;
  at: string | null;
}

export interface InteractionStore {
  /** Returns how many of the rows were new events (the rest were retries of recorded events). */
  record(rows: InteractionRow[], tx: Transaction): Promise<number>;
  assignTags(rows: TagAssignmentRow[]): Promise<number>;
  /** Inside a transaction that has locked both users (UserStore.lockMissing); true when the edge is new. */
  follow(followerId: string, followeeId: string, tx: Transaction): Promise<boolean>;
  followBatch(rows: { followerId: string; followeeId: string }[]): Promise<number>;
  /** Like follow; true when an edge was removed. */
  unfollow(followerId: string, followeeId: string, tx: Transaction): Promise<boolean>;
}

// ── The graph projection (input of the pure core) and computed results ───────────────────────────

/** Per-item fields serving needs beside the graph (filters, freshness, explanations). */
export interface ItemMeta {
  language: string | null;
  durationSec: number | null;
  creatorId: string | null;
  title: string;
  tags: string[];
  keywords: string[];
  pagerank: number | null;
  audioVector: number[] | null;
  visualVector: number[] | null;
}

/** How often an item was engaged with in one context (local hour, weekday, device). */
export interface ContextCounts {
  item: string;
  hour: number | null;
  weekday: number | null;
  device: string | null;
  n: number;
}

/** One user's tag on one media item (a TAGGED edge). */
export interface TagAssignment {
  user: string;
  item: string;
  tag: string;
}

/** Users, media, engagement and follows as compact typed arrays (indices into userIds / itemIds). */
export interface GraphProjection {
  userIds: string[];
  itemIds: string[];
  itemKinds: (MediaKind | null)[];
  itemMeta: ItemMeta[];
  /** Epoch ms of publication (publishedAt) per item; NaN when unknown. */
  itemTimes: Float64Array;
  edges: { user: Int32Array; item: Int32Array; weight: Float32Array; count: Int32Array; lastAt: Float64Array };
  follows: { src: Int32Array; dst: Int32Array };
}

export interface StoredEmbeddings {
  users: Map<string, Float32Array>;
  media: Map<string, Float32Array>;
}

/** A text → graph-space projection as stored: its JSON weights and the models it maps between. */
export interface StoredTextProjection {
  json: string;
  /** The text encoder's model id whose vectors it takes. */
  textModel: string;
  /** The graph model whose item space it maps into. */
  graphModel: string;
  trainedAt?: string;
}

/** Reads the graph out for the core and writes computed scores and embeddings back. */
export interface GraphSource {
  project(): Promise<GraphProjection>;
  /** Engagement counts per item × local hour × weekday × device, one row at a time (millions at 100× LastFM). */
  streamContextCounts(onRow: (row: ContextCounts) => void): Promise<void>;
  /** The users' tag assignments, one row at a time (read only where EASE weighs tags). */
  streamTagAssignments(onRow: (row: TagAssignment) => void): Promise<void>;
  writePagerank(kind: 'user' | 'media', ids: readonly string[], scores: Float64Array | Float32Array): Promise<void>;
  /** Embeddings as row-major Float32Array (n × dim). */
  writeEmbeddings(
    kind: 'user' | 'media',
    ids: readonly string[],
    vectors: Float32Array,
    dim: number,
    model: string,
  ): Promise<void>;
  readEmbeddings(): Promise<StoredEmbeddings>;
  /** graph-text's text → graph-space projection (JSON weights) stored with the embeddings; null deletes it. */
  writeTextProjection(projection: StoredTextProjection | null): Promise<void>;
  readTextProjection(): Promise<StoredTextProjection | null>;
  /** Approximate nearest media by graph embedding (the vector index). */
  nearestMedia(vector: Float32Array, k: number): Promise<{ id: string; score: number }[]>;
}

// ── Content: media text, its vectors and keywords; the stored ranker ─────────────────────────────

export interface MediaTextRow {
  id: string;
  title: string;
  description: string | null;
  tags: string[];
  /** Model id and text hash of the stored text vector, if any (unchanged text is not re-embedded). */
  textModel: string | null;
  textHash: string | null;
}

/** One stored text vector: its media id, the vector, and the hash of the text it was computed from. */
export type TextVectorRow = (id: string, vector: ArrayLike<number>, hash: string | null) => void;

export interface ContentStore {
  mediaTexts(): Promise<MediaTextRow[]>;
  /** The same rows for the given ids only (ids of absent media are skipped). */
  mediaTextsByIds(ids: readonly string[]): Promise<MediaTextRow[]>;
  writeTextEmbeddings(model: string, rows: { id: string; hash: string; vector: Float32Array }[]): Promise<void>;
  readTextEmbeddings(model: string): Promise<Map<string, Float32Array>>;
  /**
   * The same vectors, each handed to `onRow` as it is read with the text hash it was computed from (nothing
   * kept: the caller stores what it needs).
   */
  streamTextEmbeddings(model: string, onRow: TextVectorRow): Promise<void>;
  /** The ids of the media holding a text vector of `model`, and its text hash, without the vectors. */
  streamTextHashes(model: string, onRow: (id: string, hash: string | null) => void): Promise<void>;
  /** The text vectors of `model` of the given media (those without one skipped), as streamTextEmbeddings. */
  streamTextEmbeddingsByIds(model: string, ids: readonly string[], onRow: TextVectorRow): Promise<void>;
  /** The k media whose text vectors of `model` are nearest `vector` by cosine (Neo4j's vector index), nearest first. */
  nearestMediaByText(model: string, vector: Float32Array, k: number): Promise<{ id: string; cosine: number }[]>;
  writeKeywords(rows: { id: string; keywords: string[] }[]): Promise<void>;
  /** The trained ranker as JSON, or null before the first train-ranker run. */
  readRanker(name?: string): Promise<string | null>;
  writeRanker(json: string, name?: string): Promise<void>;
}

// ── Jobs and whole-database operations ───────────────────────────────────────────────────────────

export interface JobRunRecord {
  id: string;
  job: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  seconds: number | null;
  /** JSON of the job's result, or the error message. */
  detail: string | null;
}

export interface JobLog {
  recordJobRun(run: JobRunRecord): Promise<void>;
  /** Job name → when its last successful run finished (ISO time): what changes when a job writes new results. */
  jobVersions(): Promise<Record<string, string>>;
  recentJobRuns(limit: number): Promise<JobRunRecord[]>;
}

export interface GraphCounts {
  users: number;
  media: number;
  interactions: number;
  engagements: number;
  follows: number;
  tagAssignments: number;
  tags: number;
}

export interface AdminStore extends JobLog {
  counts(): Promise<GraphCounts>;
  /** Erases every node and relationship (constraints and indexes stay). */
  reset(): Promise<void>;
  /** Whether the demo world seeded by `npm start` is in the database. */
  demoPresent(): Promise<boolean>;
}

// ── Moderation and impressions ───────────────────────────────────────────────────────────────────

export type TakedownMode = 'HIDE' | 'DELETE';

export interface TakedownRecord {
  id: string;
  mode: TakedownMode;
  reason: string;
  at: string;
  /** Non-secret id of the key that took it down. */
  keyId: string;
}

export interface MediaState {
  visible: boolean;
  hidden: boolean;
  takedown: TakedownRecord | null;
}

export interface ModerationStore {
  state(id: string, tx: Transaction): Promise<MediaState>;
  apply(mode: TakedownMode, fields: Omit<TakedownRecord, 'mode'>, tx: Transaction): Promise<TakedownRecord>;
  restore(id: string, tx: Transaction): Promise<boolean>;
  /** The ids among `ids` that were taken down. */
  takenDown(ids: readonly string[], tx?: Transaction): Promise<string[]>;
}

/** One (user, item) pair of a batch: the latest impression time and how many distinct impressions it holds. */
export interface ImpressionPairRow {
  userId: string;
  mediaId: string;
  at: string;
  times: number;
}

export interface ShownCount {
  userId: string;
  mediaId: string;
  /** Impressions since the user last engaged with the item. */
  count: number;
  lastAt: string;
  /** False when the row was a retry (at or before the last impression counted). */
  counted: boolean;
}

export interface ImpressionStore {
  record(rows: ImpressionPairRow[], tx: Transaction): Promise<ShownCount[]>;
  /** Pairs shown at least `limit` times since the last engagement, the last time at or after `since`. */
  repeated(limit: number, since: string): Promise<ShownCount[]>;
}

// ── Analyst export ───────────────────────────────────────────────────────────────────────────────

export interface ExportedEngagement {
  userId: string;
  mediaId: string;
  kind: MediaKind | null;
  weight: number;
  count: number;
  /** Counts per interaction type, in INTERACTION_TYPES order. */
  counts: number[];
  lastAt: string | null;
}

export interface ExportedFollow {
  followerId: string;
  followeeId: string;
  since: string | null;
}

/** The aggregated interaction and social graph, streamed row by row (memory stays flat). */
export interface GraphExport {
  engagements(onRow: (row: ExportedEngagement) => void): Promise<void>;
  follows(onRow: (row: ExportedFollow) => void): Promise<void>;
}

// ── All of them ──────────────────────────────────────────────────────────────────────────────────

/** The stores one adapter provides, over one database. */
// ── Replicas ─────────────────────────────────────────────────────────────────────────────────────

/** A write one replica took, as the others replay it (recommend/replica-sync.ts). */
export interface ChangeRecord {
  id: string;
  /** The replica that took the write. */
  origin: string;
  /** Order of the origin's changes (changes appended together share `at`). */
  seq: number;
  /** Database time of the append, ms since the epoch. */
  at: number;
  kind: string;
  /** The event's arguments as JSON. */
  payload: string;
}

/** The change log replicas share through the database. */
/** What a prune keeps for readers still reading (ChangeLog.prune); without it, readers are ignored. */
export interface PruneKeep {
  /** A reader that marked its cursor within this many ms is live. */
  liveMs: number;
  /** Changes older than this go whatever a reader's cursor says (the log stays bounded). */
  floor: number;
}

export interface ChangeLog {
  /** Appends in one transaction, timed by the database's clock. */
  append(changes: Omit<ChangeRecord, 'at'>[]): Promise<void>;
  /**
   * Other origins' changes at or after `from`, except `seen` ids, oldest first; `now` is the database's
   * time of the read, `prunedNewest` the time of the newest change of another origin pruned so far (null: none).
   */
  since(
    from: number,
    origin: string,
    seen: readonly string[],
    limit: number,
  ): Promise<{ changes: ChangeRecord[]; now: number; prunedNewest: number | null }>;
  /** The database's clock, ms since the epoch. */
  now(): Promise<number>;
  /** Deletes every change but erasures whose payload names the user (their erasure); returns how many. */
  forgetUser(userId: string): Promise<number>;
  /**
   * Deletes changes older than `before` (at most `limit`) that every live reader has read: older than the
   * cursor of each reader that marked within `keep.liveMs`, though never one newer than `keep.floor`.
   * Keeps each origin's newest pruned time; returns how many. Readers' cursors older than `keep.floor` go too.
   */
  prune(before: number, limit: number, keep?: PruneKeep): Promise<number>;
  /** A reader (replica) still needs every change at or after `from`: the prune keeps them while it marks. */
  markRead(origin: string, from: number): Promise<void>;
  /** A reader that stopped: its cursor holds nothing back any more. */
  forgetReader(origin: string): Promise<void>;
  /** A secret shared by every replica: the stored one, or `candidate` stored now if there is none. */
  sharedSecret(name: string, candidate: string): Promise<string>;
}

export interface StorePorts {
  uow: UnitOfWork;
  users: UserStore;
  media: MediaStore;
  interactions: InteractionStore;
  admin: AdminStore;
  graph: GraphSource;
  content: ContentStore;
  moderation: ModerationStore;
  impressions: ImpressionStore;
  exports: GraphExport;
  changes: ChangeLog;
}
