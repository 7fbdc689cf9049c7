/**
 * DataLoaders, created per request: entity lookups by id, and the nested connections (friends,
 * engaged media, ...) batched per (field, page arguments), so a page of 50 users with their friends
 * and engaged media costs one Cypher round trip per field, not one per user.
 */
import DataLoader from 'dataloader';
import type { Engagement, Interaction, Media, User } from '../domain/entities';
import type { MediaStore, Page, PageRequest, UserEdgeKind, UserStore } from '../domain/ports';
import type { EntityCache } from './entity-cache';

type Batch<V> = (ids: readonly string[], req: PageRequest) => Promise<Map<string, Page<V>>>;

const EMPTY_PAGE = { items: [], hasNextPage: false, totalCount: 0 };

export interface Loaders {
  user: DataLoader<string, User | null>;
  media: DataLoader<string, Media | null>;
  userNeighbours(kind: UserEdgeKind, req: PageRequest): DataLoader<string, Page<User>>;
  engagedMedia(req: PageRequest): DataLoader<string, Page<{ media: Media; engagement: Engagement }>>;
  interactions(req: PageRequest): DataLoader<string, Page<Interaction>>;
  engagedBy(req: PageRequest): DataLoader<string, Page<{ user: User; engagement: Engagement }>>;
}

/**
 * The entity straight from the process cache when it holds it (no promise, so graphql-js completes the
 * field synchronously: a 20-item feed then resolves without 20 promise round trips), else the batched load.
 */
export function cachedOrLoad<T>(
  cache: EntityCache<T> | undefined,
  loader: DataLoader<string, T | null>,
  id: string,
): T | null | Promise<T | null> {
  const hit = cache?.get(id);
  return hit === undefined ? loader.load(id) : hit;
}

/** What the loaders read: the stores, and the process-wide entity caches when the service keeps them. */
export interface LoaderSources {
  users: UserStore;
  media: MediaStore;
  userCache?: EntityCache<User> | undefined;
  mediaCache?: EntityCache<Media> | undefined;
}

export function createLoaders(services: LoaderSources): Loaders {
  const paged = new Map<string, DataLoader<string, Page<unknown>>>();
  function pagedLoader<V>(name: string, req: PageRequest, batch: Batch<V>): DataLoader<string, Page<V>> {
    const key = `${name}:${req.first}:${JSON.stringify(req.after)}`;
    let loader = paged.get(key);
    if (!loader) {
      loader = new DataLoader<string, Page<unknown>>(async (ids) => {
        const found = await batch(ids, req);
        return ids.map((id) => found.get(id) ?? EMPTY_PAGE);
      });
      paged.set(key, loader);
    }
    return loader as DataLoader<string, Page<V>>;
  }
  return {
    user: new DataLoader(async (ids) => {
      const cache = services.userCache;
      if (cache) return cache.load(ids, (missing) => services.users.byIds(missing));
      const found = await services.users.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    media: new DataLoader(async (ids) => {
      const cache = services.mediaCache;
      if (cache) return cache.load(ids, (missing) => services.media.byIds(missing));
      const found = await services.media.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    userNeighbours: (kind, req) =>
      pagedLoader(`user:${kind}`, req, (ids, r) => services.users.neighbours(kind, ids, r)),
    engagedMedia: (req) => pagedLoader('user:engaged', req, (ids, r) => services.users.engagedMedia(ids, r)),
    interactions: (req) => pagedLoader('user:interactions', req, (ids, r) => services.users.interactions(ids, r)),
    engagedBy: (req) => pagedLoader('media:engagedBy', req, (ids, r) => services.media.engagedBy(ids, r)),
  };
}
