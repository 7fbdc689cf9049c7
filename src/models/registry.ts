/**
 * Model registry: name → factory(config). The eval CLI, jobs and benchmarks create models only
 * through here, so a new model (e.g. a fused ranker) needs one `registerModel` call and a
 * config/models/<name>.json file, nothing else.
 */
import { BadInputError } from '../domain/errors';
import { Ease } from './ease';
import { ItemKnn } from './item-knn';
import { Gat } from './gat';
import { GraphEase } from './graph-ease';
import { LightGcn } from './lightgcn';
import { Popularity } from './popularity';
import type { Recommender, RecommenderFactory } from './types';

const factories = new Map<string, RecommenderFactory>();

export function registerModel(name: string, factory: RecommenderFactory): void {
  factories.set(name, factory);
}

export function modelNames(): string[] {
  return [...factories.keys()].sort();
}

export function createModel(name: string, config: Record<string, unknown> = {}): Recommender {
  const f = factories.get(name);
  if (!f) throw new BadInputError('model', `--model must be one of ${modelNames().join(', ')} (got ${name})`, name);
  return f(config);
}

/** True for models that need a tfjs backend (the others are plain JS). */
export function usesTfjs(name: string): boolean {
  return !['popularity', 'item-knn'].includes(name);
}

registerModel('popularity', () => new Popularity());
registerModel('item-knn', (c) => new ItemKnn(c));
registerModel('ease', (c) => new Ease(c));
registerModel('lightgcn', (c) => new LightGcn('lightgcn', c));
registerModel('bpr-mf', (c) => new LightGcn('bpr-mf', { ...c, layers: 0, socialWeight: 0 }));
registerModel('gat', (c) => new Gat(c));
registerModel('graph-ease', (c) => new GraphEase(c));
