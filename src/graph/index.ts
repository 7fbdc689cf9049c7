/** Public surface of the pure graph core (CSR projection, PageRank, neighbourhoods). */
export * from './csr';
export * from './interaction-graph';
export * from './pagerank';
export * from './neighbourhood';
