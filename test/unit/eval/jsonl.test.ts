import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFromImport } from '../../../src/eval/jsonl';
import { parseJsonlText } from '../../../src/ingest/jsonl-source';
import { weighCommentBySentiment } from '../../../src/text/sentiment';

const load = (lines: string[]) =>
  datasetFromImport(parseJsonlText(lines.join('\n'), 'data.jsonl'), { weighComment: weighCommentBySentiment });

/** The JSONL block of the README (the one under "**JSONL format**"). */
function readmeExample(): string[] {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const at = readme.indexOf('**JSONL format**');
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error('README has no JSONL example');
  return block[1]!.trim().split('\n');
}

const pairsOf = (d: ReturnType<typeof load>['dataset']) =>
  Array.from(d.pairs.user, (u, k) => [d.userIds[u], d.itemIds[d.pairs.item[k]!], d.pairs.weight[k]]);

describe("eval JSONL loader (the importer's reader and rules)", () => {
  it('reads the README example whole: every entity, the tag row as a user tag assignment', () => {
    const { dataset, bad } = load(readmeExample());
    expect(bad).toEqual([]);
    expect(dataset.userIds).toEqual(['u1', 'u2']);
    expect(dataset.itemIds).toEqual(['m9']);
    expect(pairsOf(dataset)).toEqual([['u1', 'm9', 2]]); // RATE 4.5 → 4.5 − 2.5
    expect(dataset.social.src.length).toBe(1);
    const tag = dataset.tagAssignments!;
    expect([tag.user[0], tag.item[0], dataset.tagNames[tag.tag[0]!]]).toEqual([0, 0, 'family']);
    expect(Array.from(dataset.itemTags!.tag, (t) => dataset.tagNames[t])).toEqual(['animation', 'pixar']);
    expect(dataset.itemTitles).toEqual(['Toy Story (1995)']);
  });

  it('weighs events as serving does: a 1-star RATE, a hateful comment and a like undone by a dislike are not positives', () => {
    const { dataset } = load([
      '{"entity":"user","id":"u1"}',
      '{"entity":"user","id":"u2"}',
      ...['a', 'b', 'c', 'd', 'e'].map((id) => `{"entity":"media","id":"${id}","kind":"AUDIO","title":"${id}"}`),
      '{"entity":"interaction","userId":"u1","mediaId":"a","type":"RATE","rating":1}',
      '{"entity":"interaction","userId":"u1","mediaId":"b","type":"RATE","rating":5}',
      '{"entity":"interaction","userId":"u1","mediaId":"c","type":"COMMENT","text":"Boring and repetitive, hated it"}',
      '{"entity":"interaction","userId":"u2","mediaId":"c","type":"COMMENT","text":"Loved this, brilliant!"}',
      '{"entity":"interaction","userId":"u2","mediaId":"d","type":"LIKE"}',
      '{"entity":"interaction","userId":"u2","mediaId":"d","type":"DISLIKE"}',
      '{"entity":"interaction","userId":"u2","mediaId":"e","type":"LISTEN","weight":0.5}',
      '{"entity":"interaction","userId":"u2","mediaId":"e","type":"SKIP"}',
    ]);
    expect(pairsOf(dataset)).toEqual([
      ['u1', 'b', 2.5],
      ['u2', 'c', 1],
    ]);
    // Engaged all the same: kept apart, each with its summed weight (the protocol never ranks them).
    const np = dataset.nonPositive!;
    const rows = Array.from(np.user, (u, k) => [dataset.userIds[u], dataset.itemIds[np.item[k]!], np.weight[k]]);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['u1', 'a'],
      ['u1', 'c'],
      ['u2', 'd'],
      ['u2', 'e'],
    ]);
    expect(rows.map((r) => r[2])).toEqual([-1.5, expect.any(Number), 0, 0]);
    expect(rows[1]![2]).toBeLessThan(0);
  });

  it('without a comment weigher a COMMENT counts its type default, as an API without sentiment would', () => {
    const rows = [
      '{"entity":"user","id":"u1"}',
      '{"entity":"media","id":"a","kind":"AUDIO","title":"a"}',
      '{"entity":"interaction","userId":"u1","mediaId":"a","type":"COMMENT","text":"hated it"}',
    ];
    expect(pairsOf(datasetFromImport(parseJsonlText(rows.join('\n'))).dataset)).toEqual([['u1', 'a', 1]]);
    expect(pairsOf(load(rows).dataset)).toEqual([]);
  });

  it('counts a retried event id once and sums distinct events of a pair', () => {
    const { dataset } = load([
      '{"entity":"user","id":"u1"}',
      '{"entity":"media","id":"a","kind":"AUDIO","title":"a"}',
      '{"entity":"interaction","eventId":"e1","userId":"u1","mediaId":"a","type":"LIKE"}',
      '{"entity":"interaction","eventId":"e1","userId":"u1","mediaId":"a","type":"LIKE"}',
      '{"entity":"interaction","eventId":"e2","userId":"u1","mediaId":"a","type":"SHARE"}',
    ]);
    expect(pairsOf(dataset)).toEqual([['u1', 'a', 5]]);
  });

  it('skips, with file and line, the rows the importer skips, and keeps the rest', () => {
    const { dataset, bad } = load([
      '{"entity":"user","id":"u1"}',
      '{"entity":"media","id":"a","kind":"AUDIO","title":"a"}',
      '{oops',
      '{"entity":"song","id":"x"}',
      '{"entity":"media","id":"b","kind":"TAPE","title":"b"}',
      '{"entity":"interaction","userId":"u9","mediaId":"a","type":"LIKE"}',
      '{"entity":"interaction","userId":"u1","mediaId":"b","type":"LIKE"}',
      '{"entity":"interaction","userId":"u1","mediaId":"a","type":"RATE"}',
      '{"entity":"follow","followerId":"u1","followeeId":"u1"}',
      '{"entity":"tag","userId":"u1","mediaId":"a","tag":""}',
      '{"entity":"interaction","userId":"u1","mediaId":"a","type":"VIEW"}',
    ]);
    expect(bad.map((b) => [b.line, b.entity])).toEqual([
      [3, 'unknown'],
      [4, 'unknown'],
      [5, 'media'],
      [9, 'follow'],
      [6, 'interaction'],
      [7, 'interaction'],
      [8, 'interaction'],
      [10, 'tag'],
    ]);
    expect(bad.find((b) => b.line === 6)?.message).toMatch(/userId refers to an unknown user \(got "u9"\)/);
    expect(pairsOf(dataset)).toEqual([['u1', 'a', 1]]);
    expect(dataset.itemIds).toEqual(['a']);
  });
});
