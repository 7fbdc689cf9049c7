/** Applies cypher/schema/*.cypher at start; every statement is idempotent (IF NOT EXISTS). */
import type { Executor } from './executor';
import { loadSchemaStatements } from './cypher-registry';

export async function applySchema(executor: Executor): Promise<number> {
  const statements = loadSchemaStatements();
  for (const statement of statements) await executor.runAutoCommit(statement);
  await executor.runAutoCommit('CALL db.awaitIndexes(60)');
  return statements.length;
}
