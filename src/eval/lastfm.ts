/**
 * Last.fm HetRec-2011 as an evaluation Dataset (the files read by datasets/lastfm.ts, shared with import).
 * user_artists.dat gives the positives (every user–artist record, weight = play count),
 * user_friends.dat the social edges (already in both directions), user_taggedartists.dat the
 * user-generated tag assignments, tags.dat (ISO-8859-1) and artists.dat the names.
 *
 * Items are the artists that appear in user_artists.dat (artists never listened to cannot be
 * positives and RecBole's atomic .inter file has no others). Indices follow first appearance.
 */
import { readLastfmFiles } from '../datasets/lastfm';
import { IdIndex, itemFacts, PairCollector } from './dataset';
import type { Dataset } from './dataset';

export function loadLastfm(dir: string): Dataset {
  const files = readLastfmFiles(dir);
  const users = new IdIndex();
  const items = new IdIndex();
  const pairs = new PairCollector();
  for (const { cols } of files.listens) pairs.add(users.get(cols[0]), items.get(cols[1]), Number(cols[2]));
  const src: number[] = [];
  const dst: number[] = [];
  for (const { cols } of files.friends) {
    src.push(users.get(cols[0]));
    dst.push(users.get(cols[1]));
  }
  const tagNames: string[] = [];
  const tagIndex = new Map<string, number>();
  for (const { cols } of files.tags ?? []) {
    tagIndex.set(cols[0], tagNames.length);
    tagNames.push(cols[1]);
  }
  let tagAssignments: Dataset['tagAssignments'];
  if (files.tagged) {
    const tu: number[] = [];
    const ti: number[] = [];
    const tt: number[] = [];
    for (const { cols } of files.tagged) {
      const u = users.find(cols[0]);
      const i = items.find(cols[1]);
      const t = tagIndex.get(cols[2]);
      // Tags on artists outside the interaction data cannot inform any positive; drop them.
      if (u === undefined || i === undefined || t === undefined) continue;
      tu.push(u);
      ti.push(i);
      tt.push(t);
    }
    tagAssignments = { user: Int32Array.from(tu), item: Int32Array.from(ti), tag: Int32Array.from(tt) };
  }
  let itemTitles: string[] | undefined;
  if (files.artists) {
    const names = new Map(files.artists.map(({ cols }) => [cols[0], cols[1]]));
    itemTitles = items.ids.map((id) => names.get(id) ?? id);
  }
  return {
    name: 'lastfm',
    userIds: users.ids,
    itemIds: items.ids,
    pairs: pairs.build(),
    social: { src: Int32Array.from(src), dst: Int32Array.from(dst) },
    // Artists are AUDIO media as the importer writes them (ingest/lastfm-source.ts), with nothing else known.
    itemFacts: items.ids.map(() => itemFacts({ kind: 'AUDIO' })),
    ...(tagAssignments ? { tagAssignments } : {}),
    tagNames,
    ...(itemTitles ? { itemTitles } : {}),
  };
}
