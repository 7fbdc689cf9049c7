/** The per-request context: services (shared) and DataLoaders (created for each request). */
import type { IngestService } from '../ingest/ingest-service';
import type { AdminStore, MediaStore, UserStore } from '../domain/ports';
import type { Audit } from './audit';
import type { Principal } from './auth';
import { createLoaders, type Loaders } from './loaders';

export interface Services {
  users: UserStore;
  media: MediaStore;
  admin: AdminStore;
  ingest: IngestService;
  /** Trail of privileged actions (api/audit.ts). */
  audit?: Audit;
  /** Extra services later issues add (recommendations, analytics), looked up by resolvers that need them. */
  [name: string]: unknown;
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

export function createContext(services: Services, requestId: string, principal: Principal, turn: () => Promise<void> = NO_WAIT): RequestContext {
  return { requestId, principal, services, loaders: createLoaders(services), turn };
}
