/**
 * MovieLens latest-small + TMDB overviews as import records (`npm run import -- movielens-tmdb <dir>`),
 * from the shared reader (datasets/movielens-tmdb.ts): catalogue movies → VIDEO media (title,
 * tagline + overview, genres as tags, language, durationSec, publishedAt), raters → users, ratings
 * ≥ 3.5 → RATE interactions with their rating and timestamp, tags.csv → tag assignments.
 * Ids are prefixed (ml-u1, ml-m1) so they never collide with another dataset's in one database.
 */
import { readMovielensTmdbFiles, type MovielensTmdb } from '../datasets/movielens-tmdb';
import { emptyGroups, type ImportBatchSource } from './records';

export const movielensUserId = (raw: string): string => `ml-u${raw}`;
export const movielensMediaId = (raw: string): string => `ml-m${raw}`;

export function readMovielensTmdb(dir: string): ImportBatchSource {
  return movielensTmdbRecords(readMovielensTmdbFiles(dir));
}

export function movielensTmdbRecords(data: MovielensTmdb): ImportBatchSource {
  const records = emptyGroups();
  const ratings = data.file('ratings.csv');
  for (const u of data.users) {
    records.get('user')!.push({
      entity: 'user',
      data: { id: movielensUserId(u), name: `MovieLens user ${u}` },
      source: { file: ratings, line: 0 },
    });
  }
  for (const m of data.movies) {
    records.get('media')!.push({
      entity: 'media',
      data: {
        id: movielensMediaId(m.movieId),
        kind: 'VIDEO',
        title: m.title,
        description: m.description,
        tags: m.genres,
        language: m.language,
        durationSec: m.durationSec,
        publishedAt: m.publishedAt,
      },
      source: { file: data.file('movies.csv'), line: m.line },
    });
  }
  for (const r of data.positives) {
    records.get('interaction')!.push({
      entity: 'interaction',
      data: {
        eventId: `movielens:rate:${r.userId}:${r.movieId}`,
        userId: movielensUserId(r.userId),
        mediaId: movielensMediaId(r.movieId),
        type: 'RATE',
        rating: r.rating,
        at: r.at,
      },
      source: { file: ratings, line: r.line },
    });
  }
  for (const t of data.tags) {
    records.get('tag')!.push({
      entity: 'tag',
      data: { userId: movielensUserId(t.userId), mediaId: movielensMediaId(t.movieId), tag: t.tag, at: t.at },
      source: { file: data.file('tags.csv'), line: t.line },
    });
  }
  return { name: data.dir, records, bad: data.bad.map((b) => ({ ...b })) };
}
