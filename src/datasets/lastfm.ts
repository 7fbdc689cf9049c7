/**
 * The one reader of Last.fm HetRec-2011 (hetrec2011-lastfm-2k), shared by the importer
 * (ingest/lastfm-source.ts) and the evaluation loader (eval/lastfm.ts), so both parse the same rows.
 * Tab-separated files with one header line; tags.dat is ISO-8859-1, the rest UTF-8:
 *   user_artists.dat        userID artistID weight (the play count)
 *   user_friends.dat        userID friendID (already in both directions)
 *   user_taggedartists.dat  userID artistID tagID day month year
 *   tags.dat                tagID tagValue
 *   artists.dat             id name url pictureURL
 * A row with fewer columns than its file needs is reported (file, line) and left out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../domain/errors';
import type { DatasetBadRow } from './movielens-tmdb';

/** A fixed-width tuple of columns: `Columns<3>` is `[string, string, string]`. */
export type Columns<N extends number, T extends string[] = []> = T['length'] extends N ? T : Columns<N, [...T, string]>;

export interface TsvRow<N extends number> {
  /** 1-based line in its file. */
  line: number;
  cols: Columns<N>;
}

export interface LastfmFiles {
  dir: string;
  listens: TsvRow<3>[];
  friends: TsvRow<2>[];
  /** Each undefined when its file is absent (allowed unless `requireAll`). */
  tagged: TsvRow<6>[] | undefined;
  tags: TsvRow<2>[] | undefined;
  artists: TsvRow<2>[] | undefined;
  bad: DatasetBadRow[];
}

export const LASTFM_REQUIRED = ['user_artists.dat', 'user_friends.dat'] as const;
const TAG_FILES = ['user_taggedartists.dat', 'tags.dat', 'artists.dat'] as const;

/**
 * Reads the folder. `requireAll`: the tag and artist files must exist too (the importer builds media
 * from them); otherwise only user_artists.dat and user_friends.dat must (evaluation needs no names).
 */
export function readLastfmFiles(dir: string, requireAll = false): LastfmFiles {
  for (const f of requireAll ? [...LASTFM_REQUIRED, ...TAG_FILES] : LASTFM_REQUIRED) {
    if (!existsSync(join(dir, f)))
      throw new BadInputError('dir', `must be a LastFM HetRec-2011 directory containing ${f} (got ${dir})`, dir);
  }
  const bad: DatasetBadRow[] = [];
  const read = <N extends number>(
    name: string,
    encoding: BufferEncoding,
    width: N,
    entity: DatasetBadRow['entity'],
  ): TsvRow<N>[] | undefined =>
    existsSync(join(dir, name)) ? rows(join(dir, name), encoding, width, entity, bad) : undefined;
  // In this order, so that bad rows are reported tags first, then listens, friends, tagged, artists.
  const tags = read('tags.dat', 'latin1', 2, 'tag');
  const listens = rows(join(dir, 'user_artists.dat'), 'utf8', 3, 'interaction', bad);
  const friends = rows(join(dir, 'user_friends.dat'), 'utf8', 2, 'follow', bad);
  const tagged = read('user_taggedartists.dat', 'utf8', 6, 'tag');
  const artists = read('artists.dat', 'utf8', 2, 'media');
  return { dir, listens, friends, tagged, tags, artists, bad };
}

/** Tab-separated rows after the header (blank lines skipped); a row with fewer than `width` columns goes to `bad`. */
function rows<N extends number>(
  file: string,
  encoding: BufferEncoding,
  width: N,
  entity: DatasetBadRow['entity'],
  bad: DatasetBadRow[],
): TsvRow<N>[] {
  const out: TsvRow<N>[] = [];
  const lines = readFileSync(file, encoding).split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text === '') continue;
    const cols = text.split('\t');
    if (cols.length >= width) out.push({ line: i + 1, cols: cols as Columns<N> });
    else
      bad.push({ file, line: i + 1, entity, message: `expected ${width} tab-separated columns (got ${cols.length})` });
  }
  return out;
}
