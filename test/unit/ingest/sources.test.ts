import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonl } from '../../../src/ingest/jsonl-source';
import { readLastfm } from '../../../src/ingest/lastfm-source';
import { generateDemoData } from '../../../src/seed/demo-data';

describe('import sources', () => {
  test('JSONL: groups rows by entity and reports unparsable lines with their number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsonl-'));
    const file = join(dir, 'data.jsonl');
    writeFileSync(
      file,
      [
        '{"entity":"user","id":"u1"}',
        '',
        '{oops',
        '{"entity":"song","id":"x"}',
        '{"entity":"media","id":"m1","kind":"AUDIO","title":"T"}',
      ].join('\n'),
    );
    const src = await readJsonl(file);
    expect(src.records.get('user')).toEqual([{ entity: 'user', data: { id: 'u1' }, source: { file, line: 1 } }]);
    expect(src.records.get('media')?.[0]?.source.line).toBe(5);
    expect(src.bad.map((b) => b.line)).toEqual([3, 4]);
  });

  test("LastFM: decodes ISO-8859-1 tags, ranks an artist's tags by use, prefixes ids", () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastfm-'));
    writeFileSync(join(dir, 'artists.dat'), 'id\tname\turl\tpictureURL\n1\tBjörk\tu\tp\n2\tMuse\tu\tp\n');
    writeFileSync(join(dir, 'tags.dat'), Buffer.from('tagID\ttagValue\n1\télectronic\n2\trock\n', 'latin1'));
    writeFileSync(join(dir, 'user_artists.dat'), 'userID\tartistID\tweight\n7\t1\t120\n8\t2\t5\n');
    writeFileSync(join(dir, 'user_friends.dat'), 'userID\tfriendID\n7\t8\n8\t7\n');
    writeFileSync(
      join(dir, 'user_taggedartists.dat'),
      'userID\tartistID\ttagID\tday\tmonth\tyear\n7\t1\t1\t1\t4\t2009\n8\t1\t1\t2\t4\t2009\n8\t1\t2\t2\t4\t2009\n7\t2\t9\t1\t1\t2010\n',
    );
    const src = readLastfm(dir);
    expect(src.records.get('user')?.map((r) => r.data.id)).toEqual(['u7', 'u8']);
    expect(src.records.get('media')?.[0]?.data).toMatchObject({
      id: 'a1',
      title: 'Björk',
      kind: 'AUDIO',
      tags: ['électronic', 'rock'],
    });
    expect(src.records.get('interaction')?.[0]?.data).toMatchObject({
      userId: 'u7',
      mediaId: 'a1',
      type: 'LISTEN',
      weight: 120,
    });
    expect(src.records.get('follow')).toHaveLength(2);
    expect(src.records.get('tag')?.[0]?.data).toMatchObject({ tag: 'électronic', at: '2009-04-01T00:00:00.000Z' });
    expect(src.bad).toEqual([expect.objectContaining({ line: 5, entity: 'tag' })]);
  });

  test('LastFM: a row with too few columns is reported, not imported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastfm-'));
    writeFileSync(join(dir, 'artists.dat'), 'id\tname\turl\tpictureURL\n1\tBjörk\tu\tp\n');
    writeFileSync(join(dir, 'tags.dat'), 'tagID\ttagValue\n1\trock\n');
    writeFileSync(join(dir, 'user_artists.dat'), 'userID\tartistID\tweight\n7\t1\t120\n8\t1\n');
    writeFileSync(join(dir, 'user_friends.dat'), 'userID\tfriendID\n');
    writeFileSync(join(dir, 'user_taggedartists.dat'), 'userID\tartistID\ttagID\tday\tmonth\tyear\n7\t1\t1\t1\n');
    const src = readLastfm(dir);
    expect(src.records.get('interaction')).toHaveLength(1);
    expect(src.records.get('tag')).toHaveLength(0);
    expect(src.bad).toEqual([
      expect.objectContaining({ line: 3, entity: 'interaction' }),
      expect.objectContaining({ line: 2, entity: 'tag' }),
    ]);
  });

  test('demo data is deterministic and plausible', () => {
    const a = generateDemoData({ users: 20, media: 50, interactionsPerUser: 5 });
    const b = generateDemoData({ users: 20, media: 50, interactionsPerUser: 5 });
    expect(a.records.get('interaction')).toEqual(b.records.get('interaction'));
    const kinds = new Set(a.records.get('media')?.map((m) => m.data.kind));
    expect(kinds).toEqual(new Set(['AUDIO', 'VIDEO']));
    expect(a.records.get('interaction')).toHaveLength(100);
    expect(generateDemoData({ users: 20, media: 50, seed: 7 }).records.get('interaction')).not.toEqual(
      a.records.get('interaction'),
    );
  });
});
