/**
 * Tokenisation from the folder's tokenizer.json by @huggingface/tokenizers (the JS port of the
 * Rust `tokenizers` pipeline: normaliser → pre-tokeniser → WordPiece → post-processor), which builds
 * from the parsed JSON objects and never touches the network. It reproduces the reference ids of all
 * 31 fixture texts (test/unit/text/transformer/fixture-wasm.test.ts).
 *
 * Truncation is ours: tokenizer.json's own truncation section (128 for all-MiniLM-L6-v2) is what the
 * Rust library would apply, but sentence-transformers overrides it with max_seq_length (256), and the
 * JS library applies none. Cutting the content ids and re-wrapping them in the post-processor's
 * special tokens equals the Rust "longest first" strategy for one sequence.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { BadInputError } from '../../domain/errors';

export interface SentenceTokenizer {
  /** Token ids with special tokens, at most `maxLength` long. */
  encode(text: string): number[];
  readonly maxLength: number;
  readonly padId: number;
}

export interface SentenceTokenizerOptions {
  maxLength: number;
  lowerCase?: boolean;
}

export function createSentenceTokenizer(
  tokenizerJson: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
  options: SentenceTokenizerOptions,
): SentenceTokenizer {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  } catch (error) {
    throw new BadInputError(
      'tokenizer.json',
      `tokenizer.json cannot be loaded: ${(error as Error).message}`,
      (error as Error).message,
    );
  }
  // The special tokens the post-processor puts around one sequence, found from a probe text.
  const probe = 'a';
  const wrapped = tokenizer.encode(probe).ids;
  const bare = tokenizer.encode(probe, { add_special_tokens: false }).ids;
  const at = findSubsequence(wrapped, bare);
  if (at < 0)
    throw new BadInputError(
      'tokenizer.json',
      'tokenizer.json post-processor does not keep the text tokens contiguous',
      wrapped,
    );
  const prefix = wrapped.slice(0, at);
  const suffix = wrapped.slice(at + bare.length);
  const room = options.maxLength - prefix.length - suffix.length;
  if (room < 0)
    throw new BadInputError(
      'maxLength',
      `maxLength ${options.maxLength} leaves no room beside ${prefix.length + suffix.length} special tokens`,
      options.maxLength,
    );
  const padding = (tokenizerJson.padding ?? null) as { pad_id?: number } | null;
  const padId = padding?.pad_id ?? tokenizer.token_to_id('[PAD]') ?? 0;

  return {
    maxLength: options.maxLength,
    padId,
    encode(text: string): number[] {
      const input = options.lowerCase ? text.toLowerCase() : text;
      const ids = tokenizer.encode(input, { add_special_tokens: false }).ids;
      return [...prefix, ...(ids.length > room ? ids.slice(0, room) : ids), ...suffix];
    },
  };
}

function findSubsequence(haystack: readonly number[], needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
