import { buildFilter } from '../../../src/ranking/filters';
import { userStateFromData } from '../../../src/ranking/user-state';
import { tinyData } from './fixtures';

describe('filters', () => {
  const data = tinyData({
    itemKind: Uint8Array.of(1, 1, 2, 2, 1, 2, 1, 1),
    itemLanguage: Int32Array.of(0, 0, 1, 1, 0, -1, 0, 1),
    languages: ['en', 'de'],
    itemDuration: Float32Array.of(100, 200, 300, 400, NaN, 50, 60, 70),
    itemCreator: Int32Array.of(0, 1, 1, 2, 2, 3, -1, 4),
  });
  const state = userStateFromData(data, 0); // engaged 0, 1
  const allowed = (f: Parameters<typeof buildFilter>[2]) =>
    [0, 1, 2, 3, 4, 5, 6, 7].filter(buildFilter(data, state, f));
  it('excludes engaged items by default, not when turned off', () => {
    expect(allowed({})).toEqual([2, 3, 4, 5, 6, 7]);
    expect(allowed({ excludeEngaged: false })).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('excludes given ids and blocked creators', () => {
    expect(allowed({ excludeItems: [2, 3] })).toEqual([4, 5, 6, 7]);
    expect(allowed({ blockedCreators: [2] })).toEqual([2, 5, 6, 7]);
  });
  it('filters kind, language and duration', () => {
    expect(allowed({ kind: 2 })).toEqual([2, 3, 5]);
    expect(allowed({ language: 'de' })).toEqual([2, 3, 7]);
    expect(allowed({ language: 'fr' })).toEqual([]);
    expect(allowed({ maxDurationSec: 300 })).toEqual([2, 5, 6, 7]); // unknown duration never passes
  });
});
