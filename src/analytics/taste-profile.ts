/**
 * A user's taste profile: what they engage with (top tags and keywords, as shares of their
 * log-damped engagement weight, log(1 + w) so one binge does not drown the rest), the split of their
 * engagement between audio and video, and when they are active (events by local hour 0–23, read from
 * interaction context by the caller). A descriptive user model in the sense of the survey's
 * "user model (history, preferences)".
 */
import { MEDIA_KIND, type RankingData } from '../ranking/ranking-data';
import { userTermWeights } from './communities';
import { topTerms, type TagWeight } from './tags';

export interface TasteOptions {
  topTags: number;
}

export const TASTE_DEFAULTS: Readonly<TasteOptions> = Object.freeze({ topTags: 10 });

export interface KindShare {
  kind: 'AUDIO' | 'VIDEO';
  /** Media of this kind engaged with. */
  items: number;
  /** Share of the user's log-damped engagement weight on known kinds. */
  share: number;
}

export interface TasteProfile {
  userId: string;
  /** Distinct media engaged with (positive weight). */
  engagedMedia: number;
  topTags: TagWeight[];
  kinds: KindShare[];
  /** Events per local hour, length 24. */
  activityByHour: number[];
  /** Hour with most events; null without any. */
  peakHour: number | null;
}

/** Turns (hour, n) rows into a 24-slot histogram; rows outside 0..23 are ignored. */
export function hourHistogram(rows: readonly { hour?: unknown; n?: unknown }[]): number[] {
  const out = new Array<number>(24).fill(0);
  for (const r of rows) {
    const h = Number(r.hour);
    const n = Number(r.n);
    if (Number.isInteger(h) && h >= 0 && h < 24 && Number.isFinite(n)) out[h]! += n;
  }
  return out;
}

/** `user` is the snapshot index, or null for a user the snapshot does not have yet (no engagement). */
export function tasteProfile(
  data: RankingData,
  userId: string,
  user: number | null,
  hours: readonly number[],
  options: Partial<TasteOptions> = {},
): TasteProfile {
  const settings = { ...TASTE_DEFAULTS, ...options };
  const activityByHour = Array.from({ length: 24 }, (_, h) => hours[h] ?? 0);
  let peakHour: number | null = null;
  activityByHour.forEach((n, h) => {
    if (n > 0 && (peakHour === null || n > activityByHour[peakHour]!)) peakHour = h;
  });
  const kinds = { AUDIO: { items: 0, weight: 0 }, VIDEO: { items: 0, weight: 0 } };
  let engagedMedia = 0;
  if (user !== null) {
    const ui = data.userItems;
    for (let k = ui.offsets[user]!; k < ui.offsets[user + 1]!; k++) {
      if (!(ui.weights[k]! > 0)) continue;
      engagedMedia++;
      const code = data.itemKind[ui.targets[k]!];
      const slot = code === MEDIA_KIND.AUDIO ? kinds.AUDIO : code === MEDIA_KIND.VIDEO ? kinds.VIDEO : null;
      if (slot) {
        slot.items++;
        slot.weight += Math.log1p(ui.weights[k]!);
      }
    }
  }
  const total = kinds.AUDIO.weight + kinds.VIDEO.weight;
  return {
    userId,
    engagedMedia,
    topTags: user === null ? [] : topTerms(userTermWeights(data, [user]), settings.topTags),
    kinds: (['AUDIO', 'VIDEO'] as const).map((kind) => ({
      kind,
      items: kinds[kind].items,
      share: total > 0 ? kinds[kind].weight / total : 0,
    })),
    activityByHour,
    peakHour,
  };
}
