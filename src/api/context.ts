/** The per-request context: services (shared) and DataLoaders (created for each request). */
import type { AnalyticsService } from '../analytics/analytics-service';
import type { Media, User } from '../domain/entities';
import type { AdminStore, MediaStore, UserStore } from '../domain/ports';
import type { ImpressionService } from '../ingest/impression-service';
import type { IngestService } from '../ingest/ingest-service';
import type { ModerationService } from '../ingest/moderation-service';
import type { JobScheduler } from '../jobs/scheduler';
import type { RecommendService } from '../recommend/recommend-service';
import type { Audit } from './audit';
import type { Principal } from './auth';
import type { EntityCache } from './entity-cache';
import { createLoaders, type Loaders } from './loaders';

/** What resolvers reach through the context: every field typed, so no resolver casts (main.ts fills it). */
export interface Services {
  users: UserStore;
  media: MediaStore;
  admin: AdminStore;
  ingest: IngestService;
  moderation: ModerationService;
  impressions: ImpressionService;
  recommend: RecommendService;
  analytics: AnalyticsService;
  scheduler: JobScheduler;
  /** Trail of privileged actions (api/audit.ts). */
  audit?: Audit;
  /** Process-wide entity caches (api/entity-cache.ts), consulted before the per-request DataLoaders. */
  mediaCache?: EntityCache<Media>;
  userCache?: EntityCache<User>;
}

export interface RequestContext {
  requestId: string;
  principal: Principal;
  services: Services;
  loaders: Loaders;
  /**
   * Set by the executor when this request's result may be cached (result-cache.ts): resolvers of
   * cacheable roots declare what their answer depends on, before reading it.
   */
  dependsOn?: (dep: string) => void;
  /**
   * Awaited before a CPU-bound step (ranking a feed, an analytics pass): resolves at this caller's turn
   * (api/fair-scheduler.ts), rejects once the request is past its time budget.
   */
  turn: () => Promise<void>;
  /** Set by the HTTP server: the guard plugin writes the operation here for the request log line. */
  requestLog?: { operation?: string; operationName?: string; errors?: string[] };
}

const NO_WAIT = (): Promise<void> => Promise.resolve();

export function createContext(
  services: Services,
  requestId: string,
  principal: Principal,
  turn: () => Promise<void> = NO_WAIT,
): RequestContext {
  return { requestId, principal, services, loaders: createLoaders(services), turn };
}
