import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLastfmFiles } from '../../../src/datasets/lastfm';
import { loadLastfm } from '../../../src/eval/lastfm';
import { readLastfm } from '../../../src/ingest/lastfm-source';

/** The two required files only: what evaluation needs. */
function minimalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lastfm-min-'));
  writeFileSync(join(dir, 'user_artists.dat'), 'userID\tartistID\tweight\n7\t1\t120\n8\t2\n\n8\t1\t3\n');
  writeFileSync(join(dir, 'user_friends.dat'), 'userID\tfriendID\n7\t8\n8\t7\n');
  return dir;
}

describe('one LastFM reader for import and evaluation', () => {
  test('short rows are reported with their file line and left out; blank lines skipped; absent optional files are undefined', () => {
    const dir = minimalDir();
    const files = readLastfmFiles(dir);
    expect(files.listens.map((r) => [r.line, r.cols])).toEqual([
      [2, ['7', '1', '120']],
      [5, ['8', '1', '3']],
    ]);
    expect(files.bad).toEqual([
      {
        file: join(dir, 'user_artists.dat'),
        line: 3,
        entity: 'interaction',
        message: 'expected 3 tab-separated columns (got 2)',
      },
    ]);
    expect([files.tags, files.tagged, files.artists]).toEqual([undefined, undefined, undefined]);
  });

  test('evaluation loads without the tag files; the importer needs them and names the missing one', () => {
    const dir = minimalDir();
    const data = loadLastfm(dir);
    expect(data.userIds).toEqual(['7', '8']);
    expect(data.itemIds).toEqual(['1']);
    expect(data.tagAssignments).toBeUndefined();
    expect(() => readLastfm(dir)).toThrow(/user_taggedartists\.dat/);
    expect(() => readLastfmFiles(join(dir, 'nope'))).toThrow(/containing user_artists\.dat/);
  });
});
