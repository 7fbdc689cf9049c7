/**
 * PageRank job: project → user influence (PageRank on FOLLOWS, rank flowing from follower to followee)
 * and media popularity (PageRank on the weighted, undirected user–media engagement graph) → write back.
 */
import { engagementCsr } from '../graph/interaction-graph';
import { pagerank } from '../graph/pagerank';
import type { GraphSource } from '../domain/ports';
import { graphFromProjection } from '../pipeline/graph-data';

export interface PagerankJobResult {
  users: { count: number; iterations: number; seconds: number };
  media: { count: number; iterations: number; seconds: number };
  projectSeconds: number;
  writeSeconds: number;
}

export async function runPagerankJob(
  graph: GraphSource,
  log: (line: string) => void = () => undefined,
): Promise<PagerankJobResult> {
  let t = Date.now();
  const projection = await graph.project();
  const g = graphFromProjection(projection);
  const projectSeconds = (Date.now() - t) / 1000;
  log(
    `projected ${g.userIds.length} users, ${g.itemIds.length} media, ${g.userItems.targets.length} engagements, ${g.following.targets.length} follows in ${projectSeconds.toFixed(1)} s`,
  );

  t = Date.now();
  const users = pagerank(g.following, { tolerance: 1e-9, maxIterations: 200, weighted: false });
  const userSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const joint = pagerank(engagementCsr(g), { tolerance: 1e-9, maxIterations: 200, weighted: true });
  const mediaSeconds = (Date.now() - t) / 1000;
  const nu = g.userIds.length;
  // Media scores are the item part of the joint graph, rescaled to sum to 1 over media.
  const media = joint.scores.slice(nu);
  const total = media.reduce((s, x) => s + x, 0) || 1;
  for (let i = 0; i < media.length; i++) media[i]! /= total;
  log(
    `PageRank: users ${users.iterations} iterations (${userSeconds.toFixed(2)} s), media ${joint.iterations} iterations (${mediaSeconds.toFixed(2)} s)`,
  );

  t = Date.now();
  await graph.writePagerank('user', g.userIds, users.scores);
  await graph.writePagerank('media', g.itemIds, media);
  const writeSeconds = (Date.now() - t) / 1000;
  log(`wrote scores back in ${writeSeconds.toFixed(1)} s`);
  return {
    users: { count: nu, iterations: users.iterations, seconds: userSeconds },
    media: { count: media.length, iterations: joint.iterations, seconds: mediaSeconds },
    projectSeconds,
    writeSeconds,
  };
}
