/**
 * The full-feed split (docs/evaluation.md, "--protocol full-feed"): new uploads ranked together with
 * the rest of the catalogue, to see whether cold items are buried or flood the feed (issue 13, item 5).
 *
 * Per seed, the item parts of the cold-items split (cold-split.ts: 20% cold items, a further 10% of the
 * warm ones validation-cold) and, on the positives of the other (training) items, the warm protocol's
 * per-user 80/10/10 split (split.ts, same seed):
 *   train = warm-split train        valid = warm-split valid ∪ every positive on a validation-cold item
 *   test  = warm-split test ∪ every positive on a cold item
 * Users rank the whole catalogue minus their own training (test: and validation) items; the other
 * phase's cold items are left out (validation never ranks the test-cold items, test never ranks the
 * validation-cold ones), so in each phase "cold" means the items whose positives are all held out.
 */
import { buildCsr, type Csr } from '../graph/csr';
import { coldItemSplit } from './cold-split';
import type { Dataset } from './dataset';
import { splitByUser, type Split } from './split';

export interface FullFeedSplit extends Split {
  /** 1 for the cold (test) items. */
  testCold: Uint8Array;
  /** 1 for the validation-cold items. */
  validCold: Uint8Array;
  /** Items a test user may be shown: all but the validation-cold ones. */
  testCandidates: Uint8Array;
  /** Items a validation user may be shown: all but the test-cold ones. */
  validCandidates: Uint8Array;
}

export function fullFeedSplit(dataset: Dataset, seed: number): FullFeedSplit {
  const cold = coldItemSplit(dataset, { seed });
  const warm = splitByUser({ ...dataset, pairs: pairsOf(cold.train) }, { seed });
  const nu = cold.numUsers;
  const ni = cold.numItems;
  return {
    seed,
    numUsers: nu,
    numItems: ni,
    train: warm.train,
    valid: union(nu, ni, warm.valid, cold.valid),
    test: union(nu, ni, warm.test, cold.test),
    testCold: cold.testCandidates,
    validCold: cold.validCandidates,
    testCandidates: Uint8Array.from(cold.validCandidates, (c) => 1 - c),
    validCandidates: Uint8Array.from(cold.testCandidates, (c) => 1 - c),
  };
}

function pairsOf(csr: Csr): Dataset['pairs'] {
  const user = new Int32Array(csr.targets.length);
  for (let u = 0; u < csr.rows; u++) user.fill(u, csr.offsets[u]!, csr.offsets[u + 1]!);
  return { user, item: csr.targets.slice(), weight: csr.weights.slice() };
}

/** Two user → item CSRs with disjoint pairs, as one. */
function union(nu: number, ni: number, a: Csr, b: Csr): Csr {
  const pa = pairsOf(a);
  const pb = pairsOf(b);
  const cat = <T extends Int32Array | Float32Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length);
    out.set(x, 0);
    out.set(y, x.length);
    return out;
  };
  return buildCsr(
    nu,
    ni,
    cat(pa.user, pb.user, (n) => new Int32Array(n)),
    cat(pa.item, pb.item, (n) => new Int32Array(n)),
    cat(pa.weight, pb.weight, (n) => new Float32Array(n)),
  );
}
