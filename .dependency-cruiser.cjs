/**
 * The dependency rules of ../shared/DESIGN.md (Architecture, Conventions), checked by `npm run lint:deps`
 * (dependency-cruiser) in .ci/run. docs/architecture.md draws the same layers.
 *
 * LAYERS says, per top-level folder of src/ (main = src/main.ts), which other folders it may import.
 * Everything not listed is forbidden, so adding an arrow is a deliberate edit here (and in the doc).
 * The arrows must form a DAG (checked below when this file loads), so folders cannot import each other
 * in a cycle; modules may not either (no-circular).
 */
const LAYERS = {
  // Shared kernel: ids, entities, errors, validation, the storage ports. Imports nothing else from src.
  domain: [],
  // Cross-cutting infrastructure with no domain knowledge.
  logging: [],
  observability: [],
  // Pure core: algorithms over typed arrays; tensors never leave models/.
  graph: ['domain'],
  models: ['domain', 'graph'],
  ranking: ['domain', 'graph', 'models'],
  // Text understanding: encoders (a transformer in tfjs via models/backend), sentiment, keywords.
  text: ['domain', 'logging', 'models'],
  // Dataset readers (files → records), shared by import and evaluation.
  datasets: ['domain'],
  // One pipeline from stored graph to the core's data (TrainData, RankingData), for jobs and serving.
  pipeline: ['domain', 'graph', 'models', 'ranking'],
  // Configuration: env → typed, frozen object; model configs checked against the model catalogue.
  config: ['domain', 'models', 'text'],
  // Services over the ports and the pure core.
  analytics: ['domain', 'graph', 'models', 'ranking'],
  ingest: ['domain', 'datasets'],
  jobs: ['domain', 'config', 'graph', 'logging', 'models', 'pipeline', 'ranking', 'text'],
  recommend: ['domain', 'ingest', 'logging', 'pipeline', 'ranking', 'text'],
  // Offline evaluation harness and synthetic data (pure core plus the shared readers).
  eval: ['domain', 'datasets', 'graph', 'ingest', 'models', 'pipeline', 'ranking', 'text'],
  generate: ['domain', 'models'],
  seed: ['domain', 'ingest'],
  // Adapter: the only folder that talks to Neo4j; implements domain/ports.
  store: ['domain'],
  // GraphQL API over the services; sees storage only through domain/ports.
  api: ['domain', 'analytics', 'ingest', 'jobs', 'logging', 'observability', 'ranking', 'recommend'],
  // Edges: the composition root (main.ts with its builders in app/) and the CLIs wire concrete adapters
  // (store/) into services.
  app: ['domain', 'analytics', 'api', 'config', 'ingest', 'jobs', 'logging', 'models', 'observability', 'recommend', 'seed', 'store', 'text'],
  main: ['app', 'api', 'config', 'ingest', 'jobs', 'logging', 'observability', 'recommend', 'store', 'text'],
  cli: ['domain', 'config', 'eval', 'generate', 'ingest', 'jobs', 'models', 'store', 'text'],
};

function assertAcyclic(layers) {
  const state = {};
  const visit = (name, path) => {
    if (state[name] === 'done') return;
    if (state[name] === 'active') throw new Error(`.dependency-cruiser.cjs: LAYERS has a cycle: ${[...path, name].join(' → ')}`);
    state[name] = 'active';
    for (const next of layers[name] ?? []) {
      if (!(next in layers)) throw new Error(`.dependency-cruiser.cjs: ${name} may import unknown folder ${next}`);
      visit(next, [...path, name]);
    }
    state[name] = 'done';
  };
  for (const name of Object.keys(layers)) visit(name, []);
}
assertAcyclic(LAYERS);

const folder = (name) => (name === 'main' ? '^src/main\\.ts$' : `^src/${name}/`);
const anyOf = (names) => `^src/(${names.join('|')})(/|\\.ts$)`;

const layerRules = Object.entries(LAYERS).map(([name, allowed]) => ({
  name: `layer-${name}`,
  comment: `${name} may import only ${allowed.length ? allowed.join(', ') : 'nothing else from src'} (DESIGN.md; docs/architecture.md)`,
  severity: 'error',
  from: { path: folder(name) },
  to: { path: '^src/', pathNot: anyOf([name === 'main' ? 'main' : name, ...allowed]) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles between modules (folder cycles are excluded by LAYERS being a DAG).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'store-only-at-the-edges',
      comment: 'Services and the API see storage through domain/ports; only the composition root (main.ts, app/) and cli/ wire store/ adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts$|app/|cli/|store/)' },
      to: { path: '^src/store/' },
    },
    {
      name: 'neo4j-driver-in-store-only',
      comment: 'store/neo4j is the one place that talks to the driver.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^node_modules/neo4j-driver' },
    },
    {
      name: 'nothing-imports-the-edges',
      comment: 'Nothing imports api/ or app/ (but the composition root), cli/ or main.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts$|app/|api/|cli/)' },
      to: { path: '^src/(api/|app/|cli/|main\\.ts$)' },
    },
    ...layerRules,
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo in a path is an error here, not only at run time).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'] },
  },
};
