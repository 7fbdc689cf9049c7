/**
 * docs/architecture.md states the rules `npm run lint:deps` enforces (.dependency-cruiser.cjs): its
 * table lists exactly each folder's allowed imports, its diagram exactly the arrows no other arrows
 * imply, and every folder of src/ has a rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Rule {
  name: string;
  to: { pathNot?: string };
}

/** Folder → folders it may import, read back from the generated `layer-<folder>` rules. */
function enforcedLayers(): Map<string, string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the dependency-cruiser config is CommonJS, loaded by path
  const config = require(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Rule[] };
  const layers = new Map<string, string[]>();
  for (const rule of config.forbidden.filter((r) => r.name.startsWith('layer-'))) {
    const folder = rule.name.slice('layer-'.length);
    const match = /^\^src\/\(([^)]*)\)/.exec(rule.to.pathNot ?? '');
    if (!match) throw new Error(`${rule.name}: unexpected pathNot ${rule.to.pathNot}`);
    layers.set(
      folder,
      match[1]!
        .split('|')
        .filter((f) => f !== folder)
        .sort(),
    );
  }
  return layers;
}

/** Arrows not implied by a longer path (the transitive reduction of a DAG). */
function reduction(layers: Map<string, string[]>): string[] {
  const reaches = (from: string, to: string, skip: string): boolean => {
    const stack = (layers.get(from) ?? []).filter((f) => f !== skip);
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(layers.get(next) ?? []));
    }
    return false;
  };
  const arrows: string[] = [];
  for (const [from, targets] of layers)
    for (const to of targets) if (!reaches(from, to, to)) arrows.push(`${from} --> ${to}`);
  return arrows.sort();
}

const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

describe('docs/architecture.md matches the enforced dependency rules', () => {
  const layers = enforcedLayers();

  it('every folder of src/ (and main.ts) has a layer rule', () => {
    const entries = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name === 'main.ts')
      .map((e) => e.name.replace(/\.ts$/, ''));
    expect(entries.sort()).toEqual([...layers.keys()].sort());
  });

  it("the table lists each folder's allowed imports", () => {
    const table = new Map<string, string[]>();
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const folder = /^`(\w+)`$/.exec(cells[1] ?? '')?.[1];
      if (!folder || cells.length < 5 || !layers.has(folder)) continue;
      const allowed = [...(cells[3] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]!);
      table.set(folder, allowed.sort());
    }
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(layers));
  });

  it('the diagram draws exactly the arrows no other arrows imply', () => {
    const block = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const drawn = [...block.matchAll(/^\s*(\w+) --> (\w+)\s*$/gm)].map((m) => `${m[1]} --> ${m[2]}`).sort();
    expect(drawn).toEqual(reduction(layers));
  });
});
