/**
 * One interface for every text encoder (a transformer run in TensorFlow.js, remote endpoint, local
 * ONNX model, pretrained word vectors, feature hashing): a batch of texts in, one L2-normalised Float32Array per text out, in order. Unit
 * vectors make cosine similarity a dot product downstream. `modelId` names the model *and* the
 * settings that change its vectors, so (modelId, textHash) is a sound cache key.
 */

export interface TextEncoder {
  /** Stable id of model + vector-changing settings, e.g. "hashing:v1:d256:n3-5". */
  readonly modelId: string;
  /** Vector length; an HTTP encoder without a configured dimension reports 0 until its first call. */
  readonly dimension: number;
  /**
   * True when similarity measures shared spelling, not meaning (feature hashing: "psychedelic" and
   * "melancholic" share n-grams). A search then "matches" an item only where they share a word.
   */
  readonly lexical?: boolean;
  /** Embeds texts in order; every vector has unit length (or is all zeros for text with no signal). */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Releases native resources (ONNX sessions); optional. */
  close?(): Promise<void>;
}

export type EncoderKind = 'transformer' | 'http' | 'onnx' | 'word-vectors' | 'hashing';
export const ENCODER_KINDS: readonly EncoderKind[] = ['transformer', 'http', 'onnx', 'word-vectors', 'hashing'];

/** Where encoder construction reports progress and fallbacks (the service's logger fits). */
export interface EncoderLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}
