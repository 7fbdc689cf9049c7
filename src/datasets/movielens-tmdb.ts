/**
 * The one reader of ../shared/data/movielens-tmdb (MovieLens latest-small joined with the TMDB 5000
 * overviews, see its SOURCE.md), shared by the importer (ingest/movielens-tmdb-source.ts) and the
 * evaluation loader (eval/movielens-tmdb.ts), so both see exactly the same catalogue and positives.
 *
 * - Catalogue: the MovieLens movies whose links.csv tmdbId names a TMDB row with an overview (3,537).
 *   title = MovieLens title ("Toy Story (1995)"), description = tagline + overview, genres (not
 *   "(no genres listed)"), language = original_language, durationSec = runtime × 60 (none when 0),
 *   publishedAt = release_date (M/D/YYYY, UTC midnight). TMDB writes a missing value as "Null".
 * - Users: everyone who rated a catalogue movie (610), by numeric id.
 * - Positives: ratings ≥ 3.5 on catalogue movies (44,205), with rating and Unix-seconds timestamp.
 * - Tags: tags.csv rows on catalogue movies by those users. They are user-generated text: evaluation
 *   may use them only on training pairs (DESIGN.md, no leakage), never as item metadata.
 * Files are RFC-4180 CSV with a header (csv-parse); a row that cannot be read is reported with its line.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../domain/errors';

export const MOVIELENS_TMDB_FILES = [
  'movies.csv',
  'links.csv',
  'ratings.csv',
  'tags.csv',
  'tmdb_5000_movies.csv',
] as const;
/** Ratings at or above this are positives (MovieLens' 0.5–5 stars; 3.5 = "liked it"). */
export const POSITIVE_RATING = 3.5;
const NO_GENRES = '(no genres listed)';

export interface MovieRow {
  movieId: string;
  title: string;
  /** Tagline and overview, "tagline overview" (the tagline left out when TMDB has none). */
  description: string;
  genres: string[];
  language: string | null;
  durationSec: number | null;
  /** ISO-8601 UTC, or null when TMDB has no valid release date. */
  publishedAt: string | null;
  line: number;
}

export interface RatingRow {
  userId: string;
  movieId: string;
  rating: number;
  /** ISO-8601 UTC from the Unix-seconds timestamp. */
  at: string;
  line: number;
}

export interface TagRow {
  userId: string;
  movieId: string;
  tag: string;
  at: string;
  line: number;
}

export interface DatasetBadRow {
  file: string;
  line: number;
  entity: 'user' | 'media' | 'interaction' | 'follow' | 'tag';
  message: string;
}

export interface MovielensTmdb {
  dir: string;
  /** Catalogue movies in movies.csv order. */
  movies: MovieRow[];
  /** Raters of catalogue movies, ascending numeric id. */
  users: string[];
  /** Ratings ≥ POSITIVE_RATING on catalogue movies, in file order. */
  positives: RatingRow[];
  /** tags.csv rows on catalogue movies (all by raters). */
  tags: TagRow[];
  /** Every rating on a catalogue movie (positives and the rest), for the record. */
  ratingsOnCatalogue: number;
  bad: DatasetBadRow[];
  file(name: (typeof MOVIELENS_TMDB_FILES)[number]): string;
}

type Csv = { record: Record<string, string>; line: number }[];

function readCsv(path: string): Csv {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, info: true, bom: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return rows.map((r) => ({ record: r.record, line: r.info.lines }));
}

/** TMDB's placeholder for a missing value is the string "Null". */
function present(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v.length === 0 || v === 'Null' ? null : v;
}

/** "12/10/2009" → "2009-12-10T00:00:00.000Z"; null when it is not a real M/D/YYYY date. */
export function tmdbDate(text: string | null): string | null {
  const m = text === null ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d.toISOString() : null;
}

function unixSeconds(text: string | undefined): string | null {
  const s = Number(text);
  return text !== undefined && /^\d+$/.test(text.trim()) && Number.isSafeInteger(s)
    ? new Date(s * 1000).toISOString()
    : null;
}

export function readMovielensTmdbFiles(dir: string): MovielensTmdb {
  const file = (name: (typeof MOVIELENS_TMDB_FILES)[number]): string => join(dir, name);
  for (const name of MOVIELENS_TMDB_FILES) {
    if (!existsSync(file(name)))
      throw new BadInputError('dir', `dir must be a movielens-tmdb directory containing ${name} (got ${dir})`, dir);
  }
  const bad: DatasetBadRow[] = [];
  const tmdb = new Map<string, Record<string, string>>();
  for (const { record } of readCsv(file('tmdb_5000_movies.csv')))
    if (record['id']) tmdb.set(record['id'].trim(), record);
  const tmdbOf = new Map<string, string>();
  for (const { record } of readCsv(file('links.csv'))) {
    const t = present(record['tmdbId']);
    if (record['movieId'] && t) tmdbOf.set(record['movieId'].trim(), t);
  }

  const movies: MovieRow[] = [];
  for (const { record, line } of readCsv(file('movies.csv'))) {
    const movieId = (record['movieId'] ?? '').trim();
    const t = tmdb.get(tmdbOf.get(movieId) ?? '');
    const overview = present(t?.['overview']);
    if (!t || overview === null) continue; // outside the catalogue: no TMDB text
    const title = present(record['title']);
    if (!movieId || title === null) {
      bad.push({
        file: file('movies.csv'),
        line,
        entity: 'media',
        message: `movieId and title are required (got ${JSON.stringify(record)})`,
      });
      continue;
    }
    const tagline = present(t['tagline']);
    const runtime = Number(present(t['runtime']) ?? NaN);
    movies.push({
      movieId,
      title,
      description: tagline ? `${tagline} ${overview}` : overview,
      genres: (record['genres'] ?? '')
        .split('|')
        .map((g) => g.trim())
        .filter((g) => g.length > 0 && g !== NO_GENRES),
      language: present(t['original_language']),
      durationSec: Number.isFinite(runtime) && runtime > 0 ? Math.round(runtime * 60) : null,
      publishedAt: tmdbDate(present(t['release_date'])),
      line,
    });
  }
  const catalogue = new Set(movies.map((m) => m.movieId));

  const raters = new Set<string>();
  const positives: RatingRow[] = [];
  let ratingsOnCatalogue = 0;
  for (const { record, line } of readCsv(file('ratings.csv'))) {
    const movieId = (record['movieId'] ?? '').trim();
    if (!catalogue.has(movieId)) continue;
    const userId = (record['userId'] ?? '').trim();
    const rating = Number(record['rating']);
    const at = unixSeconds(record['timestamp']);
    if (!/^\d+$/.test(userId) || !Number.isFinite(rating) || rating < 0 || rating > 5 || at === null) {
      bad.push({
        file: file('ratings.csv'),
        line,
        entity: 'interaction',
        message: `userId, rating (0–5) and timestamp (Unix s) must be valid (got ${JSON.stringify(record)})`,
      });
      continue;
    }
    ratingsOnCatalogue++;
    raters.add(userId);
    if (rating >= POSITIVE_RATING) positives.push({ userId, movieId, rating, at, line });
  }

  const tags: TagRow[] = [];
  for (const { record, line } of readCsv(file('tags.csv'))) {
    const movieId = (record['movieId'] ?? '').trim();
    if (!catalogue.has(movieId)) continue;
    const userId = (record['userId'] ?? '').trim();
    const tag = present(record['tag']);
    const at = unixSeconds(record['timestamp']);
    if (!raters.has(userId) || tag === null || at === null) {
      bad.push({
        file: file('tags.csv'),
        line,
        entity: 'tag',
        message: `a tag needs a rater's userId, a tag and a timestamp (got ${JSON.stringify(record)})`,
      });
      continue;
    }
    tags.push({ userId, movieId, tag, at, line });
  }
  const users = [...raters].sort((a, b) => Number(a) - Number(b));
  return { dir, movies, users, positives, tags, ratingsOnCatalogue, bad, file };
}
