/**
 * The replicas' change log on a real Neo4j: pruning keeps each origin's newest pruned time, which `since`
 * reports, and keeps what a live reader has not read (up to the floor).
 */
import type { Stores } from '../../src/store/neo4j/stores';
import { namespace, openStores } from '../support/db';

describe('change log on a real Neo4j', () => {
  let stores: Stores & { close(): Promise<void> };
  const ns = namespace();
  beforeAll(async () => {
    stores = await openStores();
  });
  afterAll(() => stores.close());

  const change = (origin: string, seq: number) => ({
    id: `${ns}${origin}:${seq}`,
    origin: `${ns}${origin}`,
    seq,
    kind: 'userDeleted',
    payload: `["${ns}u${seq}"]`,
  });
  const atOf = async (from: number, id: string) =>
    (await stores.changes.since(from, `${ns}reader`, [], 1_000)).changes.find((c) => c.id === id)?.at;

  test("a live reader's cursor keeps the changes it has not read, up to the floor; a forgotten one keeps none", async () => {
    const start = await stores.changes.now();
    await stores.changes.markRead(`${ns}r`, start);
    await stores.changes.append([change('w', 0)]);
    const at = (await atOf(start, `${ns}w:0`))!;
    expect(at).toBeGreaterThanOrEqual(start);
    // Older than `before`, but the reader (marked just now) reads from `start` on: kept.
    await stores.changes.prune(at + 1, 10_000, { liveMs: 60_000, floor: 0 });
    expect(await atOf(start, `${ns}w:0`)).toBe(at);
    // Without `keep`, readers are not asked.
    await stores.changes.append([change('w', 1)]);
    const at1 = (await atOf(start, `${ns}w:1`))!;
    await stores.changes.prune(at1 + 1, 10_000);
    expect(await atOf(start, `${ns}w:1`)).toBeUndefined();
    // Past the floor, the reader's cursor holds nothing back.
    await stores.changes.prune(at + 1, 10_000, { liveMs: 60_000, floor: at + 1 });
    expect(await atOf(start, `${ns}w:0`)).toBeUndefined();
    // A reader that stopped (forgotten) holds nothing back either.
    await stores.changes.markRead(`${ns}r`, start);
    await stores.changes.append([change('w', 2)]);
    const at2 = (await atOf(start, `${ns}w:2`))!;
    await stores.changes.prune(at2 + 1, 10_000, { liveMs: 60_000, floor: 0 });
    expect(await atOf(start, `${ns}w:2`)).toBe(at2);
    await stores.changes.forgetReader(`${ns}r`);
    await stores.changes.prune(at2 + 1, 10_000, { liveMs: 60_000, floor: 0 });
    expect(await atOf(start, `${ns}w:2`)).toBeUndefined();
  });

  test('a pruned change of another origin is reported to a reader, its own are not; unpruned ones are read', async () => {
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
