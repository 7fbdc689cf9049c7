/**
 * Request filters applied to candidates before scoring (so filtered items never use a top-k slot):
 * already-engaged items (default on — the most common complaint about recommenders is seeing the
 * same item again), explicit exclusions, blocked creators, kind, language, maximum duration and tags
 * (any of `tags`, none of `excludeTags`; an item's tags as lower-cased in data.itemTags).
 */
import type { RankingData } from './ranking-data';
import type { UserState } from './user-state';

export interface RankFilter {
  /** Default true. */
  excludeEngaged?: boolean;
  excludeItems?: readonly number[];
  blockedCreators?: readonly number[];
  /** MEDIA_KIND code: 1 AUDIO, 2 VIDEO. */
  kind?: number;
  /** Language code as in data.languages (e.g. "en"). */
  language?: string;
  maxDurationSec?: number;
  /** Keep only items carrying at least one of these tags (lower case). */
  tags?: readonly string[];
  /** Leave out items carrying any of these tags (lower case). */
  excludeTags?: readonly string[];
}

/** A predicate item → allowed. Unknown language/duration never pass an explicit language/duration filter. */
export function buildFilter(
  data: RankingData,
  state: UserState | null,
  filter: RankFilter = {},
): (item: number) => boolean {
  const engaged = filter.excludeEngaged === false || !state ? null : state.engaged;
  const excluded = filter.excludeItems && filter.excludeItems.length ? new Set(filter.excludeItems) : null;
  const blocked = filter.blockedCreators && filter.blockedCreators.length ? new Set(filter.blockedCreators) : null;
  const lang = filter.language === undefined ? undefined : data.languages.indexOf(filter.language);
  const kind = filter.kind;
  const maxDur = filter.maxDurationSec;
  const anyTag = filter.tags && filter.tags.length ? new Set(filter.tags) : null;
  const noTag = filter.excludeTags && filter.excludeTags.length ? new Set(filter.excludeTags) : null;
  const tagsOf = (i: number): readonly string[] => data.itemTags?.[i] ?? [];
  return (i: number) => {
    if (i < 0 || i >= data.numItems) return false;
    if (engaged && engaged.has(i)) return false;
    if (excluded && excluded.has(i)) return false;
    if (blocked && blocked.has(data.itemCreator[i]!)) return false;
    if (kind !== undefined && data.itemKind[i] !== kind) return false;
    if (lang !== undefined && (lang < 0 || data.itemLanguage[i] !== lang)) return false;
    if (maxDur !== undefined && !(data.itemDuration[i]! <= maxDur)) return false;
    if (anyTag && !tagsOf(i).some((t) => anyTag.has(t))) return false;
    if (noTag && tagsOf(i).some((t) => noTag.has(t))) return false;
    return true;
  };
}
