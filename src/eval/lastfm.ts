/**
 * Loader for Last.fm HetRec-2011 (hetrec2011-lastfm-2k): tab-separated files with one header line.
 * user_artists.dat gives the positives (every user–artist record, weight = play count),
 * user_friends.dat the social edges (already in both directions), user_taggedartists.dat the
 * user-generated tag assignments, tags.dat (ISO-8859-1) and artists.dat the names.
 *
 * Items are the artists that appear in user_artists.dat (artists never listened to cannot be
 * positives and RecBole's atomic .inter file has no others). Indices follow first appearance.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../domain/errors';
import { IdIndex, PairCollector } from './dataset';
import type { Dataset } from './dataset';

export function loadLastfm(dir: string): Dataset {
  const need = ['user_artists.dat', 'user_friends.dat'];
  for (const f of need) {
    if (!existsSync(join(dir, f))) throw new BadInputError('dir', `--dir must be a LastFM HetRec-2011 directory containing ${f} (got ${dir})`, dir);
  }
  const users = new IdIndex();
  const items = new IdIndex();
  const pairs = new PairCollector();
  for (const cols of rows(join(dir, 'user_artists.dat'), 'utf8')) {
    pairs.add(users.get(cols[0]!), items.get(cols[1]!), Number(cols[2] ?? 1));
  }
  const src: number[] = [];
  const dst: number[] = [];
  for (const cols of rows(join(dir, 'user_friends.dat'), 'utf8')) {
    src.push(users.get(cols[0]!));
    dst.push(users.get(cols[1]!));
  }
  const tagNames: string[] = [];
  const tagIndex = new Map<string, number>();
  if (existsSync(join(dir, 'tags.dat'))) {
    for (const cols of rows(join(dir, 'tags.dat'), 'latin1')) {
      tagIndex.set(cols[0]!, tagNames.length);
      tagNames.push(cols[1] ?? '');
    }
  }
  let tagAssignments: Dataset['tagAssignments'];
  if (existsSync(join(dir, 'user_taggedartists.dat'))) {
    const tu: number[] = [];
    const ti: number[] = [];
    const tt: number[] = [];
    for (const cols of rows(join(dir, 'user_taggedartists.dat'), 'utf8')) {
      const u = users.find(cols[0]!);
      const i = items.find(cols[1]!);
      const t = tagIndex.get(cols[2]!);
      // Tags on artists outside the interaction data cannot inform any positive; drop them.
      if (u === undefined || i === undefined || t === undefined) continue;
      tu.push(u);
      ti.push(i);
      tt.push(t);
    }
    tagAssignments = { user: Int32Array.from(tu), item: Int32Array.from(ti), tag: Int32Array.from(tt) };
  }
  let itemTitles: string[] | undefined;
  if (existsSync(join(dir, 'artists.dat'))) {
    const names = new Map<string, string>();
    for (const cols of rows(join(dir, 'artists.dat'), 'utf8')) names.set(cols[0]!, cols[1] ?? '');
    itemTitles = items.ids.map((id) => names.get(id) ?? id);
  }
  return {
    name: 'lastfm',
    userIds: users.ids,
    itemIds: items.ids,
    pairs: pairs.build(),
    social: { src: Int32Array.from(src), dst: Int32Array.from(dst) },
    ...(tagAssignments ? { tagAssignments } : {}),
    tagNames,
    ...(itemTitles ? { itemTitles } : {}),
  };
}

/** Data rows of a tab-separated file with one header line. */
function* rows(path: string, encoding: BufferEncoding): Generator<string[]> {
  const text = readFileSync(path, encoding);
  let first = true;
  for (const line of text.split(/\r?\n/)) {
    if (first) {
      first = false;
      continue;
    }
    if (line.length === 0) continue;
    yield line.split('\t');
  }
}
