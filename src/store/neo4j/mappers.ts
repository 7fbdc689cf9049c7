/** Database rows → domain entities (the change signature of upserts lives in domain/signature.ts). */
import { INTERACTION_TYPES, type Engagement, type Interaction, type Media, type User } from '../../domain/entities';
import type { Row } from './executor';

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function userFromRow(r: Row): User {
  return { id: String(r.id), name: str(r.name), createdAt: str(r.createdAt), updatedAt: str(r.updatedAt) };
}

export function mediaFromRow(r: Row): Media {
  return {
    id: String(r.id),
    kind: r.kind as Media['kind'],
    title: String(r.title ?? ''),
    description: str(r.description),
    tags: (r.tags as string[] | null) ?? [],
    keywords: (r.keywords as string[] | null) ?? [],
    pagerank: num(r.pagerank),
    language: str(r.language),
    durationSec: num(r.durationSec),
    creatorId: str(r.creatorId),
    publishedAt: str(r.publishedAt),
    createdAt: str(r.createdAt),
    updatedAt: str(r.updatedAt),
  };
}

export function engagementFromRow(r: Row, userId: string, mediaId: string): Engagement {
  const counts = (r.counts as number[] | null) ?? [];
  return {
    userId,
    mediaId,
    weight: Number(r.weight ?? 0),
    count: Number(r.count ?? 0),
    countsByType: Object.fromEntries(
      INTERACTION_TYPES.map((t, i) => [t, Number(counts[i] ?? 0)]),
    ) as Engagement['countsByType'],
    lastAt: str(r.lastAt),
  };
}

export function interactionFromRow(r: Row): Interaction {
  return {
    eventId: String(r.id),
    userId: String(r.userId),
    mediaId: String(r.mediaId),
    type: r.type as Interaction['type'],
    weight: Number(r.weight),
    rating: num(r.rating),
    text: str(r.text),
    at: String(r.at),
    device: str(r.device),
    location: str(r.location),
    localHour: num(r.localHour),
    weekday: num(r.weekday),
  };
}
