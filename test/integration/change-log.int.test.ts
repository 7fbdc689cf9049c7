/** The replicas' change log on a real Neo4j: pruning keeps each origin's newest pruned time, which `since` reports. */
import type { Stores } from '../../src/store/neo4j/stores';
import { namespace, openStores } from '../support/db';

describe('change log on a real Neo4j', () => {
  let stores: Stores & { close(): Promise<void> };
  const ns = namespace();
  beforeAll(async () => {
    stores = await openStores();
  });
  afterAll(() => stores.close());

  test('a pruned change of another origin is reported to a reader, its own are not; unpruned ones are read', async () => {
    const change = (origin: string, seq: number) => ({
      id: `${ns}${origin}:${seq}`,
      origin: `${ns}${origin}`,
      seq,
      kind: 'userDeleted',
      payload: `["${ns}u${seq}"]`,
    });
    const start = await stores.changes.now();
    await stores.changes.append([change('a', 0), change('b', 0)]);
    const before = await stores.changes.since(start, `${ns}b`, [], 100);
    expect(before.changes.map((c) => c.id)).toEqual([`${ns}a:0`]);
    const appendedAt = before.changes[0]!.at;

    expect(await stores.changes.prune(appendedAt + 1, 10_000)).toBeGreaterThanOrEqual(2);
    await stores.changes.append([change('a', 1)]);
    const b = await stores.changes.since(start, `${ns}b`, [], 100);
    expect(b.changes.map((c) => c.id)).toEqual([`${ns}a:1`]);
    // The newest pruned change of an origin other than b's: a's (or a later one of another suite's origin).
    expect(b.prunedNewest).toBeGreaterThanOrEqual(appendedAt);
    expect(b.prunedNewest).toBeLessThan(b.changes[0]!.at + 1);
    // A later prune of older changes does not move a watermark back.
    await stores.changes.prune(appendedAt - 1, 10_000);
    expect((await stores.changes.since(start, `${ns}b`, [], 100)).prunedNewest).toBe(b.prunedNewest);
    // c's change, the newest pruned of all (the suites run one at a time): b sees it, c does not see its own.
    await stores.changes.append([change('c', 0)]);
    const cAt = (await stores.changes.since(start, `${ns}b`, [], 100)).changes.find((c) => c.id === `${ns}c:0`)!.at;
    await stores.changes.prune(cAt + 1, 10_000);
    expect((await stores.changes.since(start, `${ns}b`, [], 100)).prunedNewest).toBe(cAt);
    expect((await stores.changes.since(start, `${ns}c`, [], 100)).prunedNewest).toBeLessThan(cAt);
  });
});
