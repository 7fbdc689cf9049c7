/** Applies cypher/schema/*.cypher at start; every statement is idempotent (IF NOT EXISTS). */
import type { Executor } from './executor';
import { loadSchemaStatements } from './cypher-registry';

export async function applySchema(executor: Executor): Promise<number> {
  const statements = loadSchemaStatements();
  for (const statement of statements) await executor.runAutoCommit(statement);
  // Waits for every index but the vector ones. A vector index populates in the background: over a large
  // catalogue that outlasts any start (the text vectors' index over 1.76M media, created on a database
  // that already holds them, took longer than this minute), and until it is online its lookups fail and
  // the feed scans that source exactly (RecommendService's onIndexError).
  const rows = await executor.runAutoCommit("SHOW INDEXES YIELD name, type WHERE type <> 'VECTOR' RETURN name");
  for (const row of rows) await executor.runAutoCommit('CALL db.awaitIndex($name, 60)', { name: row.name });
  return statements.length;
}
