import { loadConfig } from '../../../src/config/config';

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
        details: { problems: expect.arrayContaining([expect.stringMatching(/^PORT/), expect.stringMatching(/^SEED_DEMO/), expect.stringMatching(/^NEO4J_URI/)]) },
      }),
    );
  });
});
