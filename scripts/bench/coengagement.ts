/**
 * `npm run bench:coengagement`: the served ranking's co-engagement build (item-kNN, 50 neighbours,
 * src/models/item-knn.ts) on the generated worlds of bench:scale (1× and 10×, seed 1; written by
 * `npm run generate` when missing), next to the same build with a full sort of every item's candidates
 * (the implementation before the top-k heap, kept here as the baseline) in the same run. Prints seconds
 * per scale, the log–log growth exponent between scales, and whether both give identical lists; last
 * line one JSON object. Each build is timed `--repeats` times (3) and the median kept: the 1× build takes
 * about half a second, and single runs moved its exponent between 1.07 and 1.23 on an idle machine.
 * Also the RP3β walk graph the snapshot builds beside it for the blend feature (models/rp3-rows.ts, the
 * same 50 entries per item it keeps past EASE's size): its seconds, entries and growth exponent; and the
 * local EASE graphs the service builds past EASE's size in item-kNN's place (models/local-ease.ts with
 * the co-engagement defaults: 50 neighbours, Gram from 200), likewise; and its neighbourhood read (the
 * 200-entry row-pruned cosine, its first 50 in order) next to the same read with all 200 sorted (the
 * read before sortedPrefix, as baseline), and whether both keep the same entries.
 * And a feed's co-engagement sum over that item-kNN graph (ranking/candidates.ts coEngagementScores) for
 * every user with more than 200 engaged items and for 1,000 users drawn evenly: over the 500 items the user
 * state holds (the default) against the 200 most recent (the former default, the baseline), alternated
 * `--repeats` times, mean milliseconds a user.
 * Options: --scales 1,10, --dir data/bench-scale, --repeats 3.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseCli } from '../../src/cli/cli-args';
import { loadJsonl } from '../../src/eval/jsonl';
import { buildCsr, transposeCsr, type Csr } from '../../src/graph/csr';
import { coCounts, itemKnnSimilarity } from '../../src/models/item-knn';
import { localEaseGraphs } from '../../src/models/local-ease';
import { rp3Rows } from '../../src/models/rp3-rows';
import { itemSet, sparseItemItem, type SparseRows } from '../../src/models/sparse-item-item';
import { CO_ENGAGEMENT_DEFAULTS } from '../../src/pipeline/co-engagement';
import type { TrainData } from '../../src/models/types';
import { coEngagementScores } from '../../src/ranking/candidates';
import { buildRankingData } from '../../src/ranking/ranking-data';
import { userStateFromData, type UserState } from '../../src/ranking/user-state';

const NEIGHBOURS = 50;

/** The former build: the same co-counts, then every candidate scored into an object and the whole list sorted. */
function sortEverything(data: TrainData, k: number): Csr {
  const ni = data.numItems;
  const co = new Float32Array(ni);
  const touched = new Int32Array(ni);
  const src: number[] = [];
  const dst: number[] = [];
  const val: number[] = [];
  const deg = (i: number) => data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
  for (let j = 0; j < ni; j++) {
    const nt = coCounts(data, j, co, touched);
    const cand: { i: number; s: number }[] = [];
    for (let t = 0; t < nt; t++) {
      const i = touched[t]!;
      cand.push({ i, s: co[i]! / Math.sqrt(deg(i) * deg(j)) });
      co[i] = 0;
    }
    cand.sort((x, y) => y.s - x.s || x.i - y.i);
    for (let t = 0; t < Math.min(k, cand.length); t++) {
      src.push(cand[t]!.i);
      dst.push(j);
      val.push(cand[t]!.s);
    }
  }
  return buildCsr(ni, ni, Int32Array.from(src), Int32Array.from(dst), Float32Array.from(val));
}

/** The same offsets, the same first `head` entries of every row and the same set of entries after them. */
function sameRows(a: SparseRows, b: SparseRows, head: number): boolean {
  if (!a.offsets.every((v, i) => v === b.offsets[i])) return false;
  for (let r = 0; r + 1 < a.offsets.length; r++) {
    const entries = (x: SparseRows) =>
      Array.from(x.targets.subarray(x.offsets[r], x.offsets[r + 1]), (t, k) => `${t}:${x.weights[x.offsets[r]! + k]}`);
    const [ea, eb] = [entries(a), entries(b)];
    if (ea.slice(0, head).join() !== eb.slice(0, head).join()) return false;
    if (ea.sort().join() !== eb.sort().join()) return false;
  }
  return true;
}

const same = (a: Csr, b: Csr): boolean =>
  a.offsets.every((v, i) => v === b.offsets[i]) &&
  a.targets.every((v, i) => v === b.targets[i]) &&
  a.weights.every((v, i) => v === b.weights[i]);

/** The former history of the co-engagement sum, the baseline of its per-user timing. */
const FORMER_HISTORY = 200;

/**
 * Mean milliseconds of a co-engagement sum per user, over the heavy users (more than FORMER_HISTORY items)
 * and over 1,000 users drawn evenly, at the default history and at the former one, alternated.
 */
function sumTimes(
  data: TrainData,
  graph: Csr,
  repeats: number,
): { heavyUsers: number; heavyMs: number; heavyFormerMs: number; sampleMs: number; sampleFormerMs: number } {
  const ranking = buildRankingData(data, { coEngagement: graph });
  const degree = (u: number) => data.userItems.offsets[u + 1]! - data.userItems.offsets[u]!;
  const heavy: UserState[] = [];
  for (let u = 0; u < data.numUsers; u++) if (degree(u) > FORMER_HISTORY) heavy.push(userStateFromData(ranking, u));
  const step = Math.max(1, Math.floor(data.numUsers / 1000));
  const sample: UserState[] = [];
  for (let u = 0; u < data.numUsers && sample.length < 1000; u += step) sample.push(userStateFromData(ranking, u));
  const run = (states: UserState[], history?: number): number => {
    const t0 = performance.now();
    for (const s of states) coEngagementScores(ranking, s, undefined, history);
    return (performance.now() - t0) / Math.max(1, states.length);
  };
  const total = { heavyMs: 0, heavyFormerMs: 0, sampleMs: 0, sampleFormerMs: 0 };
  for (let r = 0; r < repeats; r++) {
    total.heavyMs += run(heavy);
    total.heavyFormerMs += run(heavy, FORMER_HISTORY);
    total.sampleMs += run(sample);
    total.sampleFormerMs += run(sample, FORMER_HISTORY);
  }
  const mean = (x: number) => Number((x / repeats).toFixed(3));
  return {
    heavyUsers: heavy.length,
    heavyMs: mean(total.heavyMs),
    heavyFormerMs: mean(total.heavyFormerMs),
    sampleMs: mean(total.sampleMs),
    sampleFormerMs: mean(total.sampleFormerMs),
  };
}

/** The result and the median seconds of `repeats` runs. */
function time<T>(work: () => T, repeats: number): [T, number] {
  const seconds: number[] = [];
  let out: T | undefined;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    out = work();
    seconds.push((performance.now() - t0) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return [out as T, seconds[Math.floor(seconds.length / 2)]!];
}

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      scales: { type: 'string', default: '1,10' },
      dir: { type: 'string', default: join('data', 'bench-scale') },
      repeats: { type: 'string', default: '3' },
    },
    'npm run bench:coengagement -- [--scales 1,10] [--dir data/bench-scale] [--repeats 3]',
  );
  const repeats = Math.max(1, Number(values.repeats));
  const scales = String(values.scales).split(',').map(Number);
  const rows: {
    scale: number;
    engagedPairs: number;
    heapSec: number;
    sortSec: number;
    identical: boolean;
    walkSec: number;
    walkEntries: number;
    localSec: number;
    localEntries: number;
    readSec: number;
    readAllSortedSec: number;
    readSame: boolean;
    sum: ReturnType<typeof sumTimes>;
  }[] = [];
  for (const scale of scales) {
    const file = join(String(values.dir), `world-${scale}-seed1.jsonl`);
    if (!existsSync(file))
      execFileSync('npx', ['tsx', 'src/cli/generate.ts', '--scale', String(scale), '--out', file], {
        stdio: 'inherit',
      });
    const { dataset } = await loadJsonl(file);
    const userItems = buildCsr(dataset.userIds.length, dataset.itemIds.length, dataset.pairs.user, dataset.pairs.item);
    const social = buildCsr(dataset.userIds.length, dataset.userIds.length, new Int32Array(0), new Int32Array(0));
    const data: TrainData = {
      numUsers: dataset.userIds.length,
      numItems: dataset.itemIds.length,
      userItems,
      itemUsers: transposeCsr(userItems),
      social,
    };
    const [heap, heapSec] = time(() => itemKnnSimilarity(data, { neighbours: NEIGHBOURS }), repeats);
    const [sorted, sortSec] = time(() => sortEverything(data, NEIGHBOURS), repeats);
    const [walk, walkSec] = time(() => rp3Rows(data, { neighbours: NEIGHBOURS }), repeats);
    const { minUsers, lambda, localNeighbours: neighbours, gramNeighbours } = CO_ENGAGEMENT_DEFAULTS;
    const local = { neighbours, gramNeighbours, lambda };
    const [localGraphs, localSec] = time(() => localEaseGraphs(data, minUsers, local), repeats);
    const { items, position } = itemSet(data, minUsers);
    const read = (sortedPrefix: number) => () =>
      sparseItemItem(data, items, position, gramNeighbours, 0, { cosinePrune: 'row', walk: false, sortedPrefix })
        .cosine;
    const [head, readSec] = time(read(neighbours), repeats);
    const [full, readAllSortedSec] = time(read(gramNeighbours), repeats);
    const row = {
      scale,
      engagedPairs: userItems.targets.length,
      heapSec,
      sortSec,
      identical: same(heap, sorted),
      walkSec,
      walkEntries: walk.targets.length,
      localSec,
      localEntries: localGraphs.signed.targets.length,
      readSec,
      readAllSortedSec,
      readSame: sameRows(head, full, neighbours),
      sum: sumTimes(data, heap, repeats),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  const exponent = (key: 'heapSec' | 'sortSec' | 'walkSec' | 'localSec' | 'readSec'): number | null => {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    if (!a || !b || a === b) return null;
    return Number((Math.log(b[key] / a[key]) / Math.log(b.engagedPairs / a.engagedPairs)).toFixed(3));
  };
  console.log(
    JSON.stringify({
      bench: 'coengagement',
      neighbours: NEIGHBOURS,
      repeats,
      rows,
      exponent: {
        heap: exponent('heapSec'),
        sortEverything: exponent('sortSec'),
        walk: exponent('walkSec'),
        localEase: exponent('localSec'),
        localEaseRead: exponent('readSec'),
      },
    }),
  );
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
