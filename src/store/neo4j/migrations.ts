/** Applies cypher/schema/*.cypher at start; every statement is idempotent (IF NOT EXISTS). */
import type { Executor } from './executor';
import { loadSchemaStatements } from './cypher-registry';

export async function applySchema(executor: Executor): Promise<number> {
  const statements = loadSchemaStatements();
  for (const statement of statements) await executor.runAutoCommit(statement);
  try {
    await executor.runAutoCommit('CALL db.awaitIndexes(60)');
  } catch (error) {
    // An index still populating after the minute (the text vectors' index created on a database that
    // already holds 1.76M of them took 370 s) comes online in the background; until then its lookups fail
    // and the feed scans that source exactly (RecommendService's onIndexError). Not waiting at all broke
    // writes made right after a start on a fresh database (they ran into the 5 s timeout), so the minute stays.
    if (!/come online/.test(String((error as Error).message))) throw error;
  }
  return statements.length;
}
