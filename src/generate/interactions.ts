/**
 * One user's interaction events. New items come from the user's community (by the Zipf popularity of
 * its media), sometimes from a second community of theirs, sometimes from anywhere (by global
 * popularity); a share of events return to an item already engaged with (likes, completions, shares,
 * comments, ratings, skips, dislikes). Audio is listened to with a heavy-tailed play count as its
 * weight (as LastFM's listening counts), video is viewed. Times fall after the user joined and the item
 * was published, at hours around the community's peak hour in the user's time zone.
 */
import type { InteractionType } from '../domain/entities';
import type { Rng } from '../models/random';
import { pareto, type WeightedSampler } from './sampling';
import { makeComment, type CommunityVocabulary } from './vocabulary';

export interface InteractionWorld {
  media: number;
  mediaCommunity: Int32Array;
  mediaKind: Uint8Array; // 0 AUDIO, 1 VIDEO
  /** Earliest time an item can be engaged with (ms): its publication, or the window's start. */
  mediaAvailable: Float64Array;
  mediaMembers: readonly Int32Array[];
  popularity: readonly WeightedSampler[];
  globalPopularity: WeightedSampler;
  vocab: readonly CommunityVocabulary[];
  peakHour: Int32Array;
  windowEnd: number;
  communityAffinity: number;
  repeatShare: number;
}

export interface UserProfile {
  community: number;
  second: number;
  joinedAt: number;
  tzHours: number;
  device: string;
}

export interface GeneratedEvent {
  media: number;
  type: InteractionType;
  at: number;
  weight?: number;
  rating?: number;
  text?: string;
  context?: { device: string; localHour: number; weekday: number };
}

export const DEVICES = ['phone', 'desktop', 'tv', 'tablet'] as const;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Return events: [type, cumulative probability]. */
const REPEAT_TYPES: readonly (readonly [InteractionType, number])[] = [
  ['LIKE', 0.35],
  ['COMPLETE', 0.55],
  ['SHARE', 0.65],
  ['COMMENT', 0.8],
  ['SKIP', 0.88],
  ['RATE', 0.95],
  ['DISLIKE', 1],
];

export function userEvents(world: InteractionWorld, user: UserProfile, count: number, rng: Rng): GeneratedEvent[] {
  const chosen: number[] = [];
  const firstAt = new Map<number, number>();
  const events: GeneratedEvent[] = [];
  const maxDistinct = Math.min(world.media, count);
  for (let k = 0; k < count; k++) {
    const repeat = chosen.length > 0 && (chosen.length >= maxDistinct || rng.next() < world.repeatShare);
    if (repeat) {
      const m = chosen[rng.int(chosen.length)]!;
      events.push(returnEvent(world, user, m, firstAt.get(m)!, rng));
      continue;
    }
    const m = pickNew(world, user, firstAt, rng);
    chosen.push(m);
    const at = eventTime(world, user, Math.max(user.joinedAt, world.mediaAvailable[m]!), rng);
    firstAt.set(m, at);
    const audio = world.mediaKind[m] === 0;
    events.push({
      media: m,
      type: audio ? 'LISTEN' : 'VIEW',
      at,
      ...(audio ? { weight: Math.min(100_000, Math.floor(pareto(rng, 0.9))) } : {}),
      ...context(user, at, rng),
    });
  }
  return events.sort((a, b) => a.at - b.at);
}

function pickNew(world: InteractionWorld, user: UserProfile, taken: Map<number, number>, rng: Rng): number {
  for (let tries = 0; tries < 30; tries++) {
    const r = rng.next();
    let m: number;
    if (r < world.communityAffinity) m = fromCommunity(world, user.community, rng);
    else if (r < world.communityAffinity + (1 - world.communityAffinity) / 2)
      m = fromCommunity(world, user.second, rng);
    else m = world.globalPopularity.sample(rng);
    if (m >= 0 && !taken.has(m)) return m;
  }
  // Saturated (a heavy user of a small world): the next untaken item from a random start.
  for (let m = rng.int(world.media), k = 0; k < world.media; m = (m + 1) % world.media, k++)
    if (!taken.has(m)) return m;
  throw new Error('every media item is taken');
}

function fromCommunity(world: InteractionWorld, c: number, rng: Rng): number {
  const members = world.mediaMembers[c]!;
  return members.length === 0 ? -1 : members[world.popularity[c]!.sample(rng)]!;
}

function returnEvent(world: InteractionWorld, user: UserProfile, m: number, after: number, rng: Rng): GeneratedEvent {
  const r = rng.next();
  const type = REPEAT_TYPES.find(([, p]) => r < p)![0];
  const at = eventTime(world, user, after, rng);
  const base: GeneratedEvent = { media: m, type, at, ...context(user, at, rng) };
  if (type === 'RATE')
    base.rating = Math.min(5, Math.max(0.5, Math.round((3.8 + 1.2 * (rng.next() + rng.next() - 1)) * 2) / 2));
  if (type === 'COMMENT') base.text = makeComment(world.vocab[world.mediaCommunity[m]!]!, rng, rng.next() < 0.8);
  return base;
}

/** A day after `from` (recent days a little more likely), at an hour near the community's peak, local time. */
function eventTime(world: InteractionWorld, user: UserProfile, from: number, rng: Rng): number {
  const span = Math.max(DAY, world.windowEnd - from);
  const day = Math.floor((from + span * Math.pow(rng.next(), 0.8)) / DAY) * DAY;
  const peak = world.peakHour[user.community]!;
  const local = rng.next() < 0.7 ? peak + Math.round(3 * (rng.next() + rng.next() + rng.next() - 1.5)) : rng.int(24);
  const at = day + (local - user.tzHours) * HOUR + rng.int(3600) * 1000;
  return Math.max(from, at);
}

function context(user: UserProfile, at: number, rng: Rng): Pick<GeneratedEvent, 'context'> {
  if (rng.next() >= 0.6) return {};
  const local = new Date(at + user.tzHours * HOUR);
  return {
    context: {
      device: rng.next() < 0.75 ? user.device : DEVICES[rng.int(DEVICES.length)]!,
      localHour: local.getUTCHours(),
      weekday: local.getUTCDay(),
    },
  };
}
