import { csvNumber, csvNumberArray, csvString, csvStringArray } from '../../../../src/ingest/bulk/csv-file';
import { EngagementTable } from '../../../../src/ingest/bulk/engagement-table';
import { adminImportArgs } from '../../../../src/store/neo4j/admin-import';

describe('bulk CSV values', () => {
  test('null is no property, strings are always quoted (an empty one stays empty), quotes double', () => {
    expect(csvString(null)).toBe('');
    expect(csvString('')).toBe('""');
    expect(csvString('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(1e-7)).toBe('1e-7');
    expect(csvStringArray(['a', 'b c'], ';')).toBe('"a;b c"');
    expect(csvStringArray([], ';')).toBe('');
    expect(csvNumberArray([0.5, -2], '\u001f')).toBe('0.5\u001f-2');
  });
});

describe('EngagementTable', () => {
  test('folds events as record.cypher does: weights summed in order, counts by type, first event time, latest time', () => {
    const t = new EngagementTable(10);
    t.add(1, 2, 1, 0.1, Date.parse('2024-03-02T00:00:00Z'));
    t.add(0, 5, 0, 1, Date.parse('2024-01-01T00:00:00Z'));
    t.add(1, 2, 2, 0.2, Date.parse('2024-03-01T00:00:00Z'));
    t.add(1, 2, 1, 0.3, Date.parse('2024-03-05T00:00:00Z'));
    const rows = Array.from(t.rows(';'), (r) => ({ ...r })); // one row object is reused: copy each as it comes
    expect(rows).toEqual([
      {
        user: 1,
        media: 2,
        weight: 0.1 + 0.2 + 0.3,
        count: 3,
        counts: '0;2;1;0;0;0;0;0;0',
        firstAt: '2024-03-02T00:00:00.000Z',
        lastAt: '2024-03-05T00:00:00.000Z',
      },
      {
        user: 0,
        media: 5,
        weight: 1,
        count: 1,
        counts: '1;0;0;0;0;0;0;0;0',
        firstAt: '2024-01-01T00:00:00.000Z',
        lastAt: '2024-01-01T00:00:00.000Z',
      },
    ]);
  });

  test('grows past its first capacity', () => {
    const t = new EngagementTable(5000);
    for (let u = 0; u < 3000; u++) t.add(u, u % 5000, 0, 1, 0);
    expect(t.pairs).toBe(3000);
    expect([...t.rows(';')].length).toBe(3000);
  });
});

describe('adminImportArgs', () => {
  test('names the database before the file lists, and spells control-character delimiters as U+XXXX', () => {
    const args = adminImportArgs({
      dataDir: '/tmp/db',
      arrayDelimiter: '\u001f',
      threads: 2,
      files: [
        { kind: 'nodes', label: 'User', path: '/tmp/csv/users.csv', multiline: false },
        { kind: 'relationships', label: 'FOLLOWS', path: '/tmp/csv/follows.csv', multiline: true },
      ],
    });
    expect(args.slice(0, 4)).toEqual(['database', 'import', 'full', 'neo4j']);
    expect(args).toContain('--array-delimiter=U+001F');
    expect(args).toContain('--multiline-fields=/tmp/csv/follows.csv');
    expect(args.slice(-2)).toEqual(['--nodes=User=/tmp/csv/users.csv', '--relationships=FOLLOWS=/tmp/csv/follows.csv']);
    expect(() =>
      adminImportArgs({
        dataDir: '/tmp/db',
        arrayDelimiter: ';',
        files: [{ kind: 'nodes', label: 'User', path: '/tmp/a,b.csv', multiline: false }],
      }),
    ).toThrow(/must not contain/);
  });
});
