/**
 * Keywords per media item by TF-IDF over the catalogue (Salton & Buckley 1988; the weighting of
 * scikit-learn's TfidfVectorizer): tf = 1 + ln(count) (sublinear, so a word repeated in a description
 * does not drown the rest), idf = ln((1+N)/(1+df)) + 1 (smoothed, never zero), score = tf·idf scaled
 * to a unit vector per item. Terms are non-stop-word tokens and whole tag phrases ("heavy metal" stays
 * one keyword, boosted because tags are curated); a word already covered by a chosen phrase is not
 * repeated. Pure and deterministic (ties broken by term), so `Media.keywords` is reproducible.
 */
import { BadInputError } from '../domain/errors';
import { isStopWord } from './stop-words';
import { normalizeTag, tokenize } from './tokenize';

export interface KeywordDoc {
  /** Free text (title, description, comments). */
  text: string;
  tags?: readonly string[];
}

export interface Keyword {
  term: string;
  score: number;
}

export interface KeywordOptions {
  topK?: number;
  /** Term count added per tag occurrence (tags are curated, so they outweigh a word in prose). */
  tagBoost?: number;
  minTokenLength?: number;
  /** Ignore terms present in more than this share of documents (and in more than one document). */
  maxDfRatio?: number;
  /** Ignore terms present in fewer documents than this. */
  minDf?: number;
  /** Treat this set as stop words instead of the built-in English list. */
  stopWords?: ReadonlySet<string>;
}

export const KEYWORD_DEFAULTS = { topK: 8, tagBoost: 2, minTokenLength: 2, maxDfRatio: 0.85, minDf: 1 };

export interface TfIdfModel {
  docCount: number;
  /** Document frequency per term. */
  df: ReadonlyMap<string, number>;
  options: Required<Omit<KeywordOptions, 'stopWords'>> & { stopWords?: ReadonlySet<string> };
}

function resolveOptions(options: KeywordOptions): TfIdfModel['options'] {
  const settings = {
    ...KEYWORD_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as TfIdfModel['options'];
  if (!Number.isInteger(settings.topK) || settings.topK < 1)
    throw new BadInputError('topK', `topK must be a positive integer (got ${settings.topK})`, settings.topK);
  if (!(settings.maxDfRatio > 0 && settings.maxDfRatio <= 1))
    throw new BadInputError(
      'maxDfRatio',
      `maxDfRatio must be in (0, 1] (got ${settings.maxDfRatio})`,
      settings.maxDfRatio,
    );
  if (!(settings.tagBoost >= 0))
    throw new BadInputError('tagBoost', `tagBoost must be non-negative (got ${settings.tagBoost})`, settings.tagBoost);
  return settings;
}

/** Term counts of one document: tokens of the text plus whole tag phrases (boosted). */
export function termCounts(doc: KeywordDoc, options: KeywordOptions = {}): Map<string, number> {
  const settings = { ...KEYWORD_DEFAULTS, ...options };
  const stop = (t: string) => (settings.stopWords ? settings.stopWords.has(t) : isStopWord(t));
  const keep = (t: string) => t.length >= settings.minTokenLength && !stop(t) && !/^\p{N}+$/u.test(t);
  const counts = new Map<string, number>();
  const add = (term: string, n: number) => counts.set(term, (counts.get(term) ?? 0) + n);
  for (const token of tokenize(doc.text ?? '')) if (keep(token)) add(token, 1);
  const seenTags = new Set<string>();
  for (const raw of doc.tags ?? []) {
    const tag = normalizeTag(raw);
    if (tag.length === 0 || seenTags.has(tag)) continue;
    seenTags.add(tag);
    const words = tag.split(' ');
    if (words.length === 1 ? keep(tag) : words.some(keep)) add(tag, settings.tagBoost);
  }
  return counts;
}

/** Learns document frequencies over the catalogue. */
export function fitTfIdf(docs: readonly KeywordDoc[], options: KeywordOptions = {}): TfIdfModel {
  const settings = resolveOptions(options);
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of termCounts(doc, settings).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return { docCount: docs.length, df, options: settings };
}

/** Smoothed inverse document frequency; unseen terms get the largest value. */
export function idf(model: TfIdfModel, term: string): number {
  return Math.log((1 + model.docCount) / (1 + (model.df.get(term) ?? 0))) + 1;
}

/** Top-k keywords of one document under a fitted model (works for documents outside the corpus). */
export function keywordsFor(model: TfIdfModel, doc: KeywordDoc, topK = model.options.topK): Keyword[] {
  const { maxDfRatio, minDf } = model.options;
  const scored: Keyword[] = [];
  let sumSquares = 0;
  for (const [term, count] of termCounts(doc, model.options)) {
    const df = model.df.get(term) ?? 0;
    if (df > 1 && df / model.docCount > maxDfRatio) continue;
    if (df < minDf && model.df.has(term)) continue;
    const score = (1 + Math.log(count)) * idf(model, term);
    sumSquares += score * score;
    scored.push({ term, score });
  }
  const norm = Math.sqrt(sumSquares) || 1;
  scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const chosen: Keyword[] = [];
  const covered = new Set<string>();
  for (const k of scored) {
    if (chosen.length >= topK) break;
    if (covered.has(k.term)) continue;
    chosen.push({ term: k.term, score: k.score / norm });
    if (k.term.includes(' ')) for (const w of k.term.split(' ')) covered.add(w);
  }
  return chosen;
}

/** Fits TF-IDF on `docs` and returns each document's top-k keywords, in input order. */
export function extractKeywords(docs: readonly KeywordDoc[], options: KeywordOptions = {}): Keyword[][] {
  const model = fitTfIdf(docs, options);
  return docs.map((doc) => keywordsFor(model, doc));
}
