/** Ranking weighted terms (tags, keywords): weights normalised to shares of the total, strongest first. */
export interface TagWeight {
  tag: string;
  /** Share of the total term weight, in (0, 1]. */
  weight: number;
}

/** The `k` heaviest terms as shares of the whole map's weight; ties → alphabetical. */
export function topTerms(weights: ReadonlyMap<string, number>, k: number): TagWeight[] {
  let total = 0;
  for (const w of weights.values()) total += w;
  if (!(total > 0)) return [];
  return [...weights.entries()]
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, k)
    .map(([tag, w]) => ({ tag, weight: w / total }));
}
