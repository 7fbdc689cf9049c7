/**
 * A small deterministic demo world (users with follows, audio and video items with plausible titles,
 * descriptions and tags, timestamped interactions), so a newcomer's first query returns something.
 * Users have tastes (a few genres) and friends share tastes, so recommendations have signal to find.
 */
import { emptyGroups, type ImportBatchSource, type ImportEntity } from '../ingest/records';

/** `now` defaults to today (UTC noon), so the demo's recent activity is recent: same world, shifted by date. */
export const DEMO_DEFAULTS = { users: 300, media: 2000, interactionsPerUser: 40, followsPerUser: 6, seed: 42, now: '' };

function today(): string {
  return `${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`;
}

const GENRES = {
  jazz: {
    kind: 'AUDIO',
    words: ['Blue', 'Midnight', 'Smoky', 'Saxophone', 'Swing', 'Velvet'],
    tags: ['jazz', 'saxophone', 'smooth', 'live'],
  },
  metal: {
    kind: 'AUDIO',
    words: ['Iron', 'Thunder', 'Riff', 'Storm', 'Steel', 'Inferno'],
    tags: ['metal', 'heavy', 'guitar', 'loud'],
  },
  classical: {
    kind: 'AUDIO',
    words: ['Sonata', 'Nocturne', 'Symphony', 'Adagio', 'Concerto', 'Prelude'],
    tags: ['classical', 'orchestra', 'piano', 'calm'],
  },
  electronic: {
    kind: 'AUDIO',
    words: ['Pulse', 'Neon', 'Circuit', 'Bassline', 'Synth', 'Night Drive'],
    tags: ['electronic', 'dance', 'synth', 'club'],
  },
  podcast: {
    kind: 'AUDIO',
    words: ['Talk', 'Interview', 'Stories', 'Weekly', 'Deep Dive', 'Conversation'],
    tags: ['podcast', 'talk', 'interview', 'news'],
  },
  cooking: {
    kind: 'VIDEO',
    words: ['Pasta', 'Kitchen', 'Recipe', 'Baking', 'Street Food', 'Spices'],
    tags: ['cooking', 'food', 'recipe', 'tutorial'],
  },
  gaming: {
    kind: 'VIDEO',
    words: ['Speedrun', 'Boss Fight', "Let's Play", 'Strategy', 'Esports', 'Retro'],
    tags: ['gaming', 'esports', 'walkthrough', 'retro'],
  },
  travel: {
    kind: 'VIDEO',
    words: ['Mountains', 'Island', 'City Walk', 'Road Trip', 'Desert', 'Harbour'],
    tags: ['travel', 'vlog', 'nature', 'adventure'],
  },
  science: {
    kind: 'VIDEO',
    words: ['Quantum', 'Galaxies', 'Cells', 'Climate', 'Robots', 'Volcanoes'],
    tags: ['science', 'education', 'space', 'documentary'],
  },
  fitness: {
    kind: 'VIDEO',
    words: ['Workout', 'Yoga', 'Running', 'Stretch', 'Strength', 'Cardio'],
    tags: ['fitness', 'health', 'yoga', 'training'],
  },
} as const satisfies Record<string, { kind: 'AUDIO' | 'VIDEO'; words: readonly string[]; tags: readonly string[] }>;
type Genre = keyof typeof GENRES;
const GENRE_NAMES = Object.keys(GENRES) as Genre[];
const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jon',
  'Kenji',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
];
const LAST = ['Ng', 'Silva', 'Berg', 'Okafor', 'Rossi', 'Kim', 'Novak', 'Haddad', 'Larsen', 'Moreau'];
const DEVICES = ['phone', 'tablet', 'tv', 'desktop', 'car'];

/** mulberry32: tiny, fast, good enough for deterministic demo data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDemoData(options: Partial<typeof DEMO_DEFAULTS> = {}): ImportBatchSource {
  const settings = { ...DEMO_DEFAULTS, ...options };
  const rand = rng(settings.seed);
  // Callers pass non-empty lists, so the index is always in range.
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const records = emptyGroups();
  const add = (entity: ImportEntity, data: Record<string, unknown>): void => {
    const list = records.get(entity)!;
    list.push({ entity, data, source: { file: 'demo', line: list.length + 1 } });
  };
  const now = Date.parse(settings.now || today());
  const day = 86_400_000;

  const tastes: [Genre, Genre, Genre][] = [];
  for (let u = 0; u < settings.users; u++) {
    add('user', { id: `user-${u}`, name: `${pick(FIRST)} ${pick(LAST)}` });
    tastes.push([pick(GENRE_NAMES), pick(GENRE_NAMES), pick(GENRE_NAMES)]);
  }
  const byGenre = new Map<Genre, number[]>(GENRE_NAMES.map((g) => [g, []]));
  for (let m = 0; m < settings.media; m++) {
    const genre = GENRE_NAMES[m % GENRE_NAMES.length]!;
    const g = GENRES[genre];
    const title = `${pick(g.words)} ${pick(g.words)} ${g.kind === 'AUDIO' ? 'No.' : 'Ep.'} ${1 + Math.floor(rand() * 99)}`;
    const tags = [...new Set([g.tags[0], pick(g.tags), pick(g.tags)])];
    add('media', {
      id: `media-${m}`,
      kind: g.kind,
      title,
      description: `A ${g.kind === 'AUDIO' ? 'track' : 'video'} about ${tags.join(', ')}: ${pick(g.words).toLowerCase()} and ${pick(g.words).toLowerCase()}.`,
      tags,
      language: rand() < 0.8 ? 'en' : pick(['de', 'fr', 'es']),
      durationSec: g.kind === 'AUDIO' ? 120 + Math.floor(rand() * 360) : 180 + Math.floor(rand() * 1800),
      creatorId: `user-${Math.floor(rand() * settings.users)}`,
      publishedAt: new Date(now - Math.floor(rand() * 365) * day).toISOString(),
    });
    byGenre.get(genre)!.push(m);
  }
  // Friends mostly share a taste: pick followees among users with the same first genre.
  const byTaste = new Map<Genre, number[]>();
  tastes.forEach((t, u) => byTaste.set(t[0], [...(byTaste.get(t[0]) ?? []), u]));
  for (let u = 0; u < settings.users; u++) {
    const followees = new Set<number>();
    for (let k = 0; k < settings.followsPerUser; k++) {
      const pool = rand() < 0.7 ? byTaste.get(tastes[u]![0])! : [...Array(settings.users).keys()];
      const v = pick(pool);
      if (v !== u) followees.add(v);
    }
    for (const v of followees) add('follow', { followerId: `user-${u}`, followeeId: `user-${v}` });
  }
  let event = 0;
  for (let u = 0; u < settings.users; u++) {
    for (let k = 0; k < settings.interactionsPerUser; k++) {
      const genre = rand() < 0.85 ? pick(tastes[u]!) : pick(GENRE_NAMES);
      const pool = byGenre.get(genre)!;
      // Popularity skew: low indices of each genre are the hits.
      const m = pool[Math.floor(pool.length * rand() * rand())]!;
      const kind = GENRES[genre].kind;
      let type: 'VIEW' | 'LISTEN' | 'LIKE' | 'SHARE' | 'COMPLETE' | 'SKIP' | 'COMMENT' | 'RATE' =
        kind === 'AUDIO' ? 'LISTEN' : 'VIEW';
      const r = rand();
      if (r < 0.15) type = 'LIKE';
      else if (r < 0.2) type = 'COMPLETE';
      else if (r < 0.23) type = 'SHARE';
      else if (r < 0.26) type = 'SKIP';
      else if (r < 0.28) type = 'COMMENT';
      else if (r < 0.3) type = 'RATE';
      const hour = Math.floor(rand() * 24);
      add('interaction', {
        eventId: `demo-${event++}`,
        userId: `user-${u}`,
        mediaId: `media-${m}`,
        type,
        rating: type === 'RATE' ? 1 + Math.floor(rand() * 5) : undefined,
        text:
          type === 'COMMENT'
            ? pick(['Loved this, great work!', 'Not for me, too long.', 'Brilliant and fun', 'Boring and repetitive'])
            : undefined,
        at: new Date(now - Math.floor(rand() * 90 * day)).toISOString(),
        context: { device: pick(DEVICES), localHour: hour, weekday: Math.floor(rand() * 7) },
      });
    }
  }
  return { name: 'demo', records, bad: [] };
}
