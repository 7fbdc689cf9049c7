/**
 * The real all-MiniLM-L6-v2 folder and its reference outputs (../shared/fixtures), for the transformer
 * encoder tests. A missing model is a failure with the fix in the message, never a skipped test: CI
 * provisions it with `npm run model:fetch`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { modelFolderComplete } from '../../../../src/text/transformer/provision';

export const REPO = resolve(__dirname, '..', '..', '..', '..');
export const MINILM_DIR = resolve(REPO, '.cache', 'models', 'all-MiniLM-L6-v2');

export interface ReferenceItem {
  text: string;
  inputIds: number[];
  embedding: number[];
}

export function requireMiniLm(): string {
  if (!modelFolderComplete(MINILM_DIR)) {
    throw new Error(
      `the all-MiniLM-L6-v2 model folder ${MINILM_DIR} is missing or incomplete: run \`npm run model:fetch\` first (CI runs it in .ci/run)`,
    );
  }
  return MINILM_DIR;
}

export function referenceItems(): ReferenceItem[] {
  const path = resolve(REPO, '..', 'shared', 'fixtures', 'minilm-l6-v2-reference.json');
  const items = (JSON.parse(readFileSync(path, 'utf8')) as { items: ReferenceItem[] }).items;
  if (items.length !== 31) throw new Error(`${path} should hold 31 reference texts (got ${items.length})`);
  return items;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
