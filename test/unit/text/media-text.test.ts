import { mediaText, textHash } from '../../../src/text/media-text';
import { normalizeTag, splitCompound, stripDiacritics, tokenize } from '../../../src/text/tokenize';

describe('mediaText', () => {
  it('joins title, description and de-duplicated tags with collapsed whitespace', () => {
    expect(
      mediaText({
        title: '  Toy  Story ',
        description: 'A cowboy\n doll',
        tags: ['Animation', 'pixar', 'animation', ' '],
      }),
    ).toBe('Toy Story\nA cowboy doll\nAnimation, pixar');
  });

  it('leaves out empty parts', () => {
    expect(mediaText({ title: 'Song', description: null, tags: [] })).toBe('Song');
    expect(mediaText({ title: 'Song', tags: ['rock'] })).toBe('Song\nrock');
  });

  it('hashes text with sha256 so that cosmetic whitespace does not change the key', () => {
    expect(textHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(textHash(mediaText({ title: 'a  b' }))).toBe(textHash(mediaText({ title: 'a b ' })));
    expect(textHash('a')).not.toBe(textHash('b'));
  });
});

describe('tokenize', () => {
  it('lower-cases, keeps inner hyphens and apostrophes, and handles any script', () => {
    expect(tokenize('Hip-Hop & Rock’n’Roll — Ünïcode ЁЖ 東京 2024!')).toEqual([
      'hip-hop',
      "rock'n'roll",
      'ünïcode',
      'ёж',
      '東京',
      '2024',
    ]);
  });

  it('splits compounds and strips diacritics for second-chance lookups', () => {
    expect(splitCompound('hip-hop')).toEqual(['hip', 'hop']);
    expect(splitCompound('rock')).toEqual(['rock']);
    expect(stripDiacritics('café')).toBe('cafe');
  });

  it('normalises tags written with spaces, hyphens or underscores to one phrase', () => {
    expect(normalizeTag(' Heavy_Metal ')).toBe('heavy metal');
    expect(normalizeTag('heavy-metal')).toBe('heavy metal');
    expect(normalizeTag('HEAVY   metal')).toBe('heavy metal');
  });
});
