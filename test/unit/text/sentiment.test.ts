import { BadInputError } from '../../../src/domain/errors';
import { commentWeight, sentimentScore } from '../../../src/text/sentiment';

describe('sentimentScore', () => {
  it('is positive for praise, negative for complaints and 0 for neutral or empty text', () => {
    expect(sentimentScore('I love this song, it is amazing!')).toBeGreaterThan(0.3);
    expect(sentimentScore('terrible video, I hate it')).toBeLessThan(-0.3);
    expect(sentimentScore('uploaded on tuesday')).toBe(0);
    expect(sentimentScore('   ')).toBe(0);
  });

  it('handles negation and emoji', () => {
    expect(sentimentScore('not good')).toBeLessThan(0);
    expect(sentimentScore('😍')).toBeGreaterThan(0);
  });

  it('stays within [-1, 1]', () => {
    for (const text of [
      'best best best amazing superb wonderful 😍😍😍',
      'worst horrible awful disgusting hate hate',
    ]) {
      const s = sentimentScore(text);
      expect(s).toBeGreaterThanOrEqual(-1);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('rejects non-strings', () => {
    expect(() => sentimentScore(42 as unknown as string)).toThrow(BadInputError);
  });
});

describe('commentWeight', () => {
  it('maps sentiment to a signed weight: neutral is mild engagement, strong dislike is negative', () => {
    expect(commentWeight(0)).toBe(0.5);
    expect(commentWeight(0.6)).toBe(1);
    expect(commentWeight(-0.6)).toBeCloseTo(-0.4, 10);
    expect(commentWeight(-1)).toBe(-1);
    expect(commentWeight(0.2, { neutral: 0, gain: 1 })).toBeCloseTo(0.2, 10);
    expect(() => commentWeight(Number.NaN)).toThrow(BadInputError);
  });
});
