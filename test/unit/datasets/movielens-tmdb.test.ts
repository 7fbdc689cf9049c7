import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readMovielensTmdbFiles, tmdbDate } from '../../../src/datasets/movielens-tmdb';
import { BadInputError } from '../../../src/domain/errors';
import { movielensTmdbDataset } from '../../../src/eval/movielens-tmdb';
import { buildTrainData } from '../../../src/eval/train-data';
import { splitByUser } from '../../../src/eval/split';
import { movielensTmdbRecords } from '../../../src/ingest/movielens-tmdb-source';

const DIR = resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'movielens-tmdb');

/** Read once (the files take seconds to parse on a busy machine); importer and eval build from the same rows. */
describe('movielens-tmdb on the real files', () => {
  const data = readMovielensTmdbFiles(DIR);

  test('the join of SOURCE.md: 3,537 movies with an overview, 70,194 ratings on them, 44,205 positives, 610 raters', () => {
    expect(data.movies).toHaveLength(3537);
    expect(data.ratingsOnCatalogue).toBe(70194);
    expect(data.positives).toHaveLength(44205);
    expect(data.users).toHaveLength(610);
    expect(data.tags).toHaveLength(2323);
    expect(data.bad).toEqual([]);
    expect(data.positives.every((r) => r.rating >= 3.5)).toBe(true);
  });

  test('a movie carries title, tagline + overview, genres, language, runtime and release date', () => {
    const avatar = data.movies.find((m) => m.movieId === '72998');
    expect(avatar).toMatchObject({
      title: 'Avatar (2009)',
      genres: ['Action', 'Adventure', 'Sci-Fi', 'IMAX'],
      language: 'en',
      durationSec: 162 * 60,
      publishedAt: '2009-12-10T00:00:00.000Z',
    });
    expect(avatar?.description).toMatch(/^Enter the World of Pandora\. In the 22nd century, a paraplegic Marine/);
    // TMDB writes a missing tagline as "Null": Toy Story's description is its overview alone.
    expect(data.movies.find((m) => m.movieId === '1')?.description).toMatch(/^Led by Woody/);
    expect(data.movies.some((m) => /\bNull\b/.test(m.description))).toBe(false);
  });

  test('import records: the same counts, VIDEO media, RATE events with rating and time', () => {
    const src = movielensTmdbRecords(data);
    const count = (e: string) => src.records.get(e as never)?.length;
    expect([count('user'), count('media'), count('interaction'), count('tag'), count('follow')]).toEqual([
      610, 3537, 44205, 2323, 0,
    ]);
    const toy = src.records.get('media')!.find((r) => r.data.id === 'ml-m1');
    expect(toy?.data).toMatchObject({
      kind: 'VIDEO',
      title: 'Toy Story (1995)',
      language: 'en',
      durationSec: 4860,
      publishedAt: '1995-10-30T00:00:00.000Z',
    });
    const first = src.records.get('interaction')![0]!.data;
    expect(first).toEqual({
      eventId: 'movielens:rate:1:1',
      userId: 'ml-u1',
      mediaId: 'ml-m1',
      type: 'RATE',
      rating: 4,
      at: new Date(964982703 * 1000).toISOString(),
    });
  });

  test('eval dataset: the same users, items and positives; tags.csv only as user tag assignments', () => {
    const ds = movielensTmdbDataset(data);
    expect([ds.userIds.length, ds.itemIds.length, ds.pairs.user.length]).toEqual([610, 3537, 44205]);
    expect(ds.tagAssignments?.user.length).toBe(2323);
    expect(ds.itemTexts).toHaveLength(3537);
    expect(ds.itemTexts![ds.itemIds.indexOf('72998')]).toMatch(/^Avatar \(2009\)\nEnter the World of Pandora\./);
    // Item text is metadata only (title, tagline + overview): a tagged movie's text is exactly that.
    const tagged = data.tags[0]!;
    const movie = data.movies.find((m) => m.movieId === tagged.movieId)!;
    expect(ds.itemTexts![ds.itemIds.indexOf(movie.movieId)]).toBe(
      `${movie.title}\n${movie.description.replace(/\s+/g, ' ').trim()}`,
    );
  });
});

describe('movielens-tmdb reader rules (hand-made files)', () => {
  function fixture(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ml-tmdb-'));
    writeFileSync(
      join(dir, 'movies.csv'),
      'movieId,title,genres\n1,"Alpha, The (2001)",Drama|Comedy\n2,Beta (2002),(no genres listed)\n3,Gamma (2003),Horror\n',
    );
    writeFileSync(join(dir, 'links.csv'), 'movieId,imdbId,tmdbId\n1,01,101\n2,02,102\n3,03,\n');
    writeFileSync(
      join(dir, 'tmdb_5000_movies.csv'),
      'id,original_language,overview,release_date,runtime,tagline\n101,fr,"A quiet, long film.",2/30/2001,0,Null\n102,en,Null,1/2/2002,90,Hi\n',
    );
    writeFileSync(
      join(dir, 'ratings.csv'),
      'userId,movieId,rating,timestamp\n7,1,3.5,1000\n8,1,3.0,1001\n9,2,5.0,1002\n7,3,5.0,1003\n8,1,oops,1004\n',
    );
    writeFileSync(join(dir, 'tags.csv'), 'userId,movieId,tag,timestamp\n8,1,Slow Burn,1005\n9,1,x,1006\n');
    return dir;
  }

  test('catalogue = movies with a TMDB overview; "Null", 0 and impossible dates are missing values; rows that cannot be read are reported', () => {
    const d = readMovielensTmdbFiles(fixture());
    expect(d.movies.map((m) => m.movieId)).toEqual(['1']);
    expect(d.movies[0]).toMatchObject({
      title: 'Alpha, The (2001)',
      description: 'A quiet, long film.',
      genres: ['Drama', 'Comedy'],
      language: 'fr',
      durationSec: null,
      publishedAt: null,
    });
    expect(d.users).toEqual(['7', '8']); // raters of catalogue movies, positive or not
    expect(d.positives.map((r) => [r.userId, r.rating])).toEqual([['7', 3.5]]);
    expect(d.tags.map((t) => t.tag)).toEqual(['Slow Burn']);
    expect(d.bad.map((b) => [b.entity, b.line])).toEqual([
      ['interaction', 6],
      ['tag', 3],
    ]);
    const ds = movielensTmdbDataset(d);
    expect(ds.tagNames).toEqual(['drama', 'comedy', 'slow burn']);
    expect(movielensTmdbRecords(d).bad).toHaveLength(2);
  });

  test('user tags reach training only on training pairs; genres always', () => {
    const ds = movielensTmdbDataset(readMovielensTmdbFiles(fixture()));
    const split = splitByUser(ds, { seed: 1 });
    const data = buildTrainData(ds, split);
    // user 8 rated movie 1 below 3.5: not a positive, so their "slow burn" tag is never a feature.
    expect(Array.from(data.itemTags!.tag).map((t) => ds.tagNames[t])).toEqual(['drama', 'comedy']);
  });

  test('a folder without the files is a typed error naming dir', () => {
    expect(() => readMovielensTmdbFiles(tmpdir())).toThrow(BadInputError);
    expect(() => readMovielensTmdbFiles(tmpdir())).toThrow(/movies\.csv/);
  });

  test('TMDB dates', () => {
    expect(tmdbDate('12/10/2009')).toBe('2009-12-10T00:00:00.000Z');
    expect(tmdbDate('2/29/2001')).toBeNull();
    expect(tmdbDate('2009-12-10')).toBeNull();
    expect(tmdbDate(null)).toBeNull();
  });
});
