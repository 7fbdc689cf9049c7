/**
 * Loader for MovieLens latest-small + TMDB overviews (`eval --dataset movielens-tmdb --dir <dir>`),
 * from the same reader the importer uses (datasets/movielens-tmdb.ts), so evaluation sees what is
 * imported: users = the raters (ascending id), items = the 3,537 catalogue movies (movies.csv order,
 * with or without positives), pairs = ratings ≥ 3.5 weighted as serving weighs a RATE (rating − the
 * scale's midpoint), genres as item tags (editorial metadata), tags.csv as user-generated tag
 * assignments (train-data keeps only those on training pairs), item text = title + description.
 */
import { readMovielensTmdbFiles, type MovielensTmdb } from '../datasets/movielens-tmdb';
import { RATING_MAX, RATING_MIN } from '../domain/entities';
import { mediaText } from '../text/media-text';
import { IdIndex, itemFacts, PairCollector, type Dataset } from './dataset';

export function loadMovielensTmdb(dir: string): Dataset {
  return movielensTmdbDataset(readMovielensTmdbFiles(dir));
}

export function movielensTmdbDataset(data: MovielensTmdb): Dataset {
  const users = new IdIndex();
  const items = new IdIndex();
  const tags = new IdIndex();
  for (const u of data.users) users.get(u);
  for (const m of data.movies) items.get(m.movieId);
  const tagItem: number[] = [];
  const tagTag: number[] = [];
  for (const m of data.movies) {
    for (const g of new Set(m.genres.map((x) => x.toLowerCase()))) {
      tagItem.push(items.get(m.movieId));
      tagTag.push(tags.get(g));
    }
  }
  const pairs = new PairCollector();
  const midpoint = (RATING_MIN + RATING_MAX) / 2;
  for (const r of data.positives) pairs.add(users.get(r.userId), items.get(r.movieId), r.rating - midpoint);
  const au: number[] = [];
  const ai: number[] = [];
  const at: number[] = [];
  for (const t of data.tags) {
    au.push(users.get(t.userId));
    ai.push(items.get(t.movieId));
    at.push(tags.get(t.tag.trim().toLowerCase().replace(/\s+/g, ' ')));
  }
  return {
    name: 'movielens-tmdb',
    userIds: users.ids,
    itemIds: items.ids,
    pairs: pairs.build(),
    social: { src: new Int32Array(0), dst: new Int32Array(0) },
    tagAssignments: { user: Int32Array.from(au), item: Int32Array.from(ai), tag: Int32Array.from(at) },
    itemTags: { item: Int32Array.from(tagItem), tag: Int32Array.from(tagTag) },
    tagNames: tags.ids,
    itemTitles: data.movies.map((m) => m.title),
    itemTexts: data.movies.map((m) => mediaText({ title: m.title, description: m.description })),
    // As the importer writes them (ingest/movielens-tmdb-source.ts).
    itemFacts: data.movies.map((m) => itemFacts({ ...m, kind: 'VIDEO' })),
  };
}
