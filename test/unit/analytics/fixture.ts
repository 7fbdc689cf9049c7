/** Tiny hand-built snapshots for the analytics tests: named users and media, engagements, follows. */
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { buildRankingData, MEDIA_KIND, type RankingData } from '../../../src/ranking/ranking-data';

export interface Spec {
  users: string[];
  items: { id: string; kind?: 'AUDIO' | 'VIDEO'; terms?: string[] }[];
  /** [user, media, weight] */
  engaged?: [string, string, number][];
  /** [follower, followee] */
  follows?: [string, string][];
}

export interface Tiny {
  version: number;
  data: RankingData;
  userIndex: Map<string, number>;
  itemIndex: Map<string, number>;
}

export function tiny(spec: Spec, version = 1): Tiny {
  const userIndex = new Map(spec.users.map((u, i) => [u, i]));
  const itemIndex = new Map(spec.items.map((m, i) => [m.id, i]));
  const nu = spec.users.length;
  const ni = spec.items.length;
  const e = spec.engaged ?? [];
  const userItems = buildCsr(
    nu,
    ni,
    Int32Array.from(e, ([u]) => userIndex.get(u)!),
    Int32Array.from(e, ([, m]) => itemIndex.get(m)!),
    Float32Array.from(e, ([, , w]) => w),
  );
  const f = spec.follows ?? [];
  const following = buildCsr(
    nu,
    nu,
    Int32Array.from(f, ([a]) => userIndex.get(a)!),
    Int32Array.from(f, ([, b]) => userIndex.get(b)!),
  );
  const social = buildCsr(
    nu,
    nu,
    Int32Array.from([...f.map(([a]) => userIndex.get(a)!), ...f.map(([, b]) => userIndex.get(b)!)]),
    Int32Array.from([...f.map(([, b]) => userIndex.get(b)!), ...f.map(([a]) => userIndex.get(a)!)]),
  );
  const data = buildRankingData(
    { numUsers: nu, numItems: ni, userItems, itemUsers: transposeCsr(userItems), social },
    {
      following,
      itemKind: Uint8Array.from(spec.items, (m) =>
        m.kind === 'AUDIO' ? MEDIA_KIND.AUDIO : m.kind === 'VIDEO' ? MEDIA_KIND.VIDEO : MEDIA_KIND.UNKNOWN,
      ),
      itemTerms: spec.items.map((m) => m.terms ?? []),
      userIds: spec.users,
      itemIds: spec.items.map((m) => m.id),
    },
  );
  return { version, data, userIndex, itemIndex };
}

/** Every ordered pair of distinct members follows each other (a clique of mutual follows). */
export function clique(members: string[]): [string, string][] {
  return members.flatMap((a) => members.filter((b) => b !== a).map((b): [string, string] => [a, b]));
}
