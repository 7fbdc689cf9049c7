/**
 * What social apps call: personalised feeds, friend suggestions, similar media and trending, over the
 * serving snapshot plus the real-time overlay. Validates arguments (typed errors naming the field),
 * maps ids to indices, calls the pure ranking core, and keeps ranked feeds for stable paging.
 */
import { createHash } from 'node:crypto';
import { BadInputError, NotFoundError, printable } from '../domain/errors';
import { parseDuration } from '../domain/duration';
import { MEDIA_KINDS, type MediaKind } from '../domain/entities';
import { normaliseTag, optionalInt, optionalString, validateId } from '../domain/validation';
import { trendingCounts } from '../ranking/candidates';
import type { FeedContext } from '../ranking/features';
import type { RankerModel } from '../ranking/ranker';
import { rankSteps } from '../ranking/rank-for-user';
import { runSteps, runStepsAsync } from '../ranking/steps';
import { MEDIA_KIND } from '../ranking/ranking-data';
import { similarItems } from '../ranking/similar-items';
import { suggestFriends } from '../ranking/suggest-friends';
import { topKOf } from '../ranking/top-k';
import type { Reason } from '../ranking/explain';
import type { TextEncoder } from '../text/encoder';
import { tokenize } from '../text/tokenize';
import type { CandidateIndexes } from './candidate-indexes';
import { FeedCache } from './feed-cache';
import type { ImpressionOverlay } from './impressions';
import type { TakedownOverlay } from './takedowns';
import type { ServingState } from './serving-state';
import type { ServingSnapshot } from './snapshot';

export interface ScoredMedia {
  mediaId: string;
  score: number;
  reasons: Reason[];
}

export interface FriendResult {
  userId: string;
  score: number;
  mutualFriends: number;
  reasons: Reason[];
}

export interface FeedPage<T> {
  items: T[];
  offset: number;
  feedId: string;
  total: number;
  hasNextPage: boolean;
}

export interface RecommendArgs {
  userId: unknown;
  first: number;
  feed: { feedId: string; offset: number } | null;
  filter?: Record<string, unknown> | null;
  context?: Record<string, unknown> | null;
  query?: unknown;
  diversity?: unknown;
  /** Awaited before each CPU-bound step (embedding the query, ranking): the caller's fair turn. */
  turn?: () => Promise<void>;
}

export interface RecommendDeps {
  state: ServingState;
  encoder: TextEncoder;
  ranker: () => RankerModel;
  /** Users created since the snapshot exist in Neo4j only. */
  userExists: (id: string) => Promise<boolean>;
  /** Length of a ranked feed kept for paging (later pages past it are ranked on demand). */
  feedLength?: number;
  /** Feeds kept in memory (LRU). */
  feedCacheSize?: number;
  /**
   * Past their size a feed scores only its candidates, from Neo4j's vector indexes
   * (recommend/candidate-indexes.ts); without them every feed scans the catalogue.
   */
  indexes?: CandidateIndexes;
  /** Media taken down since the snapshot: never served. */
  takedowns?: TakedownOverlay;
  /** Items shown too often without engagement: left out of the user's feeds. */
  impressions?: ImpressionOverlay;
}

/** Most tags in filter.tags / filter.excludeTags. */
export const MAX_FILTER_TAGS = 20;

const FEEDS_PER_USER = 3;

/** Nearest media asked of each index for a "more like this" list of `first` (room for taken-down ones). */
export const SIMILAR_PER_SOURCE = (first: number): number => Math.max(100, 3 * first);

const toKind = (k: MediaKind): number => (k === 'AUDIO' ? MEDIA_KIND.AUDIO : MEDIA_KIND.VIDEO);

export class RecommendService {
  private readonly feeds: FeedCache<ScoredMedia>;
  private readonly friends: FeedCache<FriendResult>;
  private readonly feedLength: number;
  /** Feed ids per user, newest last: a user keeps at most FEEDS_PER_USER (the one being paged and the new one). */
  private readonly userFeeds = new Map<string, string[]>();

  constructor(private readonly deps: RecommendDeps) {
    this.feedLength = deps.feedLength ?? 100;
    this.feeds = new FeedCache<ScoredMedia>(deps.feedCacheSize ?? 3000);
    this.friends = new FeedCache<FriendResult>(deps.feedCacheSize ?? 3000);
    // Suggestions are keyed by snapshot version: older ones can never be hit again.
    deps.state.onSwap(() => this.friends.clear());
  }

  async recommendMedia(args: RecommendArgs): Promise<FeedPage<ScoredMedia>> {
    const userId = validateId('userId', args.userId);
    // A cursor names its feed: another user's, or a forged one, is refused rather than silently restarted.
    if (args.feed && !isFeedOf(userId, args.feed.feedId)) {
      throw new BadInputError(
        'after',
        `after is not a cursor of this user's feed (got a cursor of feed ${printable(args.feed.feedId)})`,
        args.feed.feedId,
      );
    }
    const offset = args.feed?.offset ?? 0;
    if (args.feed) {
      const cached = this.feeds.get(args.feed.feedId);
      if (cached) return page(cached.items, args.feed.feedId, offset, args.first);
    }
    const snap = this.deps.state.snapshot;
    if (this.deps.state.isErased(userId)) throw new NotFoundError('User', userId);
    const user = snap.userIndex.get(userId);
    if (user === undefined && !(await this.deps.userExists(userId))) throw new NotFoundError('User', userId);
    const filter = this.filter(args.filter ?? null, userId);
    const context = validateContext(args.context ?? null);
    const query = optionalString('query', args.query, 500);
    const diversity = args.diversity === undefined || args.diversity === null ? 0 : Number(args.diversity);
    if (!(diversity >= 0 && diversity <= 1))
      throw new BadInputError(
        'diversity',
        `diversity must be between 0 and 1 (got ${printable(args.diversity)})`,
        args.diversity,
      );
    // The same user, state, snapshot and arguments give the same feed: serve it from the cache.
    const feedId = `${userId}|${snap.version}.${this.deps.state.userVersion(userId)}|${createHash('sha1')
      .update(JSON.stringify([args.filter ?? null, context, query, diversity]))
      .digest('base64url')
      .slice(0, 16)}`;
    // A cursor of this user's older feed (state or snapshot changed since) goes on at its position.
    const cached = this.feeds.get(feedId);
    if (cached) return page(cached.items, feedId, offset, args.first);
    if (query && query.trim()) await args.turn?.();
    const encoded = query && query.trim() ? (await this.deps.encoder.embed([query]))[0] : undefined;
    const queryVector = encoded && encoded.some((x) => x !== 0) ? encoded : undefined;
    const state = this.deps.state.userState(userId);
    const now = Date.now();
    const indexed = this.deps.indexes
      ? await this.deps.indexes.rankOptions(
          snap,
          { user: user ?? null, state, ...(queryVector ? { queryVector } : {}) },
          now,
        )
      : {};
    const steps = rankSteps(
      snap.data,
      this.deps.ranker(),
      {
        user: user ?? null,
        state,
        k: this.feedLength,
        now,
        diversity,
        filter,
        ...(context ? { context } : {}),
        ...(queryVector
          ? { queryVector, queryTerms: tokenize(query as string), queryLexical: this.deps.encoder.lexical === true }
          : {}),
      },
      indexed,
    );
    // Ranked a step at a time, each at the caller's fair turn (without a caller: in one go).
    const turn = args.turn;
    const ranked = turn ? await runStepsAsync(steps, turn) : runSteps(steps);
    const items = ranked.map((r) => ({
      mediaId: snap.data.itemIds![r.item]!,
      score: r.score,
      reasons: this.withoutErased(r.reasons),
    }));
    this.remember(userId, feedId, items);
    return page(items, feedId, offset, args.first);
  }

  /**
   * "More like this". On a large catalogue only the item's nearest media by graph and text vector (from
   * Neo4j's indexes, SIMILAR_PER_SOURCE(first) of each) and its co-engagement neighbours are scored,
   * instead of every item of the catalogue.
   */
  async similarMedia(mediaId: unknown, first: number): Promise<ScoredMedia[]> {
    const id = validateId('mediaId', mediaId);
    const snap = this.deps.state.snapshot;
    const item = snap.itemIndex.get(id);
    if (item === undefined || this.deps.takedowns?.isHidden(id)) throw new NotFoundError('Media', id);
    const candidates = (await this.deps.indexes?.similarCandidates(snap, item, SIMILAR_PER_SOURCE(first))) ?? null;
    const hidden = this.deps.takedowns?.size ? this.deps.takedowns.indices(snap) : [];
    return similarItems(snap.data, item, first, {
      ...(hidden.length ? { exclude: hidden } : {}),
      ...(candidates ? { candidates } : {}),
    }).map((s) => ({
      mediaId: snap.data.itemIds![s.item]!,
      score: s.score,
      reasons: s.reasons,
    }));
  }

  async suggestFriends(userId: unknown, first: number): Promise<FriendResult[]> {
    const id = validateId('userId', userId);
    const snap = this.deps.state.snapshot;
    if (this.deps.state.isErased(id)) throw new NotFoundError('User', id);
    const user = snap.userIndex.get(id);
    if (user === undefined) {
      if (!(await this.deps.userExists(id))) throw new NotFoundError('User', id);
      return []; // joined since the snapshot: no social graph yet
    }
    const key = `${id}|${snap.version}|${first}`;
    const cached = this.friends.get(key);
    if (cached) return cached.items;
    const out = suggestFriends(snap.data, user, first + 5)
      .filter((s) => !this.deps.state.isErased(snap.data.userIds![s.user]!))
      .slice(0, first)
      .map((s) => ({
        userId: snap.data.userIds![s.user]!,
        score: s.score,
        mutualFriends: s.mutualFriends,
        reasons: this.withoutErased(s.reasons),
      }));
    this.friends.set(key, out);
    return out;
  }

  /**
   * Ranks the default feed and friend suggestions of the given users ahead of their requests, a few at
   * a time between other work (setImmediate), so a warm service answers from memory.
   */
  async prewarm(userIds: readonly string[], chunk = 16): Promise<void> {
    for (let i = 0; i < userIds.length; i += chunk) {
      for (const id of userIds.slice(i, i + chunk)) {
        await this.recommendMedia({ userId: id, first: 20, feed: null }).catch(() => undefined);
        await this.suggestFriends(id, 20).catch(() => undefined);
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  trending(kind: MediaKind | null | undefined, window: unknown, first: number, now = Date.now()): ScoredMedia[] {
    const windowMs = parseDuration('window', window ?? 'P7D');
    const snap = this.deps.state.snapshot;
    const counts = trendingCounts(snap.data, now, windowMs);
    const k = kind ? toKind(kind) : undefined;
    const hidden = new Set(this.deps.takedowns?.size ? this.deps.takedowns.indices(snap) : []);
    const hits = topKOf(
      counts,
      first,
      (i) => counts[i]! > 0 && (k === undefined || snap.data.itemKind[i] === k) && !hidden.has(i),
    );
    return hits.map((h) => ({
      mediaId: snap.data.itemIds![h.item]!,
      score: h.score,
      reasons: [
        {
          kind: 'popular' as const,
          label: `engaged by ${h.score} people in the last ${window ?? 'P7D'}`,
          weight: 1,
          evidence: [],
        },
      ],
    }));
  }

  /** Until the snapshot reloads, an erased person may still back a reason as evidence: leave them out. */
  private withoutErased(reasons: Reason[]): Reason[] {
    const state = this.deps.state;
    const takedowns = this.deps.takedowns;
    const gone = (id: string): boolean => state.isErased(id) || (takedowns?.isHidden(id) ?? false);
    if (!state.hasErasures && !takedowns?.size) return reasons;
    return reasons.map((r) => (r.evidence.some(gone) ? { ...r, evidence: r.evidence.filter((id) => !gone(id)) } : r));
  }

  /** After an erasure: cached feeds and suggestions may name the person (as evidence), so all go. */
  forgetUser(): void {
    this.feeds.clear();
    this.friends.clear();
    this.userFeeds.clear();
  }

  /** Caches a feed; older feeds of the user beyond FEEDS_PER_USER go, so memory follows users, not events. */
  private remember(userId: string, feedId: string, items: ScoredMedia[]): void {
    this.feeds.set(feedId, items);
    const ids = (this.userFeeds.get(userId) ?? []).filter((id) => id !== feedId);
    ids.push(feedId);
    while (ids.length > FEEDS_PER_USER) this.feeds.delete(ids.shift() as string);
    this.userFeeds.set(userId, ids);
    if (this.userFeeds.size > 4 * (this.deps.feedCacheSize ?? 3000))
      this.userFeeds.delete(this.userFeeds.keys().next().value as string);
  }

  private filter(raw: Record<string, unknown> | null, userId: string) {
    const snap = this.deps.state.snapshot;
    const left = this.leftOut(snap, userId);
    if (!raw) return left.length ? { excludeItems: left } : {};
    const kind = raw.kind === undefined || raw.kind === null ? undefined : raw.kind;
    if (kind !== undefined && !(MEDIA_KINDS as readonly unknown[]).includes(kind)) {
      throw new BadInputError(
        'filter.kind',
        `filter.kind must be one of ${MEDIA_KINDS.join(', ')} (got ${printable(kind)})`,
        kind,
      );
    }
    const ids = (field: string, v: unknown): string[] => {
      if (v === undefined || v === null) return [];
      if (!Array.isArray(v) || v.length > 1000)
        throw new BadInputError(field, `${field} must be a list of at most 1000 ids (got ${printable(v)})`, v);
      return v.map((x, i) => validateId(`${field}[${i}]`, x));
    };
    const exclude = ids('filter.excludeIds', raw.excludeIds)
      .map((id) => snap.itemIndex.get(id))
      .filter((i): i is number => i !== undefined);
    const tags = (field: string, v: unknown): string[] => {
      if (v === undefined || v === null) return [];
      if (!Array.isArray(v) || v.length > MAX_FILTER_TAGS)
        throw new BadInputError(
          field,
          `${field} must be a list of at most ${MAX_FILTER_TAGS} tags (got ${printable(v)})`,
          v,
        );
      return [...new Set(v.map((t, i) => normaliseTag(`${field}[${i}]`, t)))];
    };
    const anyTags = tags('filter.tags', raw.tags);
    const noTags = tags('filter.excludeTags', raw.excludeTags);
    const blocked = ids('filter.blockedCreatorIds', raw.blockedCreatorIds)
      .map((id) => snap.userIndex.get(id))
      .filter((i): i is number => i !== undefined);
    const language = optionalString('filter.language', raw.language, 16);
    const maxDurationSec = optionalInt('filter.maxDurationSec', raw.maxDurationSec, 0, 7 * 24 * 3600);
    return {
      excludeEngaged: raw.includeEngaged !== true,
      excludeItems: left.length ? [...exclude, ...left] : exclude,
      blockedCreators: blocked,
      ...(kind !== undefined ? { kind: toKind(kind as MediaKind) } : {}),
      ...(language !== null ? { language } : {}),
      ...(maxDurationSec !== null ? { maxDurationSec } : {}),
      ...(anyTags.length ? { tags: anyTags } : {}),
      ...(noTags.length ? { excludeTags: noTags } : {}),
    };
  }

  /** Items never to serve this user now: taken down since the snapshot, and shown too often without engagement. */
  private leftOut(snap: ServingSnapshot, userId: string): number[] {
    const hidden = this.deps.takedowns?.size ? this.deps.takedowns.indices(snap) : [];
    const repeated = this.deps.impressions?.leftOut(snap, userId) ?? [];
    return hidden.length || repeated.length ? [...hidden, ...repeated] : [];
  }

  /** After a takedown: cached feeds may hold the item, so all go (they are re-ranked without it). */
  forgetMedia(): void {
    this.feeds.clear();
    this.userFeeds.clear();
  }
}

function validateContext(raw: Record<string, unknown> | null): FeedContext | null {
  if (!raw) return null;
  const localHour = optionalInt('context.localHour', raw.localHour, 0, 23);
  const weekday = optionalInt('context.weekday', raw.weekday, 0, 6);
  const device = optionalString('context.device', raw.device, 64);
  optionalString('context.location', raw.location, 128);
  return {
    ...(localHour !== null ? { localHour } : {}),
    ...(weekday !== null ? { weekday } : {}),
    ...(device !== null ? { device } : {}),
  };
}

/** Feed ids are `<userId>|<snapshot>.<user version>|<16 chars of argument hash>`. */
function isFeedOf(userId: string, feedId: string): boolean {
  return feedId.startsWith(`${userId}|`) && /^\d+\.\d+\|[A-Za-z0-9_-]{16}$/.test(feedId.slice(userId.length + 1));
}

function page<T>(items: T[], feedId: string, offset: number, first: number): FeedPage<T> {
  return {
    items: items.slice(offset, offset + first),
    offset,
    feedId,
    total: items.length,
    hasNextPage: offset + first < items.length,
  };
}
