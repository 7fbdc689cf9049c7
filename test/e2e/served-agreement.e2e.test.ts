/**
 * `npm run eval -- --model served` and recommendMedia over GraphQL agree on the same split (issue 16): a
 * small JSONL world is split as the harness splits it (seed 1); the harness runs `served` on the training
 * split; the training split is imported into a fresh Neo4j with the importer, the jobs run as
 * `npm run job` runs them (embed-media, pagerank, LightGCN embeddings, train-ranker; LightGCN cut to 2
 * epochs on both sides), and every user's recommendMedia top 10 must be the harness's top 10, so the test
 * split's Recall/NDCG@10 computed from the GraphQL feeds are the harness's own numbers.
 * The world is built so both sides see the same graph: ids sorted as Neo4j's projection orders them,
 * one event per pair with an explicit weight (some pairs disliked: engaged without a positive weight, left
 * out of both sides' feeds), every event at one time a month back (the harness's split
 * has no event times: nothing is trending there, and an equal age weighs every history item alike), no
 * contexts; media carry kinds, languages, durations and publish times, which both sides read; users tag
 * some of what they listen to (the tag uses in the snapshot's EASE, whose weight the train-ranker job learns).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encoderOptions } from '../../src/config/encoder-options';
import { loadJsonl } from '../../src/eval/jsonl';
import { resolveModelConfig } from '../../src/config/model-config';
import { EVAL_MODELS } from '../../src/eval/models';
import { rankMetrics } from '../../src/eval/metrics';
import { runEvaluation } from '../../src/eval/run';
import { splitByUser } from '../../src/eval/split';
import { Importer } from '../../src/ingest/importer';
import { readJsonl } from '../../src/ingest/jsonl-source';
import { runJob } from '../../src/jobs/run-job';
import { startService, type Service } from '../../src/main';
import { initBackend } from '../../src/models/backend';
import { deserializeRanker } from '../../src/ranking/ranker';
import { createEncoder } from '../../src/text/create-encoder';
import { client } from '../support/graphql-client';
import { testConfig } from '../support/db';
import { ownNeo4j, type OwnNeo4j } from '../support/own-neo4j';

const FEED = `query($u: ID!) { recommendMedia(userId: $u, first: 30) { edges { node { media { id } } } } }`;
const USERS = 36;
const MEDIA = 48;
const TASTES = ['jazz', 'rock', 'folk'];
const AT = new Date(Date.now() - 30 * 86_400_000).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');

/** Users of three tastes, each engaging mostly with their taste's media; follows within a taste, one way. */
function world(): { rows: Record<string, unknown>[] } {
  let s = 3;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: Record<string, unknown>[] = [];
  for (let u = 0; u < USERS; u++) rows.push({ entity: 'user', id: `u${pad(u)}` });
  for (let i = 0; i < MEDIA; i++)
    rows.push({
      entity: 'media',
      id: `m${pad(i)}`,
      kind: 'AUDIO',
      title: `Session ${i} of ${TASTES[i % 3]}`,
      tags: [TASTES[i % 3]!],
      language: i % 4 ? 'en' : 'de',
      durationSec: 60 * (3 + (i % 7)),
      // Some published within the freshness window, most long before.
      publishedAt: new Date(Date.now() - (i % 5 === 0 ? i + 1 : 200 + 9 * i) * 86_400_000).toISOString(),
    });
  for (let u = 0; u < USERS; u++)
    for (let i = 0; i < MEDIA; i++)
      if (rnd() < (i % 3 === u % 3 ? 0.4 : 0.06)) {
        rows.push({
          entity: 'interaction',
          eventId: `e-${pad(u)}-${pad(i)}`,
          userId: `u${pad(u)}`,
          mediaId: `m${pad(i)}`,
          type: 'LISTEN',
          weight: 1 + Math.floor(rnd() * 12),
          at: AT,
        });
        // Users tag some of what they listen to (the media's own tag, now and then another): the tag uses
        // in the snapshot's EASE, where the harness has them as training assignments.
        if (rnd() < 0.5)
          rows.push({ entity: 'tag', userId: `u${pad(u)}`, mediaId: `m${pad(i)}`, tag: TASTES[i % 3]!, at: AT });
        if (rnd() < 0.15)
          rows.push({ entity: 'tag', userId: `u${pad(u)}`, mediaId: `m${pad(i)}`, tag: 'live', at: AT });
      }
      // Some of the user's own taste disliked: engaged, no positive; both sides must leave them out.
      else if (i % 3 === u % 3 && rnd() < 0.2)
        rows.push({
          entity: 'interaction',
          eventId: `e-${pad(u)}-${pad(i)}`,
          userId: `u${pad(u)}`,
          mediaId: `m${pad(i)}`,
          type: 'DISLIKE',
          weight: -2,
          at: AT,
        });
  for (let u = 0; u + 3 < USERS; u++)
    if (rnd() < 0.6) rows.push({ entity: 'follow', followerId: `u${pad(u)}`, followeeId: `u${pad(u + 3)}` });
  return { rows };
}

describe('served in the harness and recommendMedia over GraphQL, on the same split', () => {
  let neo4j: OwnNeo4j;
  let service: Service;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'socialrec-agreement-'));
    neo4j = await ownNeo4j('agreement');
    service = await startService(testConfig({ ...neo4j.env, SNAPSHOT_REFRESH_SEC: '0', RESULT_CACHE_SIZE: '0' }));
  });
  afterAll(async () => {
    await service?.stop();
    await neo4j?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every user’s top 10, and so the test split’s numbers, are the same', async () => {
    const { rows } = world();
    const file = join(dir, 'world.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { dataset, bad } = await loadJsonl(file);
    expect(bad).toEqual([]);
    expect(dataset.nonPositive!.user.length).toBeGreaterThan(USERS);

    // The harness: `npm run eval -- --dataset jsonl --file world.jsonl --model served --seeds 1 --set graph.epochs=2`.
    const config = testConfig(neo4j.env);
    const backend = (await initBackend({ preferred: config.tfjsBackend })).name;
    const encoder = await createEncoder(encoderOptions(config.embedding));
    const tops = new Map<number, number[]>();
    const report = await runEvaluation(dataset, {
      model: 'served',
      config: resolveModelConfig(EVAL_MODELS, 'served', { overrides: { graph: { epochs: 2 } } }),
      seeds: [1],
      ks: [10],
      backend,
      log: () => undefined,
      textEncoder: encoder,
      onFitted: (model) => {
        const users = Int32Array.from({ length: dataset.userIds.length }, (_, u) => u);
        const scores = model.score(users);
        const n = dataset.itemIds.length;
        for (const u of users) {
          const row = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(scores[u * n + i]!));
          row.sort((a, b) => scores[u * n + b]! - scores[u * n + a]! || a - b);
          tops.set(u, row.slice(0, 10));
        }
      },
    });
    await encoder.close?.();

    // The service: the same split's training events imported, the jobs run, the snapshot reloaded.
    const split = splitByUser(dataset, { seed: 1 });
    const training = new Set<string>();
    for (const part of [split.train, split.nonPositive!.train])
      for (let u = 0; u < split.numUsers; u++)
        for (let k = part.offsets[u]!; k < part.offsets[u + 1]!; k++)
          training.add(`${dataset.userIds[u]}|${dataset.itemIds[part.targets[k]!]}`);
    // The users' tags on their positive training pairs only, as the harness keeps them.
    const positive = new Set<string>();
    for (let u = 0; u < split.numUsers; u++)
      for (let k = split.train.offsets[u]!; k < split.train.offsets[u + 1]!; k++)
        positive.add(`${dataset.userIds[u]}|${dataset.itemIds[split.train.targets[k]!]}`);
    const trainRows = rows.filter((r) =>
      r.entity === 'interaction'
        ? training.has(`${r.userId}|${r.mediaId}`)
        : r.entity !== 'tag' || positive.has(`${r.userId}|${r.mediaId}`),
    );
    const trainFile = join(dir, 'train.jsonl');
    writeFileSync(trainFile, trainRows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const imported = await new Importer(service.stores).run(await readJsonl(trainFile));
    expect(imported.bad).toEqual([]);
    for (const job of ['embed-media', 'pagerank', 'embeddings', 'train-ranker'] as const)
      await runJob(job, service.stores, config, { model: 'lightgcn', epochs: 2, seed: 1 });
    // The job chose the tag weight of the snapshot's EASE on its hold-out and stored it with the ranker.
    const stored = deserializeRanker((await service.stores.content.readRanker())!);
    expect(typeof stored.meta?.tagWeight).toBe('number');
    await service.state.reload();

    const gql = client(service.url);
    let agreed = 0;
    let recall = 0;
    let ndcg = 0;
    let users = 0;
    for (let u = 0; u < dataset.userIds.length; u++) {
      const r = await gql<any>(FEED, { u: dataset.userIds[u] });
      expect(r.errors).toBeUndefined();
      const feed: string[] = r.data.recommendMedia.edges.map((e: any) => e.node.media.id);
      expect(feed.slice(0, 10)).toEqual(tops.get(u)!.map((i) => dataset.itemIds[i]!));
      agreed++;
      const relevant = new Set<number>();
      for (let k = split.test.offsets[u]!; k < split.test.offsets[u + 1]!; k++) relevant.add(split.test.targets[k]!);
      if (relevant.size === 0) continue;
      // As the harness scores the test split: the user's validation items, and the validation share of
      // their disliked ones, are left out of the list.
      const valid = new Set<number>();
      for (const part of [split.valid, split.nonPositive!.valid])
        for (let k = part.offsets[u]!; k < part.offsets[u + 1]!; k++) valid.add(part.targets[k]!);
      const ranked = feed.map((id) => dataset.itemIds.indexOf(id)).filter((i) => !valid.has(i));
      const m = rankMetrics(ranked.slice(0, 10), relevant, [10]);
      recall += m['recall@10']!;
      ndcg += m['ndcg@10']!;
      users++;
    }
    expect(agreed).toBe(USERS);
    expect(users).toBeGreaterThan(USERS / 2);
    expect(recall / users).toBeCloseTo(report.metrics['recall@10']!, 10);
    expect(ndcg / users).toBeCloseTo(report.metrics['ndcg@10']!, 10);
    // Not a vacuous agreement: the feeds find held-out items.
    expect(report.metrics['ndcg@10']!).toBeGreaterThan(0.1);
  });
});
