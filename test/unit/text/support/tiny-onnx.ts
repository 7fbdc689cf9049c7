/**
 * Writes a tiny BERT-shaped sentence-transformer folder for tests, by hand-encoding the ONNX protobuf
 * (onnx.proto field numbers) so no Python or model download is needed: last_hidden_state =
 * Gather(E, input_ids) with a fixed embedding table E, plus a WordPiece tokenizer.json with whole-word
 * vocabulary and BERT's [CLS] … [SEP] template. Mean pooling of this model is computable by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// --- minimal protobuf writer ---
function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number | bigint) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: Uint8Array | number[]) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);
const msg = (field: number, parts: number[][]) => bytes(field, parts.flat());

const FLOAT = 1;
const INT64 = 7;

function valueInfo(field: number, name: string, elemType: number, dims: (number | string)[]): number[] {
  const shape = dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
  const tensorType = msg(1, [int(1, elemType), msg(2, shape)]);
  return msg(field, [str(1, name), msg(2, [tensorType])]);
}

/** ONNX ModelProto bytes for last_hidden_state = Gather(embeddings, input_ids, axis 0). */
export function gatherModel(embeddings: number[][]): Uint8Array {
  const vocab = embeddings.length;
  const dim = embeddings[0]!.length;
  const raw = Buffer.from(Float32Array.from(embeddings.flat()).buffer);
  const initializer = msg(5, [int(1, vocab), int(1, dim), int(2, FLOAT), str(8, 'embeddings'), bytes(9, [...raw])]);
  const gather = msg(1, [
    str(1, 'embeddings'),
    str(1, 'input_ids'),
    str(2, 'last_hidden_state'),
    str(3, 'gather'),
    str(4, 'Gather'),
    msg(5, [str(1, 'axis'), int(3, 0), int(20, 2)]),
  ]);
  const graph = msg(7, [
    gather,
    str(2, 'tiny'),
    initializer,
    valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
    valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
    valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', dim]),
  ]);
  return Uint8Array.from([...int(1, 8), ...str(2, 'socialrec-test'), ...graph, ...msg(8, [str(1, ''), int(2, 13)])]);
}

export const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

/** Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx into `dir`. */
export function writeTinyModel(dir: string, words: string[], embeddings: number[][]): void {
  const tokens = [...SPECIAL, ...words];
  if (embeddings.length !== tokens.length) throw new Error('one embedding row per token (specials first)');
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), gatherModel(embeddings));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: embeddings[0]!.length,
      vocab_size: tokens.length,
      max_position_embeddings: 64,
    }),
  );
  writeFileSync(
    join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL.map((content, id) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase: true,
      },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab,
      },
    }),
  );
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 64,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
    }),
  );
}
