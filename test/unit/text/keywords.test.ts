import { BadInputError } from '../../../src/domain/errors';
import { extractKeywords, fitTfIdf, idf, keywordsFor, termCounts } from '../../../src/text/keywords';

const corpus = [
  { text: 'Master of Puppets: the thrash classic. Guitar riffs and guitar solos.', tags: ['Heavy Metal', 'thrash'] },
  { text: 'Brahms lullaby for the baby, soft piano to sleep', tags: ['lullaby', 'sleep'] },
  { text: 'Guitar lesson: learn the thrash riff', tags: ['guitar', 'lesson'] },
  { text: 'Piano sonata, live at the hall', tags: ['classical', 'piano'] },
];

describe('TF-IDF keywords', () => {
  it('counts non-stop-word tokens and whole tag phrases (boosted)', () => {
    const counts = termCounts(corpus[0]!);
    expect(counts.get('guitar')).toBe(2);
    expect(counts.get('heavy metal')).toBe(2);
    expect(counts.get('thrash')).toBe(1 + 2);
    expect(counts.has('the')).toBe(false);
    expect(counts.has('of')).toBe(false);
  });

  it('computes smoothed idf from document frequencies', () => {
    const model = fitTfIdf(corpus);
    expect(model.docCount).toBe(4);
    expect(model.df.get('guitar')).toBe(2);
    expect(idf(model, 'guitar')).toBeCloseTo(Math.log(5 / 3) + 1, 12);
    expect(idf(model, 'never-seen')).toBeCloseTo(Math.log(5) + 1, 12);
  });

  it('ranks distinctive and repeated terms first, keeps tag phrases, and is deterministic', () => {
    const keywords = extractKeywords(corpus, { topK: 4 });
    const first = keywords[0]!.map((k) => k.term);
    expect(first[0]).toBe('heavy metal');
    expect(first).toContain('thrash');
    expect(first).not.toContain('heavy');
    expect(keywords[1]!.map((k) => k.term).slice(0, 2)).toEqual(['lullaby', 'sleep']);
    expect(extractKeywords(corpus, { topK: 4 })).toEqual(keywords);
    for (const list of keywords) {
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
    }
  });

  it('drops terms that occur in almost every document', () => {
    const docs = [{ text: 'music alpha' }, { text: 'music beta' }, { text: 'music gamma' }];
    const terms = extractKeywords(docs).map((list) => list.map((k) => k.term));
    expect(terms).toEqual([['alpha'], ['beta'], ['gamma']]);
  });

  it('scores documents outside the fitted corpus (cold start)', () => {
    const model = fitTfIdf(corpus);
    const terms = keywordsFor(model, { text: 'a new synthwave guitar track', tags: ['synthwave'] }).map((k) => k.term);
    expect(terms[0]).toBe('synthwave');
    expect(terms).toContain('guitar');
  });

  it('validates options', () => {
    expect(() => extractKeywords(corpus, { topK: 0 })).toThrow(BadInputError);
    expect(() => extractKeywords(corpus, { maxDfRatio: 0 })).toThrow(BadInputError);
  });
});
