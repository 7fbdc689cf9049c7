/**
 * PageRank job: project → user influence and media popularity (pipeline/pagerank.ts) → write back.
 */
import type { GraphSource } from '../domain/ports';
import { graphFromProjection } from '../pipeline/graph-data';
import { graphPagerank } from '../pipeline/pagerank';

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

  const { users, media } = graphPagerank(g);
  const nu = g.userIds.length;
  log(
    `PageRank: users ${users.iterations} iterations (${users.seconds.toFixed(2)} s), media ${media.iterations} iterations (${media.seconds.toFixed(2)} s)`,
  );

  t = Date.now();
  await graph.writePagerank('user', g.userIds, users.scores);
  await graph.writePagerank('media', g.itemIds, media.scores);
  const writeSeconds = (Date.now() - t) / 1000;
  log(`wrote scores back in ${writeSeconds.toFixed(1)} s`);
  return {
    users: { count: nu, iterations: users.iterations, seconds: users.seconds },
    media: { count: media.scores.length, iterations: media.iterations, seconds: media.seconds },
    projectSeconds,
    writeSeconds,
  };
}
