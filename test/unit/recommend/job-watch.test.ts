import { JobWatch } from '../../../src/recommend/job-watch';
import { createLogger } from '../../../src/logging/logger';

describe('JobWatch', () => {
  const setup = () => {
    let versions: Record<string, string> = { pagerank: '2026-01-01T00:00:00Z' };
    let fail = false;
    const changes: string[][] = [];
    const watch = new JobWatch({
      versions: async () => {
        if (fail) throw new Error('Neo4j is down');
        return versions;
      },
      onChange: (jobs) => changes.push(jobs),
      intervalMs: 0,
      logger: createLogger('silent'),
    });
    return { watch, changes, set: (v: Record<string, string>) => (versions = v), failing: (f: boolean) => (fail = f) };
  };

  test('the first read only records the versions; a moved or new job version asks for a reload once', async () => {
    const { watch, changes, set } = setup();
    expect(await watch.poll()).toEqual([]);
    expect(watch.versions).toEqual({ pagerank: '2026-01-01T00:00:00Z' });
    expect(await watch.poll()).toEqual([]);
    set({ pagerank: '2026-01-02T00:00:00Z', embeddings: '2026-01-02T00:00:01Z' });
    expect(await watch.poll()).toEqual(['pagerank', 'embeddings']);
    expect(await watch.poll()).toEqual([]);
    expect(changes).toEqual([['pagerank', 'embeddings']]);
  });

  test('a failed read changes nothing and the next read catches up', async () => {
    const { watch, changes, set, failing } = setup();
    await watch.poll();
    failing(true);
    set({ pagerank: '2026-02-01T00:00:00Z' });
    expect(await watch.poll()).toEqual([]);
    expect(watch.versions).toEqual({ pagerank: '2026-01-01T00:00:00Z' });
    failing(false);
    expect(await watch.poll()).toEqual(['pagerank']);
    expect(changes).toHaveLength(1);
  });
});
