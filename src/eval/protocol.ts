/**
 * Evaluation protocols (docs/evaluation.md): how one seed's data is split and what each user ranks.
 * - warm (the default, DESIGN.md's protocol): per-user random 80/10/10 split of the positives; full
 *   ranking over the catalogue minus the user's training (and, for test, validation) items, and minus
 *   the same parts of the user's non-positive engaged pairs where the dataset has them (JSONL).
 * - cold-items: 20% of the items are cold and all their positives are test, a further 10% of the warm
 *   items are cold for validation (eval/cold-split.ts); a user ranks the cold items only, equal
 *   scores in a seeded random order (every collaborative score ties on cold items).
 * - full-feed: the same cold items, with the warm split of the other items' positives; a user ranks the
 *   whole catalogue, cold and warm together (eval/full-feed-split.ts), and the report adds the cold
 *   items' share of the top K against their share of the held-out positives.
 */
import { BadInputError } from '../domain/errors';
import type { Csr } from '../graph/csr';
import { createRng, shuffle } from '../models/random';
import { coldItemSplit } from './cold-split';
import { fullFeedSplit } from './full-feed-split';
import type { Dataset } from './dataset';
import { splitByUser, type Split } from './split';

export const PROTOCOLS = ['warm', 'cold-items', 'full-feed'] as const;
/** Makes the tie order's random stream differ from the split's for the same seed. */
const TIE_ORDER_SALT = 0x5bd1e995;
export type Protocol = (typeof PROTOCOLS)[number];

export function isProtocol(name: string): name is Protocol {
  return (PROTOCOLS as readonly string[]).includes(name);
}

/** One ranking evaluation: whose positives count, what is never ranked, what may be ranked, who is scored. */
export interface RankingTask {
  relevant: Csr;
  exclude: Csr[];
  candidates?: Uint8Array;
  users?: Int32Array;
  /** Order in which equal scores rank (see EvaluateOptions.tieOrder); by item index when absent. */
  tieOrder?: Int32Array;
  /** The cold items, whose share of the top K and of the relevant items is reported (EvaluateOptions.coldItems). */
  coldItems?: Uint8Array;
}

export interface ProtocolSplit {
  protocol: Protocol;
  split: Split;
  valid: RankingTask;
  test: RankingTask;
}

/** The split's non-positive engaged pairs of these parts (none when the dataset has none). */
function known(split: Split, ...parts: ('train' | 'valid')[]): Csr[] {
  return split.nonPositive ? parts.map((part) => split.nonPositive![part]) : [];
}

export function protocolSplit(protocol: Protocol, dataset: Dataset, seed: number): ProtocolSplit {
  switch (protocol) {
    case 'warm': {
      const split = splitByUser(dataset, { seed });
      return {
        protocol,
        split,
        // The known non-positive pairs are engaged: never ranked, as the service leaves them out of feeds.
        valid: { relevant: split.valid, exclude: [split.train, ...known(split, 'train')] },
        test: { relevant: split.test, exclude: [split.train, split.valid, ...known(split, 'train', 'valid')] },
      };
    }
    case 'cold-items': {
      const split = coldItemSplit(dataset, { seed });
      const tieOrder = seededTieOrder(split.numItems, seed);
      return {
        protocol,
        split,
        valid: {
          relevant: split.valid,
          exclude: [split.train],
          candidates: split.validCandidates,
          users: split.validUsers,
          tieOrder,
        },
        test: {
          relevant: split.test,
          exclude: [split.train, split.valid],
          candidates: split.testCandidates,
          users: split.testUsers,
          tieOrder,
        },
      };
    }
    case 'full-feed': {
      const split = fullFeedSplit(dataset, seed);
      const tieOrder = seededTieOrder(split.numItems, seed);
      return {
        protocol,
        split,
        valid: {
          relevant: split.valid,
          exclude: [split.train],
          candidates: split.validCandidates,
          coldItems: split.validCold,
          tieOrder,
        },
        test: {
          relevant: split.test,
          exclude: [split.train, split.valid],
          candidates: split.testCandidates,
          coldItems: split.testCold,
          tieOrder,
        },
      };
    }
    default:
      throw new BadInputError(
        'protocol',
        `protocol must be one of ${PROTOCOLS.join(', ')} (got ${String(protocol)})`,
        protocol,
      );
  }
}

/**
 * Every collaborative score is equal on cold items: ties go in a seeded random order, not the catalogue's
 * (item indices follow the files, and older, more popular items come first).
 */
function seededTieOrder(numItems: number, seed: number): Int32Array {
  return shuffle(
    Int32Array.from({ length: numItems }, (_, i) => i),
    createRng(seed ^ TIE_ORDER_SALT),
  );
}
