/** Public surface of the text adapters: encoders, media text, sentiment and keywords. */
export type { TextEncoder, EncoderKind } from './encoder';
export { ENCODER_KINDS } from './encoder';
export { createEncoder, type EncoderFactoryOptions } from './create-encoder';
export { HttpEncoder, HTTP_ENCODER_DEFAULTS, embeddingsUrl, type HttpEncoderOptions } from './http-encoder';
export { OnnxEncoder, ONNX_DEFAULTS, poolHiddenStates, type OnnxEncoderOptions } from './onnx-encoder';
export {
  WordVectorEncoder,
  createWordVectorEncoder,
  SIF_DEFAULTS,
  type WordVectorEncoderOptions,
} from './word-vector-encoder';
export {
  buildWordVectorCache,
  cacheFilePath,
  loadWordVectorTable,
  WORD_VECTOR_CACHE_DEFAULTS,
} from './word-vector-cache';
export { HashingEncoder, HASHING_DEFAULTS, type HashingEncoderOptions } from './hashing-encoder';
export { mediaText, textHash, type MediaTextInput } from './media-text';
export { sentimentScore, commentWeight, COMMENT_WEIGHT_DEFAULTS, type CommentWeightOptions } from './sentiment';
export {
  extractKeywords,
  fitTfIdf,
  keywordsFor,
  idf,
  KEYWORD_DEFAULTS,
  type Keyword,
  type KeywordDoc,
  type KeywordOptions,
  type TfIdfModel,
} from './keywords';
export { tokenize, normalizeTag, normalizeText } from './tokenize';
