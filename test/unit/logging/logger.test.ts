import { createLogger, errorFields } from '../../../src/logging/logger';
import { routeConsole } from '../../../src/logging/console';

function collect(level: Parameters<typeof createLogger>[0] = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(level, { service: 'test' }, (l) => lines.push(l));
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger (pino)', () => {
  it('writes one JSON object per line with level and msg as strings, an ISO time and the fields', () => {
    const { logger, lines, parsed } = collect();
    logger.info('service ready', { url: 'http://x/graphql' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'info', msg: 'service ready', url: 'http://x/graphql', service: 'test' });
    expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
  });

  it('filters by level', () => {
    const { logger, parsed } = collect('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((l) => l.level)).toEqual(['warn', 'error']);
    const silent = collect('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('writes errors with their type, message and stack', () => {
    const { logger, parsed } = collect();
    logger.error('request failed', errorFields(new TypeError('boom')));
    logger.error('job failed', { error: new Error('bad') });
    const [a, b] = parsed();
    expect(a!.err).toMatchObject({
      type: 'TypeError',
      message: 'boom',
      stack: expect.stringContaining('logger.test.ts'),
    });
    expect(b!.error).toMatchObject({ type: 'Error', message: 'bad', stack: expect.any(String) });
  });

  it('children carry their fields; string error fields stay strings', () => {
    const { logger, parsed } = collect();
    logger.child({ job: 'pagerank' }).warn('retrying', { error: 'busy' });
    expect(parsed()[0]).toMatchObject({ level: 'warn', job: 'pagerank', error: 'busy', service: 'test' });
  });

  it('escapes control characters, so a line never holds raw ANSI bytes', () => {
    const { logger, lines } = collect();
    logger.info('\u001b[31mred\u001b[0m', { out: '\u001b[1mbold' });
    expect(lines[0]).not.toContain('\u001b');
    expect(JSON.parse(lines[0]!).msg).toBe('\u001b[31mred\u001b[0m');
  });
});

describe('routeConsole', () => {
  it("turns libraries' console output into JSON lines", () => {
    const saved = {
      log: console.log,
      info: console.info,
      warn: console.warn,
      error: console.error,
      debug: console.debug,
    };
    const { logger, parsed } = collect();
    try {
      routeConsole(logger);
      console.warn("The kernel '%s' for backend 'tensorflow' is already registered", 'Tanh');
      console.log('plain', 42);
    } finally {
      Object.assign(console, saved);
    }
    expect(parsed()).toEqual([
      expect.objectContaining({
        level: 'warn',
        source: 'console',
        msg: "The kernel 'Tanh' for backend 'tensorflow' is already registered",
      }),
      expect.objectContaining({ level: 'info', source: 'console', msg: 'plain 42' }),
    ]);
  });
});
