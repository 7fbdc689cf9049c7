/**
 * What a synthetic world is made of. Scale 1 has LastFM HetRec-2011's sizes (1,892 users, 17,632
 * media, 92,834 interactions, 25,434 follows); scale N multiplies each. The shape parameters say how
 * skewed and how clustered the world is; their defaults give LastFM-like skew (see world.ts).
 */
import { BadInputError } from '../domain/errors';

export const LASTFM_SIZES = { users: 1892, media: 17632, interactions: 92834, follows: 25434 } as const;

export interface WorldOptions {
  scale: number;
  seed: number;
  /** First instant of the activity window (RFC 3339). */
  start: string;
  /** Length of the activity window in months (30.44 days each). */
  months: number;
  /** Zipf exponent of media popularity inside a community. */
  popularityExponent: number;
  /** Pareto shape of user activity (smaller: heavier tail). */
  activityShape: number;
  /** Share of a user's new items drawn from their own community (the rest: a second community, then anywhere). */
  communityAffinity: number;
  /** Share of interaction events that return to an item the user already engaged with (likes, comments…). */
  repeatShare: number;
  /** Probability that a new follow is followed back. */
  reciprocity: number;
  /** Share of follow attempts that close a triangle (follow someone a followee follows). */
  triadicClosure: number;
  /** Users per community at scale 1 (communities grow with the square root of the scale). */
  communitiesAtScale1: number;
}

export const WORLD_DEFAULTS: Readonly<Omit<WorldOptions, 'scale'>> = {
  seed: 1,
  start: '2024-01-01T00:00:00Z',
  months: 6,
  popularityExponent: 1.0,
  activityShape: 1.4,
  communityAffinity: 0.8,
  repeatShare: 0.12,
  reciprocity: 0.5,
  triadicClosure: 0.5,
  communitiesAtScale1: 24,
};

export interface WorldSizes {
  users: number;
  media: number;
  interactions: number;
  follows: number;
  communities: number;
}

export function worldSizes(options: Pick<WorldOptions, 'scale' | 'communitiesAtScale1'>): WorldSizes {
  const s = options.scale;
  const users = Math.max(2, Math.round(LASTFM_SIZES.users * s));
  const media = Math.max(2, Math.round(LASTFM_SIZES.media * s));
  return {
    users,
    media,
    interactions: Math.max(users, Math.round(LASTFM_SIZES.interactions * s)),
    // A follow graph cannot hold more than every ordered pair.
    follows: Math.min(users * (users - 1), Math.round(LASTFM_SIZES.follows * s)),
    communities: Math.max(1, Math.min(users, Math.round(options.communitiesAtScale1 * Math.sqrt(s)))),
  };
}

function check(field: string, value: number, ok: boolean, rule: string): void {
  if (!ok) throw new BadInputError(field, `${field} must be ${rule} (got ${value})`, value);
}

/** Defaults filled in and every field checked; throws BadInputError naming the field. */
export function resolveWorldOptions(given: Partial<WorldOptions> & { scale: number }): WorldOptions {
  const settings: WorldOptions = { ...WORLD_DEFAULTS, ...given };
  check(
    'scale',
    settings.scale,
    Number.isFinite(settings.scale) && settings.scale > 0 && settings.scale <= 1000,
    'a number above 0 and at most 1000',
  );
  check(
    'seed',
    settings.seed,
    Number.isInteger(settings.seed) && settings.seed >= 0 && settings.seed < 2 ** 32,
    'an integer between 0 and 2^32 - 1',
  );
  check(
    'months',
    settings.months,
    Number.isFinite(settings.months) && settings.months > 0 && settings.months <= 120,
    'a number above 0 and at most 120',
  );
  check(
    'popularityExponent',
    settings.popularityExponent,
    settings.popularityExponent >= 0 && settings.popularityExponent <= 3,
    'between 0 and 3',
  );
  check(
    'activityShape',
    settings.activityShape,
    settings.activityShape > 0.5 && settings.activityShape <= 10,
    'above 0.5 and at most 10',
  );
  for (const k of ['communityAffinity', 'repeatShare', 'reciprocity', 'triadicClosure'] as const) {
    check(k, settings[k], settings[k] >= 0 && settings[k] <= 1, 'between 0 and 1');
  }
  check('repeatShare', settings.repeatShare, settings.repeatShare < 1, 'below 1');
  check(
    'communitiesAtScale1',
    settings.communitiesAtScale1,
    Number.isInteger(settings.communitiesAtScale1) && settings.communitiesAtScale1 >= 1,
    'a positive integer',
  );
  const start = Date.parse(settings.start);
  if (!/^\d{4}-\d\d-\d\dT/.test(settings.start) || Number.isNaN(start)) {
    throw new BadInputError(
      'start',
      `start must be an RFC 3339 date-time such as 2024-01-01T00:00:00Z (got ${settings.start})`,
      settings.start,
    );
  }
  return settings;
}
