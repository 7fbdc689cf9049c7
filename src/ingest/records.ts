/** What an import source yields: one entity row with where it came from, for error reports. */
export type ImportEntity = 'user' | 'media' | 'follow' | 'interaction' | 'tag';

/** Write order: referenced entities before the rows that reference them. */
export const IMPORT_ORDER: readonly ImportEntity[] = ['user', 'media', 'follow', 'interaction', 'tag'];

export interface SourceRef {
  file: string;
  line: number;
}

export interface ImportRecord {
  entity: ImportEntity;
  data: Record<string, unknown>;
  source: SourceRef;
}

export interface BadRow extends SourceRef {
  entity: ImportEntity | 'unknown';
  message: string;
}

/** A source yields records grouped by entity, and the rows it could not parse. */
export interface ImportBatchSource {
  name: string;
  records: Map<ImportEntity, ImportRecord[]>;
  bad: BadRow[];
}

export function emptyGroups(): Map<ImportEntity, ImportRecord[]> {
  return new Map(IMPORT_ORDER.map((e) => [e, []]));
}
