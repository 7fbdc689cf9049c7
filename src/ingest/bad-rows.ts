/**
 * The rejected rows themselves, for an import's --report: each bad row's file is read once more and the
 * text of its line attached (`row`; null for rows with no line of their own, e.g. users implied by
 * another file). Only the wanted lines are kept, so a large file costs one pass and no memory.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BadRow } from './records';

export interface BadRowWithText extends BadRow {
  row: string | null;
}

export async function withRowText(bad: readonly BadRow[]): Promise<BadRowWithText[]> {
  const wanted = new Map<string, Set<number>>();
  for (const b of bad) if (b.line > 0) (wanted.get(b.file) ?? wanted.set(b.file, new Set()).get(b.file)!).add(b.line);
  const texts = new Map<string, Map<number, string>>();
  for (const [file, lines] of wanted) {
    const found = new Map<number, string>();
    texts.set(file, found);
    if (!existsSync(file)) continue;
    const last = Math.max(...lines);
    const input = createReadStream(file, 'utf8');
    const reader = createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    for await (const text of reader) {
      if (lines.has(++n)) found.set(n, text);
      if (n >= last) break;
    }
    reader.close();
    input.destroy();
  }
  return bad.map((b) => ({ ...b, row: texts.get(b.file)?.get(b.line) ?? null }));
}

/** JSON Lines of the rejected rows: file, line, entity, message and the row's text. */
export function badRowsJsonl(rows: readonly BadRowWithText[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}
