/**
 * Per-community vocabularies for synthetic media text. Each community of taste gets a theme (real
 * English words, so text encoders and keyword extraction see meaningful text), a few signature words
 * of its own (made from syllables, so communities sharing a theme still differ) and its tags; titles
 * and descriptions mix mostly community words with a few words every community uses.
 */
import type { Rng } from '../models/random';

export interface Theme {
  name: string;
  words: readonly string[];
  tags: readonly string[];
  kind: 'AUDIO' | 'VIDEO';
}

export const THEMES: readonly Theme[] = [
  {
    name: 'indie rock',
    kind: 'AUDIO',
    tags: ['indie', 'rock', 'alternative', 'guitar', 'garage'],
    words: [
      'guitar',
      'amplifier',
      'riff',
      'garage',
      'basement',
      'feedback',
      'chorus',
      'anthem',
      'drummer',
      'tour',
      'vinyl',
      'distortion',
      'encore',
      'backstage',
      'rebel',
      'highway',
      'neon',
      'youth',
    ],
  },
  {
    name: 'electronic',
    kind: 'AUDIO',
    tags: ['electronic', 'techno', 'house', 'synth', 'dance'],
    words: [
      'synth',
      'bassline',
      'techno',
      'club',
      'rave',
      'pulse',
      'sequencer',
      'drop',
      'warehouse',
      'strobe',
      'loop',
      'modular',
      'tempo',
      'groove',
      'midnight',
      'circuit',
      'laser',
      'remix',
    ],
  },
  {
    name: 'jazz',
    kind: 'AUDIO',
    tags: ['jazz', 'swing', 'bebop', 'saxophone', 'smooth'],
    words: [
      'saxophone',
      'trumpet',
      'improvisation',
      'quartet',
      'swing',
      'bebop',
      'lounge',
      'standards',
      'brass',
      'ballad',
      'trio',
      'bluesy',
      'smoky',
      'upright',
      'scat',
      'velvet',
      'cocktail',
      'session',
    ],
  },
  {
    name: 'classical',
    kind: 'AUDIO',
    tags: ['classical', 'orchestra', 'piano', 'baroque', 'opera'],
    words: [
      'symphony',
      'sonata',
      'concerto',
      'orchestra',
      'violin',
      'cello',
      'piano',
      'nocturne',
      'overture',
      'baroque',
      'fugue',
      'requiem',
      'soprano',
      'conductor',
      'movement',
      'chamber',
      'prelude',
      'aria',
    ],
  },
  {
    name: 'hip hop',
    kind: 'AUDIO',
    tags: ['hip-hop', 'rap', 'beats', 'trap', 'freestyle'],
    words: [
      'beats',
      'rhymes',
      'freestyle',
      'cypher',
      'mixtape',
      'flow',
      'verse',
      'sample',
      'turntable',
      'block',
      'crew',
      'street',
      'hustle',
      'bars',
      'producer',
      'boombap',
      'trap',
      'anthem',
    ],
  },
  {
    name: 'metal',
    kind: 'AUDIO',
    tags: ['metal', 'heavy metal', 'thrash', 'doom', 'hardcore'],
    words: [
      'thunder',
      'steel',
      'inferno',
      'riffs',
      'doom',
      'shred',
      'scream',
      'iron',
      'chaos',
      'blast',
      'darkness',
      'warrior',
      'storm',
      'forge',
      'serpent',
      'abyss',
      'fury',
      'crypt',
    ],
  },
  {
    name: 'folk',
    kind: 'AUDIO',
    tags: ['folk', 'acoustic', 'singer-songwriter', 'country', 'americana'],
    words: [
      'acoustic',
      'banjo',
      'harmonica',
      'cabin',
      'river',
      'prairie',
      'ballad',
      'fiddle',
      'harvest',
      'campfire',
      'porch',
      'wanderer',
      'mountain',
      'valley',
      'whiskey',
      'lantern',
      'hymn',
      'homestead',
    ],
  },
  {
    name: 'pop',
    kind: 'AUDIO',
    tags: ['pop', 'dance-pop', 'female vocalists', 'catchy', 'summer'],
    words: [
      'summer',
      'heartbeat',
      'crush',
      'sparkle',
      'radio',
      'chart',
      'catchy',
      'party',
      'glitter',
      'sunshine',
      'romance',
      'superstar',
      'video',
      'hook',
      'dancefloor',
      'diamond',
      'bubblegum',
      'forever',
    ],
  },
  {
    name: 'cooking',
    kind: 'VIDEO',
    tags: ['cooking', 'recipes', 'baking', 'kitchen', 'food'],
    words: [
      'recipe',
      'kitchen',
      'pasta',
      'sourdough',
      'baking',
      'skillet',
      'spices',
      'dumplings',
      'roast',
      'garlic',
      'dessert',
      'chef',
      'noodles',
      'curry',
      'pastry',
      'grill',
      'ferment',
      'brunch',
    ],
  },
  {
    name: 'gaming',
    kind: 'VIDEO',
    tags: ['gaming', 'speedrun', 'esports', 'walkthrough', 'retro games'],
    words: [
      'speedrun',
      'boss',
      'level',
      'walkthrough',
      'controller',
      'esports',
      'strategy',
      'raid',
      'pixel',
      'arcade',
      'quest',
      'loot',
      'multiplayer',
      'patch',
      'glitch',
      'tournament',
      'console',
      'sandbox',
    ],
  },
  {
    name: 'travel',
    kind: 'VIDEO',
    tags: ['travel', 'backpacking', 'vlog', 'adventure', 'city guide'],
    words: [
      'backpacking',
      'island',
      'passport',
      'hostel',
      'train',
      'market',
      'coast',
      'desert',
      'temple',
      'itinerary',
      'hiking',
      'ferry',
      'village',
      'skyline',
      'road trip',
      'budget',
      'sunset',
      'border',
    ],
  },
  {
    name: 'science',
    kind: 'VIDEO',
    tags: ['science', 'physics', 'space', 'biology', 'explainer'],
    words: [
      'physics',
      'quantum',
      'telescope',
      'galaxy',
      'experiment',
      'molecule',
      'evolution',
      'neuron',
      'climate',
      'particle',
      'rocket',
      'orbit',
      'fossil',
      'laboratory',
      'theory',
      'genome',
      'gravity',
      'eclipse',
    ],
  },
  {
    name: 'fitness',
    kind: 'VIDEO',
    tags: ['fitness', 'workout', 'yoga', 'running', 'strength'],
    words: [
      'workout',
      'squat',
      'marathon',
      'yoga',
      'stretch',
      'cardio',
      'kettlebell',
      'endurance',
      'protein',
      'mobility',
      'sprint',
      'plank',
      'deadlift',
      'recovery',
      'interval',
      'posture',
      'cycling',
      'core',
    ],
  },
  {
    name: 'comedy',
    kind: 'VIDEO',
    tags: ['comedy', 'standup', 'sketch', 'funny', 'parody'],
    words: [
      'standup',
      'sketch',
      'parody',
      'punchline',
      'roast',
      'prank',
      'improv',
      'blooper',
      'satire',
      'awkward',
      'sitcom',
      'impression',
      'heckler',
      'skit',
      'hilarious',
      'deadpan',
      'bit',
      'stage',
    ],
  },
  {
    name: 'film',
    kind: 'VIDEO',
    tags: ['film', 'review', 'cinema', 'trailer', 'documentary'],
    words: [
      'cinema',
      'director',
      'trailer',
      'screenplay',
      'documentary',
      'noir',
      'festival',
      'premiere',
      'cinematography',
      'sequel',
      'thriller',
      'animation',
      'montage',
      'casting',
      'criterion',
      'score',
      'scene',
      'auteur',
    ],
  },
  {
    name: 'diy',
    kind: 'VIDEO',
    tags: ['diy', 'woodworking', 'crafts', 'home', 'repair'],
    words: [
      'woodworking',
      'workshop',
      'chisel',
      'repair',
      'restoration',
      'garden',
      'pottery',
      'sewing',
      'lathe',
      'renovation',
      'toolbox',
      'weld',
      'furniture',
      'knitting',
      'upcycle',
      'soldering',
      'plywood',
      'workbench',
    ],
  },
];

/** Words every community uses now and then. */
export const COMMON_WORDS: readonly string[] = [
  'live',
  'new',
  'best',
  'official',
  'episode',
  'part',
  'session',
  'mix',
  'story',
  'guide',
  'night',
  'day',
  'world',
  'life',
  'home',
  'first',
  'classic',
  'ultimate',
];

export const PRAISE: readonly string[] = [
  'love this',
  'amazing',
  'beautiful work',
  'so good',
  'brilliant',
  'great stuff',
  'wonderful',
  'perfect',
];
export const COMPLAINT: readonly string[] = [
  'boring',
  'awful sound',
  'terrible',
  'not for me',
  'disappointing',
  'bad quality',
];

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  're',
  'zan',
  'vel',
  'tor',
  'shi',
  'ne',
  'qua',
  'bri',
  'dor',
  'fen',
  'gal',
  'hox',
  'jun',
  'kel',
  'mor',
  'nix',
  'pra',
  'rul',
  'sen',
  'tav',
  'vok',
  'wyn',
  'yar',
  'zel',
  'ost',
  'ima',
  'ul',
];

export function syllableWord(rng: Rng, parts = 2 + rng.int(2)): string {
  let w = '';
  for (let i = 0; i < parts; i++) w += SYLLABLES[rng.int(SYLLABLES.length)];
  return w;
}

export interface CommunityVocabulary {
  theme: Theme;
  /** Theme words followed by the community's signature words. */
  words: string[];
  /** Theme tags followed by the community's own tags. */
  tags: string[];
}

export function communityVocabulary(index: number, rng: Rng): CommunityVocabulary {
  const theme = THEMES[index % THEMES.length]!;
  const signature = Array.from({ length: 6 }, () => syllableWord(rng));
  return {
    theme,
    words: [...theme.words, ...signature],
    tags: [...theme.tags, `${signature[0]} ${theme.tags[0]}`, signature[1]!],
  };
}

/** A word of the community (a Zipf-like pick favours its first words) or, now and then, a common one. */
function pickWord(vocab: CommunityVocabulary, rng: Rng, commonShare: number): string {
  if (rng.next() < commonShare) return COMMON_WORDS[rng.int(COMMON_WORDS.length)]!;
  const n = vocab.words.length;
  return vocab.words[Math.min(n - 1, Math.floor(n * rng.next() * rng.next()))]!;
}

const capitalise = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** 2–4 distinct words. */
export function makeTitle(vocab: CommunityVocabulary, rng: Rng): string {
  const n = 2 + rng.int(3);
  const words = new Set<string>();
  for (let tries = 0; words.size < n && tries < 4 * n; tries++) words.add(capitalise(pickWord(vocab, rng, 0.2)));
  return [...words].join(' ');
}

export function makeDescription(vocab: CommunityVocabulary, rng: Rng): string {
  const n = 8 + rng.int(13);
  const words = Array.from({ length: n }, () => pickWord(vocab, rng, 0.25));
  return `${capitalise(words.join(' '))}.`;
}

/** 2–5 distinct tags of the community. */
export function makeTags(vocab: CommunityVocabulary, rng: Rng): string[] {
  const n = 2 + rng.int(4);
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < 4 * n; tries++) {
    out.add(vocab.tags[Math.min(vocab.tags.length - 1, Math.floor(vocab.tags.length * rng.next() * rng.next()))]!);
  }
  return [...out];
}

export function makeComment(vocab: CommunityVocabulary, rng: Rng, positive: boolean): string {
  const phrase = positive ? PRAISE[rng.int(PRAISE.length)]! : COMPLAINT[rng.int(COMPLAINT.length)]!;
  return `${capitalise(phrase)}, ${pickWord(vocab, rng, 0)} ${pickWord(vocab, rng, 0.3)}`;
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Mira',
  'Tomas',
  'Yuki',
  'Omar',
  'Lena',
  'Ravi',
  'Sofia',
  'Kwame',
  'Ines',
  'Jonas',
  'Priya',
  'Mateo',
  'Hana',
  'Leo',
  'Amara',
  'Nils',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Okafor',
  'Tanaka',
  'Silva',
  'Novak',
  'Haddad',
  'Berg',
  'Iyer',
  'Costa',
  'Mensah',
  'Kowalski',
  'Moreau',
  'Fischer',
  'Lind',
  'Ortiz',
  'Sato',
  'Adeyemi',
  'Varga',
];

export function makeName(rng: Rng): string {
  return `${FIRST[rng.int(FIRST.length)]} ${LAST[rng.int(LAST.length)]}`;
}
