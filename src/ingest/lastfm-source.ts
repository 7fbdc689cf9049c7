/**
 * Last.fm HetRec-2011 (hetrec2011-lastfm-2k) as import records: artists → AUDIO media (name as title,
 * their most-used tags as tags), user_artists → one LISTEN event per pair weighted by the listening
 * count, user_friends → FOLLOWS, user_taggedartists → tag assignments. tags.dat is ISO-8859-1.
 * Ids are prefixed (u2, a51) so users and artists never collide in search and exports.
 */
import { join } from 'node:path';
import { readLastfmFiles } from '../datasets/lastfm';
import { emptyGroups, type ImportBatchSource } from './records';

export const LASTFM_TOP_TAGS = 10;
/** The dataset has no listening timestamps; events carry the release date so they never look recent. */
export const LASTFM_EPOCH = '2011-05-01T00:00:00.000Z';

export const lastfmUserId = (raw: string | number): string => `u${raw}`;
export const lastfmMediaId = (raw: string | number): string => `a${raw}`;

export function readLastfm(dir: string): ImportBatchSource {
  const records = emptyGroups();
  const files = readLastfmFiles(dir, true);
  const bad = files.bad;
  const f = (name: string): string => join(dir, name);
  const tagNames = new Map((files.tags ?? []).map((r) => [r.cols[0], r.cols[1]]));

  const users = new Set<string>();
  const { listens, friends } = files;
  for (const r of listens) users.add(r.cols[0]);
  for (const r of friends) {
    users.add(r.cols[0]);
    users.add(r.cols[1]);
  }
  for (const u of [...users].sort((a, b) => Number(a) - Number(b))) {
    records.get('user')!.push({
      entity: 'user',
      data: { id: lastfmUserId(u), name: `Last.fm user ${u}` },
      source: { file: f('user_artists.dat'), line: 0 },
    });
  }

  const tagged = files.tagged ?? [];
  const tagCounts = new Map<string, Map<string, number>>();
  for (const r of tagged) {
    const [user, artist, tagId, day, month, year] = r.cols;
    const tag = tagNames.get(tagId);
    if (tag === undefined) {
      bad.push({
        file: f('user_taggedartists.dat'),
        line: r.line,
        entity: 'tag',
        message: `tagID ${tagId} is not in tags.dat`,
      });
      continue;
    }
    const counts = tagCounts.get(artist) ?? new Map<string, number>();
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
    tagCounts.set(artist, counts);
    const at = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T00:00:00.000Z`;
    records.get('tag')!.push({
      entity: 'tag',
      data: { userId: lastfmUserId(user), mediaId: lastfmMediaId(artist), tag, at },
      source: { file: f('user_taggedartists.dat'), line: r.line },
    });
  }

  for (const r of files.artists ?? []) {
    const [id, name] = r.cols;
    const counts = [...(tagCounts.get(id) ?? new Map<string, number>()).entries()];
    counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const tags = [
      ...new Set(counts.map(([t]) => t.trim().toLowerCase()).filter((t) => t.length > 0 && t.length <= 256)),
    ].slice(0, LASTFM_TOP_TAGS);
    records.get('media')!.push({
      entity: 'media',
      data: { id: lastfmMediaId(id), kind: 'AUDIO', title: name, tags },
      source: { file: f('artists.dat'), line: r.line },
    });
  }

  for (const r of listens) {
    const [user, artist, weight] = r.cols;
    records.get('interaction')!.push({
      entity: 'interaction',
      data: {
        eventId: `lastfm:listen:${user}:${artist}`,
        userId: lastfmUserId(user),
        mediaId: lastfmMediaId(artist),
        type: 'LISTEN',
        weight: Number(weight),
        at: LASTFM_EPOCH,
      },
      source: { file: f('user_artists.dat'), line: r.line },
    });
  }
  for (const r of friends) {
    records.get('follow')!.push({
      entity: 'follow',
      data: { followerId: lastfmUserId(r.cols[0]), followeeId: lastfmUserId(r.cols[1]) },
      source: { file: f('user_friends.dat'), line: r.line },
    });
  }
  return { name: dir, records, bad };
}
