import { ConfigError, loadConfig } from '../../../src/config/config';

describe('config', () => {
  test('defaults: embedded Neo4j, demo seeding on, port 4000', () => {
    const c = loadConfig({});
    expect(c.neo4j.uri).toBeUndefined();
    expect(c.seedDemo).toBe(true);
    expect(c.port).toBe(4000);
    expect(Object.isFrozen(c.neo4j)).toBe(true);
  });

  test('one error lists every bad key', () => {
    expect(() => loadConfig({ PORT: 'x', SEED_DEMO: 'maybe', NEO4J_URI: 'http://db' })).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: {
          problems: expect.arrayContaining([
            expect.stringMatching(/^PORT/),
            expect.stringMatching(/^SEED_DEMO/),
            expect.stringMatching(/^NEO4J_URI/),
          ]),
        },
      }),
    );
  });

  test('a Neo4j server needs a password of at least 8 characters; the error names the field, never the secret', () => {
    const short = (): unknown => loadConfig({ NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD: 'secret1' });
    expect(short).toThrow(ConfigError);
    expect(short).toThrow(/NEO4J_PASSWORD must be at least 8 characters, as Neo4j 5 requires \(got 7\)/);
    try {
      short();
    } catch (error) {
      expect((error as ConfigError).fields).toEqual([
        { field: 'NEO4J_PASSWORD', message: expect.any(String), value: '7 characters' },
      ]);
      expect(JSON.stringify(error) + (error as Error).message).not.toContain('secret1');
    }
    expect(() => loadConfig({ NEO4J_URI: 'bolt://db:7687' })).toThrow(/NEO4J_PASSWORD is required with NEO4J_URI/);
    expect(loadConfig({ NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD: 'eight888' }).neo4j.password).toBe('eight888');
    // The embedded Neo4j generates its own password: NEO4J_PASSWORD is not needed without NEO4J_URI.
    expect(loadConfig({ NEO4J_PASSWORD: 'x' }).neo4j.uri).toBeUndefined();
  });

  test('ConfigError lists each bad key with its value', () => {
    try {
      loadConfig({ PORT: 'x', LOG_REQUESTS: 'sometimes' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).fields.map((f) => [f.field, f.value])).toEqual([
        ['PORT', 'x'],
        ['LOG_REQUESTS', 'sometimes'],
      ]);
    }
  });
});
