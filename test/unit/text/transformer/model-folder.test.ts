/**
 * Folder validation: only BERT-architecture sentence-transformers folders load; anything else is a
 * BadInputError naming the field. Variants of the real all-MiniLM-L6-v2 folder (its small files
 * copied and edited, the weights linked) check pooling, truncation and the content-hash modelId.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEncoder } from '../../../../src/text/create-encoder';
import { parseBertConfig, parsePoolingConfig, readModelFolder } from '../../../../src/text/transformer/model-folder';
import { TransformerEncoder } from '../../../../src/text/transformer/transformer-encoder';
import { cosine, referenceItems, requireMiniLm } from '../support/minilm';

jest.setTimeout(300_000);

const SILENT = { info: () => undefined, warn: () => undefined };
let root: string;
let source: string;

/** A copy of the model folder with edited JSON files; model.safetensors is a link to the real one. */
function variant(edits: Record<string, (json: any) => unknown> = {}, omit: string[] = []): string {
  const dir = mkdtempSync(join(root, 'v-'));
  cpSync(source, dir, { recursive: true, filter: (src) => !src.endsWith('model.safetensors') });
  if (!omit.includes('model.safetensors'))
    symlinkSync(join(source, 'model.safetensors'), join(dir, 'model.safetensors'));
  for (const file of omit) rmSync(join(dir, file), { force: true });
  for (const [file, edit] of Object.entries(edits)) {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    writeFileSync(join(dir, file), JSON.stringify(edit(json) ?? json));
  }
  return dir;
}

beforeAll(() => {
  source = requireMiniLm();
  root = mkdtempSync(join(tmpdir(), 'model-folder-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('model folder validation', () => {
  it('refuses non-BERT architectures, naming the field', async () => {
    const xlmr = variant({
      'config.json': (c) => ({ ...c, model_type: 'xlm-roberta', architectures: ['XLMRobertaModel'] }),
    });
    expect(() => readModelFolder(xlmr)).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        field: 'model_type',
        message: expect.stringContaining('xlm-roberta'),
      }),
    );
    await expect(TransformerEncoder.load({ modelDir: xlmr })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'model_type',
    });
    await expect(createEncoder({ kind: 'transformer', modelDir: xlmr, log: SILENT })).rejects.toMatchObject({
      field: 'model_type',
    });
    const mislabelled = variant({ 'config.json': (c) => ({ ...c, architectures: ['DistilBertModel'] }) });
    expect(() => readModelFolder(mislabelled)).toThrow(expect.objectContaining({ field: 'architectures' }));
  });

  it('refuses unsupported modules, position embeddings, activations and pooling modes', () => {
    const dense = variant({
      'modules.json': (m) => [...m, { idx: 3, name: '3', path: '3_Dense', type: 'sentence_transformers.models.Dense' }],
    });
    expect(() => readModelFolder(dense)).toThrow(expect.objectContaining({ field: 'modules.json' }));
    expect(() => parseBertConfig({ ...baseConfig(), position_embedding_type: 'relative_key' })).toThrow(
      expect.objectContaining({ field: 'position_embedding_type' }),
    );
    expect(() => parseBertConfig({ ...baseConfig(), hidden_act: 'swish' })).toThrow(
      expect.objectContaining({ field: 'hidden_act' }),
    );
    expect(() => parseBertConfig({ ...baseConfig(), hidden_size: 100, num_attention_heads: 12 })).toThrow(
      expect.objectContaining({ field: 'num_attention_heads' }),
    );
    expect(() => parsePoolingConfig({ pooling_mode_lasttoken: true })).toThrow(
      expect.objectContaining({ field: 'pooling_mode_lasttoken' }),
    );
    expect(() => parsePoolingConfig({})).toThrow(expect.objectContaining({ field: 'pooling_mode' }));
    expect(
      parsePoolingConfig({
        pooling_mode_mean_tokens: true,
        pooling_mode_cls_token: true,
        pooling_mode_max_tokens: true,
      }),
    ).toEqual(['cls', 'max', 'mean']);
  });

  it('reports missing folders and files as UNAVAILABLE with the fix', () => {
    expect(() => readModelFolder(join(root, 'nowhere'))).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringContaining('npm run model:fetch') }),
    );
    expect(() => readModelFolder(variant({}, ['model.safetensors']))).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringContaining('model.safetensors') }),
    );
    expect(() => readModelFolder(variant({}, ['tokenizer.json']))).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE' }),
    );
  });

  it('reads the all-MiniLM-L6-v2 settings', () => {
    const folder = readModelFolder(source);
    expect(folder.bert).toMatchObject({
      hiddenSize: 384,
      numLayers: 6,
      numHeads: 12,
      intermediateSize: 1536,
      vocabSize: 30522,
      activation: 'gelu',
    });
    expect(folder).toMatchObject({
      pooling: ['mean'],
      normalize: true,
      maxSeqLength: 256,
      lowerCase: false,
      name: 'all-MiniLM-L6-v2',
    });
    expect(() => readModelFolder(source, { maxLength: 600 })).toThrow(expect.objectContaining({ field: 'maxLength' }));
  });
});

describe('folder settings reach the vectors and the modelId', () => {
  const texts = ['Melancholic piano for rainy evenings', 'heavy metal'];

  it('pools as 1_Pooling/config.json says (cls, or max and mean concatenated)', async () => {
    const mean = await TransformerEncoder.load({ modelDir: source });
    const cls = await TransformerEncoder.load({
      modelDir: variant({
        '1_Pooling/config.json': (p) => ({ ...p, pooling_mode_mean_tokens: false, pooling_mode_cls_token: true }),
      }),
    });
    const both = await TransformerEncoder.load({
      modelDir: variant({ '1_Pooling/config.json': (p) => ({ ...p, pooling_mode_max_tokens: true }) }),
    });
    try {
      expect(cls.modelId).toMatch(/:L256:cls$/);
      expect(both.modelId).toMatch(/:L256:max\+mean$/);
      expect(both.dimension).toBe(768);
      const [m, c, b] = await Promise.all([mean.embed(texts), cls.embed(texts), both.embed(texts)]);
      expect(cosine(m[0]!, c[0]!)).toBeLessThan(0.99);
      expect(Math.hypot(...c[0]!)).toBeCloseTo(1, 5);
      expect(b[0]).toHaveLength(768);
      // The mean half of the concatenation points the same way as the mean-pooled vector.
      expect(cosine(b[0]!.subarray(384), m[0]!)).toBeGreaterThan(0.99999);
    } finally {
      await Promise.all([mean.close(), cls.close(), both.close()]);
    }
  });

  it('truncates at maxLength (and says so in modelId); the modelId follows file contents, not paths', async () => {
    const long = referenceItems()[30]!;
    const short = await TransformerEncoder.load({ modelDir: source, maxLength: 16 });
    const copy = variant();
    const same = await TransformerEncoder.load({ modelDir: copy });
    const edited = variant({ 'config.json': (c) => ({ ...c, transformers_version: '9.9.9' }) });
    const other = await TransformerEncoder.load({ modelDir: edited });
    try {
      expect(short.tokenize(long.text)).toEqual([...long.inputIds.slice(0, 15), 102]);
      expect(short.modelId).toMatch(/:L16:mean$/);
      // Same files elsewhere (another folder name): same hash; one edited config: another hash.
      expect(same.modelId.split(':')[1]).not.toBe('all-MiniLM-L6-v2');
      expect(same.modelId.split(':')[2]).toBe(short.modelId.split(':')[2]);
      expect(other.modelId.split(':')[2]).not.toBe(same.modelId.split(':')[2]);
    } finally {
      await Promise.all([short.close(), same.close(), other.close()]);
    }
  });
});

function baseConfig(): Record<string, unknown> {
  return {
    model_type: 'bert',
    hidden_size: 384,
    num_attention_heads: 12,
    num_hidden_layers: 6,
    intermediate_size: 1536,
    vocab_size: 30522,
    max_position_embeddings: 512,
  };
}
