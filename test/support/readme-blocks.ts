/**
 * The README's GraphQL examples as tests (issue 14, item 1): every ```graphql block is one operation that
 * must run verbatim and return data. A block preceded by `<!-- readme-test: lastfm -->` needs the
 * imported LastFM dataset and runs in the LastFM test; every other block runs against the demo world.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';

export const README = join(__dirname, '..', '..', 'README.md');

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  world: 'demo' | 'lastfm';
  code: string;
}

export function readmeBlocks(file = README): ReadmeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```graphql') continue;
    let end = i + 1;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    let prev = i - 1;
    while (prev >= 0 && lines[prev]!.trim() === '') prev--;
    const marker = /<!--\s*readme-test:\s*(\w+)\s*-->/.exec(lines[prev] ?? '')?.[1];
    out.push({ line: i + 1, world: marker === 'lastfm' ? 'lastfm' : 'demo', code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return out;
}

/** Operations in a block (a block holds exactly one, so it can be pasted as it is). */
export function operationCount(code: string): number {
  return parse(code).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
}

/**
 * Paths in a result that hold no data: a null root field, or an empty `edges` list (an example that
 * lists nothing shows nothing).
 */
export function emptyPaths(data: unknown, path = 'data'): string[] {
  if (data === null || data === undefined) return path === 'data' ? [path] : [];
  if (Array.isArray(data)) return data.flatMap((x, i) => emptyPaths(x, `${path}[${i}]`));
  if (typeof data !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'edges' && Array.isArray(value) && value.length === 0) out.push(`${path}.edges`);
    else if (path === 'data' && value === null) out.push(`${path}.${key}`);
    else if (value !== null && typeof value === 'object') out.push(...emptyPaths(value, `${path}.${key}`));
  }
  return out;
}
