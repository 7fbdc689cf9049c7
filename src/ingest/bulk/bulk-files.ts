/**
 * The CSV files of a bulk load and their headers in the offline importer's format: `id:ID(Group)` names a
 * node's id (stored as the string property `id`) in its own id space per label, `:START_ID(Group)` /
 * `:END_ID(Group)` a relationship's ends, `name:type` a typed property (double, long, arrays with []).
 * Mirrors the properties the online importer's Cypher sets (see jsonl-to-csv.ts).
 */
export type BulkFileName =
  'users' | 'media' | 'tags' | 'interactions' | 'has_tag' | 'created' | 'follows' | 'by' | 'on' | 'engaged' | 'tagged';

export interface BulkFile {
  name: BulkFileName;
  kind: 'nodes' | 'relationships';
  /** Node label or relationship type. */
  label: string;
  header: readonly string[];
}

export const BULK_FILES: readonly BulkFile[] = [
  { name: 'users', kind: 'nodes', label: 'User', header: ['id:ID(User)', 'name', 'sig', 'createdAt', 'updatedAt'] },
  {
    name: 'media',
    kind: 'nodes',
    label: 'Media',
    header: [
      'id:ID(Media)',
      'kind',
      'title',
      'description',
      'tags:string[]',
      'language',
      'durationSec:double',
      'creatorId',
      'publishedAt',
      'audioVector:double[]',
      'visualVector:double[]',
      'sig',
      'createdAt',
      'updatedAt',
    ],
  },
  { name: 'tags', kind: 'nodes', label: 'Tag', header: ['name:ID(Tag)'] },
  {
    name: 'interactions',
    kind: 'nodes',
    label: 'Interaction',
    header: [
      'id:ID(Interaction)',
      'type',
      'weight:double',
      'rating:double',
      'text',
      'at',
      'device',
      'location',
      'localHour:double',
      'weekday:double',
      'recordedAt',
    ],
  },
  { name: 'has_tag', kind: 'relationships', label: 'HAS_TAG', header: [':START_ID(Media)', ':END_ID(Tag)'] },
  { name: 'created', kind: 'relationships', label: 'CREATED', header: [':START_ID(User)', ':END_ID(Media)'] },
  { name: 'follows', kind: 'relationships', label: 'FOLLOWS', header: [':START_ID(User)', ':END_ID(User)', 'since'] },
  { name: 'by', kind: 'relationships', label: 'BY', header: [':START_ID(Interaction)', ':END_ID(User)'] },
  { name: 'on', kind: 'relationships', label: 'ON', header: [':START_ID(Interaction)', ':END_ID(Media)'] },
  {
    name: 'engaged',
    kind: 'relationships',
    label: 'ENGAGED',
    header: [':START_ID(User)', ':END_ID(Media)', 'weight:double', 'count:long', 'counts:long[]', 'firstAt', 'lastAt'],
  },
  {
    name: 'tagged',
    kind: 'relationships',
    label: 'TAGGED',
    header: [':START_ID(User)', ':END_ID(Media)', 'tag', 'at'],
  },
];
