/**
 * The PageRank job's scores, on data already read: user influence (PageRank on FOLLOWS, rank flowing from
 * follower to followee) and media popularity (PageRank on the weighted, undirected user–media engagement
 * graph, the item part rescaled to sum to 1). Used by the job (jobs/pagerank-job.ts, which writes them
 * back) and by `npm run eval -- --model served`, which ranks with them as a served snapshot does.
 */
import { engagementCsr, type InteractionGraph } from '../graph/interaction-graph';
import { pagerank } from '../graph/pagerank';

export interface GraphPagerank {
  users: { scores: Float64Array; iterations: number; seconds: number };
  media: { scores: Float64Array; iterations: number; seconds: number };
}

export function graphPagerank(g: InteractionGraph): GraphPagerank {
  let t = Date.now();
  const users = pagerank(g.following, { tolerance: 1e-9, maxIterations: 200, weighted: false });
  const userSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const joint = pagerank(engagementCsr(g), { tolerance: 1e-9, maxIterations: 200, weighted: true });
  const mediaSeconds = (Date.now() - t) / 1000;
  const media = joint.scores.slice(g.userIds.length);
  const total = media.reduce((s, x) => s + x, 0) || 1;
  for (let i = 0; i < media.length; i++) media[i]! /= total;
  return {
    users: { scores: users.scores, iterations: users.iterations, seconds: userSeconds },
    media: { scores: media, iterations: joint.iterations, seconds: mediaSeconds },
  };
}
