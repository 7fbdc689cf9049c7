/**
 * A synthetic social media world in the generic import format, as a lazy sequence of rows (users,
 * media, follows, then each user's interactions), deterministic by seed, so a 100× world streams to
 * disk without ever being held whole.
 *
 * Shape: users and media are split into communities of taste (community sizes Zipf 0.6); inside a
 * community media popularity and user influence are Zipf (popularityExponent, 1.0), user activity is
 * Pareto (activityShape), so a few items and users take most engagements and follows. Media text
 * comes from the community's vocabulary (vocabulary.ts), events from interactions.ts, follows from
 * follows.ts. Memory: typed arrays over users and media plus the follow graph; interactions are made
 * one user at a time.
 */
import { createRng, type Rng } from '../models/random';
import { generateFollows } from './follows';
import { DEVICES, userEvents, type InteractionWorld, type UserProfile } from './interactions';
import { resolveWorldOptions, worldSizes, type WorldOptions, type WorldSizes } from './options';
import { apportion, pareto, permutation, WeightedSampler, zipfWeights } from './sampling';
import { communityVocabulary, makeDescription, makeName, makeTags, makeTitle } from './vocabulary';

export type WorldRow =
  | { entity: 'user'; id: string; name: string }
  | {
      entity: 'media';
      id: string;
      kind: 'AUDIO' | 'VIDEO';
      title: string;
      description: string;
      tags: string[];
      language: string;
      durationSec: number;
      creatorId?: string;
      publishedAt?: string;
    }
  | { entity: 'follow'; followerId: string; followeeId: string }
  | {
      entity: 'interaction';
      eventId: string;
      userId: string;
      mediaId: string;
      type: string;
      at: string;
      weight?: number;
      rating?: number;
      text?: string;
      context?: { device: string; localHour: number; weekday: number };
    };

const DAY = 24 * 3600_000;
export const userId = (i: number): string => `u${i + 1}`;
export const mediaId = (i: number): string => `m${i + 1}`;

/** Members of each community (a seeded permutation cut into blocks; order inside a block = rank). */
function splitIntoCommunities(n: number, sizes: Int32Array, rng: Rng): { of: Int32Array; members: Int32Array[] } {
  const perm = permutation(n, rng);
  const of = new Int32Array(n);
  const members: Int32Array[] = [];
  let off = 0;
  sizes.forEach((size, c) => {
    const block = perm.slice(off, off + size);
    for (const x of block) of[x] = c;
    members.push(block);
    off += size;
  });
  return { of, members };
}

/** Within-community Zipf samplers, and a global one weighing each community by its share of users. */
function samplers(
  members: Int32Array[],
  n: number,
  exponent: number,
  share: (c: number) => number,
): { local: WeightedSampler[]; global: WeightedSampler } {
  const global = new Float64Array(n);
  const local = members.map((block, c) => {
    const w = zipfWeights(block.length, exponent);
    let sum = 0;
    for (const x of w) sum += x;
    block.forEach((x, r) => (global[x] = (w[r]! / sum) * share(c)));
    return new WeightedSampler(w);
  });
  return { local, global: new WeightedSampler(global) };
}

export function* generateWorld(given: Partial<WorldOptions> & { scale: number }): Generator<WorldRow> {
  const settings = resolveWorldOptions(given);
  const size = worldSizes(settings);
  const rng = createRng(settings.seed);
  const K = size.communities;
  const start = Date.parse(settings.start);
  const end = start + Math.round(settings.months * 30.44 * DAY);

  const communityWeights = zipfWeights(K, 0.6);
  const users = splitIntoCommunities(size.users, apportion(communityWeights, size.users, 1), rng);
  const media = splitIntoCommunities(size.media, apportion(communityWeights, size.media, size.media >= K ? 1 : 0), rng);
  const userShare = (c: number): number => users.members[c]!.length / size.users;
  const influence = samplers(users.members, size.users, 0.7, userShare);
  const popularity = samplers(media.members, size.media, settings.popularityExponent, userShare);
  const vocab = Array.from({ length: K }, (_, c) => communityVocabulary(c, rng));
  const peakHour = Int32Array.from({ length: K }, () => 7 + rng.int(16));

  for (let i = 0; i < size.users; i++) yield { entity: 'user', id: userId(i), name: makeName(rng) };

  const mediaKind = new Uint8Array(size.media);
  const mediaAvailable = new Float64Array(size.media);
  for (let j = 0; j < size.media; j++) {
    const c = media.of[j]!;
    const v = vocab[c]!;
    const audio = (v.theme.kind === 'AUDIO') === rng.next() < 0.85;
    mediaKind[j] = audio ? 0 : 1;
    const published =
      rng.next() < 0.85 ? start - 90 * DAY + Math.floor((rng.next() * (end - start + 89 * DAY)) / 1000) * 1000 : null;
    mediaAvailable[j] = Math.max(start, published ?? start);
    const creator = rng.next() < 0.15 ? users.members[c]![influence.local[c]!.sample(rng)] : undefined;
    const duration = audio ? 120 + Math.floor(240 * rng.next()) : Math.min(4 * 3600, Math.floor(60 * pareto(rng, 1.2)));
    yield {
      entity: 'media',
      id: mediaId(j),
      kind: audio ? 'AUDIO' : 'VIDEO',
      title: makeTitle(v, rng),
      description: makeDescription(v, rng),
      tags: makeTags(v, rng),
      language: 'en',
      durationSec: duration,
      ...(creator !== undefined ? { creatorId: userId(creator) } : {}),
      ...(published !== null ? { publishedAt: new Date(published).toISOString() } : {}),
    };
  }

  const followActivity = new WeightedSampler(Float64Array.from({ length: size.users }, () => pareto(rng, 2.2)));
  const follows = generateFollows(
    {
      users: size.users,
      community: users.of,
      members: users.members,
      influence: influence.local,
      globalInfluence: influence.global,
      followActivity,
    },
    {
      target: size.follows,
      reciprocity: settings.reciprocity,
      triadicClosure: settings.triadicClosure,
      communityAffinity: settings.communityAffinity,
    },
    rng,
  );
  for (let k = 0; k < follows.src.length; k++)
    yield { entity: 'follow', followerId: userId(follows.src[k]!), followeeId: userId(follows.dst[k]!) };

  const world: InteractionWorld = {
    media: size.media,
    mediaCommunity: media.of,
    mediaKind,
    mediaAvailable,
    mediaMembers: media.members,
    popularity: popularity.local,
    globalPopularity: popularity.global,
    vocab,
    peakHour,
    windowEnd: end,
    communityAffinity: settings.communityAffinity,
    repeatShare: settings.repeatShare,
  };
  const activityWeights = Float64Array.from({ length: size.users }, () => pareto(rng, settings.activityShape));
  // Heaviest users capped at 20× the mean (and half the catalogue), so one user cannot dominate a small world.
  const cap = Math.max(1, Math.min(Math.floor(size.media / 2), Math.round((20 * size.interactions) / size.users)));
  const activity = apportion(activityWeights, size.interactions, 1, cap);
  let eventNo = 0;
  for (let u = 0; u < size.users; u++) {
    const c = users.of[u]!;
    const profile: UserProfile = {
      community: c,
      second: K > 1 ? (c + 1 + rng.int(K - 1)) % K : c,
      joinedAt: start + rng.next() * (end - start) * 0.5,
      tzHours: rng.int(18) - 8,
      device: DEVICES[rng.int(DEVICES.length)]!,
    };
    for (const e of userEvents(world, profile, activity[u]!, rng)) {
      yield {
        entity: 'interaction',
        eventId: `e${++eventNo}`,
        userId: userId(u),
        mediaId: mediaId(e.media),
        type: e.type,
        at: new Date(e.at).toISOString(),
        ...(e.weight !== undefined ? { weight: e.weight } : {}),
        ...(e.rating !== undefined ? { rating: e.rating } : {}),
        ...(e.text !== undefined ? { text: e.text } : {}),
        ...(e.context !== undefined ? { context: e.context } : {}),
      };
    }
  }
}

export { worldSizes, type WorldSizes };
