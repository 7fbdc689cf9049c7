/** Public surface of the pure ranking core (see src/ranking/README.md). */
export * from './ranking-data';
export * from './user-state';
export * from './candidates';
export * from './features';
export * from './ranker';
export * from './default-ranker';
export * from './diversity';
export * from './filters';
export * from './explain';
export * from './rank-for-user';
export * from './steps';
export * from './similar-items';
export * from './suggest-friends';
export { topKOf, dotAll, type Scored } from './top-k';
