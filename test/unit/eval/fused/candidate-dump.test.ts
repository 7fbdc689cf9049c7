/**
 * fused's validation candidate lists as written for offline rankers (scripts/ranking/gbdt-ranker.py):
 * users without validation pairs or candidates are left out, rows keep their order, a candidate is
 * labelled 1 exactly when it is one of the user's validation pairs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCsr } from '../../../../src/graph/csr';
import { writeCandidateDump } from '../../../../src/eval/fused/candidate-dump';

test('writes each validation user’s list: meta, feature rows, labels and items, in one order', () => {
  const train = { numItems: 6, userItems: buildCsr(3, 6, Int32Array.of(0, 0, 1, 2), Int32Array.of(0, 1, 2, 3)) };
  // User 0 holds out items 4 and 5, user 1 nothing, user 2 item 4 (but has no candidates).
  const valid = buildCsr(3, 6, Int32Array.of(0, 0, 2), Int32Array.of(4, 5, 4));
  const lists: Record<number, { cands: number[]; rows: Float32Array }> = {
    0: { cands: [5, 2, 4], rows: Float32Array.of(1, 2, 3, 4, 5, 6) },
    1: { cands: [0], rows: Float32Array.of(9, 9) },
    2: { cands: [], rows: new Float32Array(0) },
  };
  const dir = join(mkdtempSync(join(tmpdir(), 'dump-')), 'seed-1');
  const wrote = writeCandidateDump(dir, ['a', 'b'], train, valid, (u) => lists[u]!);
  expect(wrote).toEqual({ users: 1, rows: 3 });
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  expect(meta).toEqual({ features: ['a', 'b'], numItems: 6, users: [{ u: 0, n: 2, pos: 2, len: 3 }] });
  const bytes = (f: string): Buffer => readFileSync(join(dir, f));
  const rows = bytes('rows.bin');
  expect(Array.from(new Float32Array(rows.buffer, rows.byteOffset, rows.length / 4))).toEqual([1, 2, 3, 4, 5, 6]);
  expect(Array.from(bytes('labels.bin'))).toEqual([1, 0, 1]);
  const items = bytes('items.bin');
  expect(Array.from(new Int32Array(items.buffer, items.byteOffset, items.length / 4))).toEqual([5, 2, 4]);
});
