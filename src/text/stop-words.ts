/**
 * English stop words for keyword extraction: the classic function-word list (NLTK's English list,
 * itself derived from the SMART/Snowball lists), plus media boilerplate ("video", "official", …)
 * that appears in so many titles that it never distinguishes an item.
 */

const FUNCTION_WORDS = `a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll
she's should shouldn't so some such than that that's the their theirs them themselves then there there's these they
they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
were weren't what what's when when's where where's which while who who's whom why why's will with won't would
wouldn't you you'd you'll you're you've your yours yourself yourselves also just like get got one two s t can will
don should now ll re ve d m o y ain`;

const MEDIA_BOILERPLATE = `video videos official audio full hd hq ft feat featuring episode ep part new live
version remastered remaster lyrics lyric clip track`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${MEDIA_BOILERPLATE}`.split(/\s+/).filter((w) => w.length > 0),
);

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}
