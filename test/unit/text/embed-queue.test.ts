import { embedMediaByIds } from '../../../src/jobs/embed-media-job';
import type { MediaTextRow } from '../../../src/domain/ports';
import { EmbedQueue, type EmbedQueueOptions } from '../../../src/text/embed-queue';
import type { TextEncoder } from '../../../src/text/encoder';
import { mediaText, textHash } from '../../../src/text/media-text';

function recorder() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  return { lines, logger: { debug: at('debug'), warn: at('warn'), error: at('error') } };
}

/** A process step that holds each batch until released, so tests control timing. */
function gated() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const process = (ids: string[]): Promise<string[]> => {
    batches.push(ids);
    return new Promise((resolve) => releases.push(() => resolve(ids)));
  };
  const releaseAll = async (): Promise<void> => {
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return {
    batches,
    process,
    releaseAll,
    get open() {
      return releases.length;
    },
  };
}

function queue(options: Partial<EmbedQueueOptions> & Pick<EmbedQueueOptions, 'process'>) {
  const log = recorder();
  const q = new EmbedQueue({ logger: log.logger, retryBaseMs: 1, retryMaxMs: 4, ...options });
  return { q, log };
}

describe('EmbedQueue', () => {
  it('batches ids, runs one batch at a time, and reports stored ids', async () => {
    const g = gated();
    const stored: string[][] = [];
    const { q } = queue({ process: g.process, batchSize: 3, onStored: (ids) => stored.push([...ids]) });
    q.enqueue(['a', 'b', 'c', 'd', 'e']);
    expect(g.batches).toEqual([['a', 'b', 'c']]); // the first batch starts at once
    q.enqueue(['f']);
    expect(g.open).toBe(1); // never two batches in flight
    await g.releaseAll();
    await q.idle();
    expect(g.batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    expect(stored).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    expect(q.stats).toEqual({ waiting: 0, stored: 6, dropped: 0, failed: 0 });
  });

  it('deduplicates ids that are still waiting, and takes an id again once its batch has left', async () => {
    const g = gated();
    const { q } = queue({ process: g.process, batchSize: 10 });
    q.enqueue(['a']); // in flight
    q.enqueue(['b', 'c', 'b', 'a']); // b waits once; a waits again (it may have changed since)
    q.enqueue(['c', 'b']);
    expect(q.stats.waiting).toBe(3);
    await g.releaseAll();
    await q.idle();
    expect(g.batches).toEqual([['a'], ['b', 'c', 'a']]);
  });

  it('is bounded: when full it drops the oldest waiting ids and warns', async () => {
    const g = gated();
    const { q, log } = queue({ process: g.process, capacity: 3, batchSize: 10 });
    q.enqueue(['x']); // in flight, not counted as waiting
    q.enqueue(['a', 'b', 'c', 'd', 'e']);
    expect(q.stats).toMatchObject({ waiting: 3, dropped: 2 });
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({ fields: { dropped: 2, capacity: 3 } }),
    ]);
    await g.releaseAll();
    await q.idle();
    expect(g.batches).toEqual([['x'], ['c', 'd', 'e']]);
  });

  it('retries a failing batch with backoff, then succeeds', async () => {
    let calls = 0;
    const stored: string[] = [];
    const { q, log } = queue({
      process: async (ids) => {
        calls++;
        if (calls < 3) throw new Error('encoder unavailable');
        return ids;
      },
      onStored: (ids) => stored.push(...ids),
    });
    q.enqueue(['a', 'b']);
    await q.idle();
    expect(calls).toBe(3);
    expect(stored).toEqual(['a', 'b']);
    const warnings = log.lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.fields?.attempt)).toEqual([1, 2]);
    expect(warnings.map((w) => w.fields?.retryInMs)).toEqual([1, 2]);
    expect(q.stats).toMatchObject({ stored: 2, failed: 0 });
  });

  it('gives up after maxAttempts with an error log and goes on with the next batch', async () => {
    const seen: string[][] = [];
    const { q, log } = queue({
      process: async (ids) => {
        seen.push(ids);
        if (ids.includes('bad')) throw new Error('boom');
        return ids;
      },
      batchSize: 1,
      maxAttempts: 3,
    });
    q.enqueue(['bad', 'good']);
    await q.idle();
    expect(seen).toEqual([['bad'], ['bad'], ['bad'], ['good']]);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ attempts: 3, error: 'boom' }) }),
    ]);
    expect(q.stats).toMatchObject({ stored: 1, failed: 1 });
  });

  it('does not call onStored when nothing was written (unchanged texts)', async () => {
    const onStored = jest.fn();
    const { q } = queue({ process: async () => [], onStored });
    q.enqueue(['a']);
    await q.idle();
    expect(onStored).not.toHaveBeenCalled();
  });

  it('stop() waits for the batch in flight, cuts a backoff short, and takes no more ids', async () => {
    const g = gated();
    const { q, log } = queue({ process: g.process, batchSize: 1 });
    q.enqueue(['a', 'b', 'c']);
    const stopped = q.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false); // 'a' is still being embedded
    await g.releaseAll();
    await stopped;
    expect(g.batches).toEqual([['a']]); // b and c are left to the embed-media job
    expect(log.lines.some((l) => l.level === 'warn' && l.fields?.waiting === 2)).toBe(true);
    q.enqueue(['d']);
    await q.idle();
    expect(g.batches).toEqual([['a']]);

    // A queue sleeping in a long backoff stops at once.
    let calls = 0;
    const slow = queue({
      process: async () => {
        calls++;
        throw new Error('down');
      },
      retryBaseMs: 60_000,
      retryMaxMs: 60_000,
    });
    slow.q.enqueue(['z']);
    await new Promise((r) => setImmediate(r));
    const t0 = Date.now();
    await slow.q.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(calls).toBe(1);
    expect(slow.q.stats.failed).toBe(1);
  });

  it('with the embed-media store path: retries a failing encoder, stores vectors, skips unchanged texts', async () => {
    const rows = new Map<string, MediaTextRow>([
      [
        'm1',
        { id: 'm1', title: 'Highland bagpipe', description: null, tags: ['pibroch'], textModel: null, textHash: null },
      ],
      ['m2', { id: 'm2', title: 'Origami crane', description: 'paper', tags: [], textModel: null, textHash: null }],
    ]);
    const content = {
      mediaTextsByIds: async (ids: readonly string[]) =>
        ids.flatMap((id) => (rows.has(id) ? [{ ...rows.get(id)! }] : [])),
      writeTextEmbeddings: async (model: string, written: { id: string; hash: string; vector: Float32Array }[]) => {
        for (const w of written) Object.assign(rows.get(w.id)!, { textModel: model, textHash: w.hash });
      },
    };
    let failures = 1;
    const texts: string[][] = [];
    const encoder: TextEncoder = {
      modelId: 'test:v1',
      dimension: 2,
      embed: async (batch) => {
        if (failures-- > 0) throw new Error('encoder busy');
        texts.push(batch);
        return batch.map(() => Float32Array.of(1, 0));
      },
    };
    const stored: string[] = [];
    const { q, log } = queue({
      process: (ids) => embedMediaByIds(content, encoder, ids),
      onStored: (ids) => stored.push(...ids),
    });
    q.enqueue(['m1', 'm2', 'gone']); // 'gone' was deleted meanwhile: skipped
    await q.idle();
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.fields?.error)).toEqual(['encoder busy']);
    expect(stored).toEqual(['m1', 'm2']);
    expect(rows.get('m1')).toMatchObject({
      textModel: 'test:v1',
      textHash: textHash(mediaText({ title: 'Highland bagpipe', tags: ['pibroch'] })),
    });

    // Upserted again with the same text: nothing to encode. A changed text is encoded again.
    rows.get('m2')!.title = 'Origami frog';
    q.enqueue(['m1', 'm2']);
    await q.idle();
    expect(texts).toEqual([['Highland bagpipe\npibroch', 'Origami crane\npaper'], ['Origami frog\npaper']]);
    expect(stored).toEqual(['m1', 'm2', 'm2']);
  });

  it('refuses nonsense sizes', () => {
    expect(() => new EmbedQueue({ process: async (ids) => ids, logger: recorder().logger, batchSize: 0 })).toThrow(
      RangeError,
    );
  });
});
