/**
 * The models, typed: name → { defaults, create, tfjs }. `defaults` holds every option with its
 * value and is the schema config/models/<name>.json and `--set` are checked against
 * (config/model-config.ts); `create` receives the full, checked options. A new model is one entry here
 * (or in an extending catalogue such as eval/models.ts) and its config file — no registration by
 * side-effect imports.
 */
import { BadInputError, ConfigError } from '../domain/errors';
import { Ease, EASE_DEFAULTS } from './ease';
import { Gat, GAT_DEFAULTS } from './gat';
import {
  GraphEase,
  GRAPH_EASE_DEFAULTS,
  GRAPH_EASE_COSINE_PRUNES,
  GRAPH_EASE_SPARSE_ITEMS,
  GRAPH_EASE_USER_SOURCES,
  GRAPH_EASE_ITEM_MODELS,
  type GraphEaseOptions,
} from './graph-ease';
import { GraphText, GRAPH_TEXT_DEFAULTS } from './graph-text/graph-text';
import { ItemKnn, ITEM_KNN_DEFAULTS } from './item-knn';
import { LightGcn, LIGHTGCN_DEFAULTS } from './lightgcn';
import { mergeOptions, optionProblems, type OptionCheck, type OptionRange, type Options } from './options';
import { Popularity } from './popularity';
import { ContentProfile } from './content-profile';
import { RandomScores } from './random-scores';
import { TextPopularity, TEXT_POPULARITY_DEFAULTS } from './text-popularity';
import type { Recommender } from './types';

export interface ModelEntry<O extends object> {
  /** Every option with its default value. */
  readonly defaults: Readonly<O>;
  readonly create: (options: O) => Recommender;
  /** Needs a tfjs backend (the others are plain JS). */
  readonly tfjs: boolean;
  /** Reads item text vectors (TrainData.itemTextVectors, else itemTexts through the encoder): the jobs pass the stored ones. */
  readonly text?: boolean;
  /** Allowed values of string options, by dotted path (`itemGraphs.model`). */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** Bounds of number options, by dotted path. */
  readonly ranges?: Readonly<Record<string, OptionRange>>;
  /** Options that are another model's whole configuration (fused.graphEase is graph-ease's): their
   * defaults are that model's, resolved from its own config file first. */
  readonly components?: Readonly<Partial<Record<keyof O & string, string>>>;
}

/** What every entry satisfies, whatever its options (a create taking `never` accepts any typed create). */
export interface CatalogueEntry {
  readonly defaults: object;
  readonly create: (options: never) => Recommender;
  readonly tfjs: boolean;
  readonly text?: boolean;
  readonly choices?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly ranges?: Readonly<Record<string, OptionRange | undefined>>;
  readonly components?: Readonly<Record<string, string | undefined>>;
}

export type Catalogue = Readonly<Record<string, CatalogueEntry>>;

/** An entry with its option type inferred from the defaults. */
export function model<O extends object>(entry: ModelEntry<O>): ModelEntry<O> {
  return entry;
}

/** A count option's range: a whole number ≥ 1. */
export const COUNT: OptionRange = Object.freeze({ min: 1, integer: true });

/** A dropout probability: 0 ≤ p < 1. */
const DROPOUT: OptionRange = Object.freeze({ min: 0, below: 1 });

/** A model without options: any key is unknown. */
const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({});

const { layers: _layers, socialWeight: _socialWeight, ...BPR_MF_DEFAULTS } = LIGHTGCN_DEFAULTS;

/** The models of src/models: the ones the jobs serve with and the baselines. */
export const MODELS = {
  popularity: model({ defaults: NO_OPTIONS, tfjs: false, create: () => new Popularity() }),
  random: model({ defaults: NO_OPTIONS, tfjs: false, create: () => new RandomScores() }),
  content: model({ defaults: NO_OPTIONS, tfjs: false, create: () => new ContentProfile() }),
  // Not personalised: popularity predicted from text, the diagnostic next to content on cold items.
  'text-popularity': model({
    defaults: TEXT_POPULARITY_DEFAULTS,
    tfjs: false,
    text: true,
    create: (options) => new TextPopularity(options),
  }),
  'item-knn': model({ defaults: ITEM_KNN_DEFAULTS, tfjs: false, create: (options) => new ItemKnn(options) }),
  ease: model({
    defaults: EASE_DEFAULTS,
    tfjs: true,
    ranges: {
      lambda: { min: 0 },
      dropout: DROPOUT,
      tagWeight: { min: 0 },
      gramGamma: { min: 0 },
      popDamping: { min: 0 },
      minUsers: COUNT,
    },
    create: (options) => new Ease(options),
  }),
  lightgcn: model({ defaults: LIGHTGCN_DEFAULTS, tfjs: true, create: (options) => new LightGcn('lightgcn', options) }),
  'bpr-mf': model({
    defaults: BPR_MF_DEFAULTS,
    tfjs: true,
    create: (options) => new LightGcn('bpr-mf', { ...options, layers: 0, socialWeight: 0 }),
  }),
  gat: model({ defaults: GAT_DEFAULTS, tfjs: true, create: (options) => new Gat(options) }),
  // gcn's defaults are LightGCN's own (GraphEase passes gcn to LightGcn, which fills the same defaults).
  'graph-ease': model<GraphEaseOptions>({
    defaults: { ...GRAPH_EASE_DEFAULTS, gcn: LIGHTGCN_DEFAULTS },
    tfjs: true,
    choices: {
      itemModel: GRAPH_EASE_ITEM_MODELS,
      cosinePrune: GRAPH_EASE_COSINE_PRUNES,
      sparseItem: GRAPH_EASE_SPARSE_ITEMS,
      userSource: GRAPH_EASE_USER_SOURCES,
    },
    ranges: {
      lambda: { min: 0 },
      dropout: DROPOUT,
      tagWeight: { min: 0 },
      tagGrid: { min: 0 },
      gramGamma: { min: 0 },
      gramGrid: { min: 0 },
      popDamping: { min: 0 },
      dampGrid: { min: 0 },
      minUsers: COUNT,
      neighbours: COUNT,
      localNeighbours: COUNT,
      gramNeighbours: COUNT,
      userNeighbours: COUNT,
      userRowWeight: { min: 0 },
    },
    create: (options) => new GraphEase(options),
  }),
  // gcn starts from lightgcn's own configuration (config/models/lightgcn.json): the warm comparison is like for like.
  'graph-text': model({
    defaults: GRAPH_TEXT_DEFAULTS,
    tfjs: true,
    text: true,
    components: { gcn: 'lightgcn' },
    create: (options) => new GraphText(options),
  }),
} satisfies Catalogue;

export type ModelName = keyof typeof MODELS;

export function modelNames(catalogue: Catalogue): string[] {
  return Object.keys(catalogue).sort();
}

export function catalogueEntry(catalogue: Catalogue, name: string): CatalogueEntry {
  const entry = Object.prototype.hasOwnProperty.call(catalogue, name) ? catalogue[name] : undefined;
  if (!entry)
    throw new BadInputError(
      'model',
      `model must be one of ${modelNames(catalogue).join(', ')} (got ${JSON.stringify(name)})`,
      name,
    );
  return entry;
}

/**
 * The model `name` with `options` over its code defaults (components: their models' code defaults),
 * every bad key reported in one ConfigError. Config files are read by config/model-config.ts, which
 * passes the resolved options here.
 */
export function createModel(catalogue: Catalogue, name: string, options: object = {}, where = 'options'): Recommender {
  const entry = catalogueEntry(catalogue, name);
  const base = codeDefaults(catalogue, name);
  const problems = optionProblems(base, options, { where, model: name, ...optionRules(catalogue, name) });
  if (problems.length > 0) throw new ConfigError(problems, `options of model ${name}`);
  return (entry.create as (options: Options) => Recommender)(mergeOptions(base, options));
}

/** An entry's choices and ranges with its components' own, under the component's key (`graphEase.itemModel`). */
export function optionRules(
  catalogue: Catalogue,
  name: string,
  seen: readonly string[] = [],
): Pick<OptionCheck, 'choices' | 'ranges'> {
  const entry = catalogueEntry(catalogue, name);
  const choices: Record<string, readonly string[] | undefined> = { ...entry.choices };
  const ranges: Record<string, OptionRange | undefined> = { ...entry.ranges };
  for (const [key, component] of Object.entries(entry.components ?? {})) {
    // A model containing itself is refused by codeDefaults, which runs first.
    if (!component || [...seen, name].includes(component)) continue;
    const inner = optionRules(catalogue, component, [...seen, name]);
    for (const [path, allowed] of Object.entries(inner.choices ?? {})) choices[`${key}.${path}`] = allowed;
    for (const [path, range] of Object.entries(inner.ranges ?? {})) ranges[`${key}.${path}`] = range;
  }
  return { choices, ranges };
}

/** An entry's defaults with each component option replaced by its model's defaults. */
export function codeDefaults(catalogue: Catalogue, name: string, seen: readonly string[] = []): Options {
  const entry = catalogueEntry(catalogue, name);
  if (seen.includes(name))
    throw new BadInputError('model', `model ${name} contains itself (${[...seen, name].join(' → ')})`, name);
  const out: Options = { ...(entry.defaults as Options) };
  for (const [key, component] of Object.entries(entry.components ?? {})) {
    if (component) out[key] = codeDefaults(catalogue, component, [...seen, name]);
  }
  return out;
}
