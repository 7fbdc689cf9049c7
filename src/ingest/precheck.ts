/**
 * The rows an import would reject before touching the database: those the source could not parse and
 * those failing the record rules (validate-record.ts). Rows whose references are unknown can only be
 * found while writing (the importer reports those). Used by `import --strict` to write nothing at all
 * when the input is malformed.
 */
import { isAppError } from '../domain/errors';
import type { CommentWeigher } from '../domain/interaction-weight';
import { IMPORT_ORDER, type BadRow, type ImportBatchSource } from './records';
import { validateRecord } from './validate-record';

export function invalidRows(source: ImportBatchSource, rules: { weighComment?: CommentWeigher } = {}): BadRow[] {
  const bad: BadRow[] = [...source.bad];
  for (const entity of IMPORT_ORDER) {
    for (const rec of source.records.get(entity) ?? []) {
      try {
        validateRecord(entity, rec.data, rules);
      } catch (error) {
        if (!isAppError(error)) throw error;
        bad.push({ ...rec.source, entity, message: error.message });
      }
    }
  }
  return bad;
}
