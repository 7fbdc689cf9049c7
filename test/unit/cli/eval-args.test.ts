import { parseArgs, USAGE } from '../../../src/cli/eval';
import { BadInputError } from '../../../src/domain/errors';

/** The field a parse error names (BadInputError.field), or 'none'. */
function fieldOf(argv: string[]): string {
  try {
    parseArgs(argv);
    return 'none';
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    return error.field;
  }
}

describe('eval CLI flags (node:util parseArgs, strict)', () => {
  test('defaults: lastfm, warm protocol, seeds 1,2,3', () => {
    expect(parseArgs(['--model', 'random'])).toMatchObject({
      dataset: 'lastfm',
      protocol: 'warm',
      seeds: [1, 2, 3],
      set: {},
      help: false,
    });
  });

  test('every flag, --set repeatable, --flag=value form', () => {
    const a = parseArgs([
      '--model=content',
      '--dataset',
      'movielens-tmdb',
      '--dir',
      'd',
      '--protocol',
      'cold-items',
      '--seeds',
      '4, 5',
      '--set',
      'a=1',
      '--set',
      'b=x',
      '--out',
      'o.json',
      '--text-cache',
      'tc',
      '--cache',
      'c',
      '--backend',
      'cpu',
      '--keep-share',
      '0.25',
    ]);
    expect(a).toMatchObject({
      model: 'content',
      dataset: 'movielens-tmdb',
      dir: 'd',
      protocol: 'cold-items',
      seeds: [4, 5],
      set: { a: 1, b: 'x' },
      out: 'o.json',
      textCache: 'tc',
      cache: 'c',
      backend: 'cpu',
      keepShare: 0.25,
    });
  });

  test('--help wins over everything else and the usage names every flag', () => {
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['-h', '--model', 'nope']).help).toBe(true);
    for (const flag of [
      '--model',
      '--dataset',
      '--dir',
      '--file',
      '--protocol',
      '--seeds',
      '--out',
      '--config',
      '--set',
      '--backend',
      '--cache',
      '--text-cache',
      '--keep-share',
      '--help',
    ])
      expect(USAGE).toContain(flag);
  });

  test('bad input is a typed error naming the flag', () => {
    expect(fieldOf(['--model', 'random', '--epoch', '3'])).toBe('--epoch');
    expect(fieldOf(['--model'])).toBe('--model');
    expect(fieldOf(['--model', '--dataset', 'lastfm'])).toBe('--model');
    expect(fieldOf(['--model', 'random', '--help=yes'])).toBe('--help');
    expect(fieldOf(['--model', 'random', 'stray'])).toBe('argv');
    expect(fieldOf([])).toBe('--model');
    expect(fieldOf(['--model', 'no-such-model'])).toBe('--model');
    expect(fieldOf(['--model', 'random', '--dataset', 'netflix'])).toBe('--dataset');
    expect(fieldOf(['--model', 'random', '--protocol', 'cold'])).toBe('--protocol');
    expect(fieldOf(['--model', 'random', '--seeds', '1,x'])).toBe('--seeds');
    expect(fieldOf(['--model', 'random', '--set', 'novalue'])).toBe('--set');
    expect(fieldOf(['--model', 'random', '--dataset', 'jsonl'])).toBe('--file');
    expect(fieldOf(['--model', 'random', '--backend', 'tpu'])).toBe('--backend');
    for (const bad of ['0', '1.5', 'half', ''])
      expect(fieldOf(['--model', 'random', '--keep-share', bad])).toBe('--keep-share');
    expect(() => parseArgs(['--model', 'random', '--protocol', 'cold'])).toThrow(
      /--protocol must be one of warm, cold-items, full-feed \(got cold\)/,
    );
  });
});
