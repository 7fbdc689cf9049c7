import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliErrorLine, intFlag, nearestFlag, parseCli, requirePath, UsageError } from '../../../src/cli/cli-args';
import { BadInputError } from '../../../src/domain/errors';
import { badRowsJsonl, withRowText } from '../../../src/ingest/bad-rows';

const OPTIONS = { epochs: { type: 'string' }, 'batch-size': { type: 'string' }, strict: { type: 'boolean' } } as const;

describe('CLI flags (node:util parseArgs, strict)', () => {
  it('parses known flags and positionals', () => {
    const { values, positionals } = parseCli(
      ['jsonl', 'a.jsonl', '--batch-size', '10', '--strict'],
      OPTIONS,
      'usage: x',
      2,
    );
    expect(values).toMatchObject({ 'batch-size': '10', strict: true });
    expect(positionals).toEqual(['jsonl', 'a.jsonl']);
    expect(parseCli(['--help'], OPTIONS, 'usage: x').values.help).toBe(true);
    expect(parseCli(['-h'], OPTIONS, 'usage: x').values.help).toBe(true);
  });

  it('refuses unknown flags, naming the nearest known one and printing the usage', () => {
    expect(() => parseCli(['--epoch', '3'], OPTIONS, 'usage: x')).toThrow(
      new UsageError('--epoch', 'unknown option --epoch (did you mean --epochs?)\nusage: x'),
    );
    expect(() => parseCli(['--batchsize', '3'], OPTIONS, 'usage: x')).toThrow(
      /unknown option --batchsize \(did you mean --batch-size\?\)/,
    );
    expect(() => parseCli(['--frobnicate'], OPTIONS, 'usage: x')).toThrow(/^unknown option --frobnicate\nusage: x$/);
    expect(() => parseCli(['--epochs'], OPTIONS, 'usage: x')).toThrow(UsageError);
    expect(() => parseCli(['a', 'b'], OPTIONS, 'usage: x', 1)).toThrow(/unexpected argument "b"/);
  });

  it('nearestFlag suggests only close names', () => {
    expect(nearestFlag('--seeds', ['seed', 'model'])).toBe('--seed');
    expect(nearestFlag('--xyz', ['seed', 'model'])).toBeUndefined();
  });

  it('checks integers and paths before any work', () => {
    expect(intFlag('epochs', undefined, 5)).toBe(5);
    expect(intFlag('epochs', '7', 5)).toBe(7);
    expect(() => intFlag('epochs', 'x', 5)).toThrow(/--epochs must be an integer >= 1 \(got "x"\)/);
    expect(() => requirePath('/no/such/file.jsonl', 'the JSONL file')).toThrow(
      new BadInputError('the JSONL file', 'the JSONL file does not exist: /no/such/file.jsonl'),
    );
    expect(() => requirePath(tmpdir(), 'the JSONL file', 'file')).toThrow(/must be a file, not a directory/);
  });

  it('prints one line for a missing file, never a raw ENOENT stack', async () => {
    const error = await readFile('/no/such/file').catch((e: unknown) => e);
    expect(cliErrorLine(error)).toBe('error: no such file or directory: /no/such/file');
    expect(cliErrorLine(new BadInputError('x', 'x is bad'))).toBe('error: x is bad');
  });
});

describe('rejected rows for --report', () => {
  it('carries the text of each rejected line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socialrec-bad-rows-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, '{"entity":"user","id":"u1"}\nnot json\n{"entity":"user","id":""}\n');
    const rows = await withRowText([
      { file, line: 2, entity: 'unknown', message: 'not valid JSON' },
      { file, line: 3, entity: 'user', message: 'id must not be empty' },
      { file: join(dir, 'other.dat'), line: 0, entity: 'user', message: 'implied' },
    ]);
    expect(rows.map((r) => r.row)).toEqual(['not json', '{"entity":"user","id":""}', null]);
    expect(
      badRowsJsonl(rows)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).row),
    ).toEqual(['not json', '{"entity":"user","id":""}', null]);
  });
});
