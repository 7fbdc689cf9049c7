import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addOverride,
  MODEL_CONFIG_DIR,
  modelConfigPath,
  parseOverride,
  resolveModelConfig,
} from '../../../src/config/model-config';
import { ConfigError, type ConfigProblem } from '../../../src/domain/errors';
import { EVAL_MODELS } from '../../../src/eval/models';
import type { FusedRecommender } from '../../../src/eval/fused/fused-model';
import { createModel, MODELS } from '../../../src/models/catalogue';
import { EASE_DEFAULTS } from '../../../src/models/ease';
import { GRAPH_EASE_DEFAULTS } from '../../../src/models/graph-ease';
import { LIGHTGCN_DEFAULTS } from '../../../src/models/lightgcn';

const problemsOf = (run: () => unknown): ConfigProblem[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('BAD_USER_INPUT');
    return [...(error as ConfigError).fields];
  }
  throw new Error('expected a ConfigError');
};

const tempFile = (content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'model-config-')), 'model.json');
  writeFileSync(file, content);
  return file;
};

describe('model configuration (typed catalogue + config/models/*.json)', () => {
  const lightgcnFile = JSON.parse(readFileSync(modelConfigPath('lightgcn'), 'utf8')) as {
    epochs: number;
    job: { epochs: number };
  };

  it('every shipped config file names a model of eval and is valid for it', () => {
    const files = readdirSync(MODEL_CONFIG_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(files.length).toBeGreaterThan(5);
    for (const name of files) expect(Object.keys(EVAL_MODELS)).toContain(name);
    for (const name of files) {
      expect(() => resolveModelConfig(EVAL_MODELS, name)).not.toThrow();
      expect(() => resolveModelConfig(EVAL_MODELS, name, { job: true })).not.toThrow();
    }
  });

  it('resolves defaults ← file ← overrides, without the job section', () => {
    const c = resolveModelConfig(MODELS, 'lightgcn');
    expect(c).not.toHaveProperty('job');
    expect(c['epochs']).toBe(lightgcnFile.epochs);
    expect(c['lrDecayFactor']).toBe(LIGHTGCN_DEFAULTS.lrDecayFactor); // not in the file: the default
    expect(resolveModelConfig(MODELS, 'lightgcn', { overrides: { epochs: 3 } })['epochs']).toBe(3);
    // a file named by path (eval's --config) is read the same way
    expect(
      resolveModelConfig(MODELS, 'lightgcn', { file: modelConfigPath('lightgcn'), overrides: { dim: 8 } }),
    ).toEqual({ ...c, dim: 8 });
  });

  it('gives jobs the job section over the rest, and overrides over both', () => {
    expect(lightgcnFile.job.epochs).not.toBe(lightgcnFile.epochs);
    const c = resolveModelConfig(MODELS, 'lightgcn', { job: true });
    expect(c).not.toHaveProperty('job');
    expect(c['epochs']).toBe(lightgcnFile.job.epochs);
    expect(resolveModelConfig(MODELS, 'lightgcn', { job: true, overrides: { epochs: 2 } })['epochs']).toBe(2);
  });

  it('rejects a misspelt key, naming it (--set lamda=500 does not run the default)', () => {
    const problems = problemsOf(() => resolveModelConfig(MODELS, 'ease', { overrides: { lamda: 500 } }));
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'lamda',
        message: expect.stringMatching(
          /^--set: lamda is not an option of ease \(expected one of lambda, dropout, tagWeight, gramGamma, popDamping, minUsers, maxDenseMB\)/,
        ),
      }),
    ]);
    expect(() => resolveModelConfig(MODELS, 'ease', { overrides: { lamda: 500 } })).toThrow(/lamda/);
  });

  it('reports every bad key of every layer in one error, values checked against the defaults', () => {
    const file = tempFile(JSON.stringify({ lambda: 'big', minUsers: 2, bogus: 1, job: { epochs: 3 } }));
    const problems = problemsOf(() =>
      resolveModelConfig(MODELS, 'ease', { file, job: true, overrides: { minUsers: true, other: 2 } }),
    );
    expect(problems.map((p) => p.field)).toEqual(['lambda', 'bogus', 'epochs', 'minUsers', 'other']);
    expect(problems[0]!.message).toMatch(/lambda must be a finite number \(got "big"\)/);
    expect(problems[3]!.message).toMatch(
      /^--set: minUsers must be true or false|^--set: minUsers must be a finite number/,
    );
  });

  it('checks nested options key by key and lists element types', () => {
    const problems = problemsOf(() =>
      resolveModelConfig(MODELS, 'graph-ease', { overrides: { gcn: { epocs: 3, dim: 8 }, gcnGrid: [1, 'x'] } }),
    );
    expect(problems.map((p) => p.field)).toEqual(['gcn.epocs', 'gcnGrid']);
    expect(problems[1]!.message).toMatch(/gcnGrid must be a list of numbers/);
    const c = resolveModelConfig(MODELS, 'graph-ease', { overrides: addOverride({}, 'gcn.epochs', 3) });
    expect((c['gcn'] as { epochs: number; dim: number }).epochs).toBe(3);
    expect((c['gcn'] as { epochs: number; dim: number }).dim).toBe(64); // the rest of gcn stays
  });

  it('rejects a string option outside its choices, and a broken or missing --config file', () => {
    expect(
      problemsOf(() => resolveModelConfig(EVAL_MODELS, 'fused', { overrides: { coModel: 'knn' } }))[0]!.message,
    ).toMatch(/coModel must be one of ease, graph-ease/);
    expect(problemsOf(() => resolveModelConfig(MODELS, 'ease', { file: tempFile('{not json') }))[0]!.message).toMatch(
      /not valid JSON/,
    );
    expect(problemsOf(() => resolveModelConfig(MODELS, 'ease', { file: '/no/such/file.json' }))[0]!.message).toMatch(
      /does not exist/,
    );
    expect(() => resolveModelConfig(MODELS, 'no-such-model')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'model' }),
    );
  });

  it("checks a component's choices and ranges under its key, and ranges of counts and λ", () => {
    const problems = problemsOf(() =>
      resolveModelConfig(EVAL_MODELS, 'fused', {
        overrides: { graphEase: { itemModel: 'tiny', localNeighbours: 0 }, gramNeighbours: 1.5, easeLambda: -1 },
      }),
    );
    expect(problems.map((p) => [p.field, p.value])).toEqual([
      ['graphEase.itemModel', '"tiny"'],
      ['graphEase.localNeighbours', '0'],
      ['gramNeighbours', '1.5'],
      ['easeLambda', '-1'],
    ]);
    expect(problems[0]!.message).toBe('--set: graphEase.itemModel must be one of auto, dense, sparse (got "tiny")');
    expect(problems[1]!.message).toMatch(/graphEase\.localNeighbours must be a whole number ≥ 1 \(got 0\)$/);
    expect(problems[3]!.message).toMatch(/easeLambda must be ≥ 0 \(got -1\)$/);
    expect(
      problemsOf(() => resolveModelConfig(MODELS, 'graph-ease', { overrides: { neighbours: -3 } }))[0]!.field,
    ).toBe('neighbours');
    const dropout = problemsOf(() => resolveModelConfig(MODELS, 'ease', { overrides: { dropout: 1 } }));
    expect(dropout.map((p) => p.message)).toEqual(['--set: dropout must be ≥ 0 and < 1 (got 1)']);
    expect(resolveModelConfig(MODELS, 'ease', { overrides: { dropout: 0.5 } })['dropout']).toBe(0.5);
    const ok = resolveModelConfig(EVAL_MODELS, 'fused', {
      overrides: { graphEase: { lambda: 0 }, easeModel: 'local' },
    });
    expect(ok['easeModel']).toBe('local');
  });

  it("fused's graphEase starts from graph-ease's own file, so the model reads no file itself", () => {
    const graphEaseFile = JSON.parse(readFileSync(modelConfigPath('graph-ease'), 'utf8')) as { gcnWeight: number };
    expect(graphEaseFile.gcnWeight).not.toBe(GRAPH_EASE_DEFAULTS.gcnWeight);
    const c = resolveModelConfig(EVAL_MODELS, 'fused', { overrides: { graphEase: { rp3Beta: 0.7 } } });
    expect(c['graphEase']).toEqual({ ...resolveModelConfig(MODELS, 'graph-ease'), rp3Beta: 0.7 });
    expect((c['graphEase'] as { gcnWeight: number }).gcnWeight).toBe(graphEaseFile.gcnWeight);
    expect(c).not.toHaveProperty('tagsFile');
    const fused = createModel(EVAL_MODELS, 'fused', c) as FusedRecommender;
    expect(fused.settings.graphEase).toEqual(c['graphEase']);
  });

  it('createModel checks programmatic options too', () => {
    expect(createModel(MODELS, 'ease', { lambda: 10 }).name).toBe('ease');
    expect(problemsOf(() => createModel(MODELS, 'ease', { lamda: 10 }))[0]!.field).toBe('lamda');
    expect(problemsOf(() => createModel(MODELS, 'popularity', { anything: 1 }))[0]!.message).toMatch(/it takes none/);
    expect(EASE_DEFAULTS.lambda).toBe(100);
  });

  it('parses key=value overrides as JSON when they are JSON; dotted keys reach into objects', () => {
    expect(parseOverride('lr=0.5')).toEqual(['lr', 0.5]);
    expect(parseOverride('name=abc')).toEqual(['name', 'abc']);
    expect(() => parseOverride('novalue')).toThrow(/key=value/);
    expect(addOverride({ a: 1 }, 'b.c', 2)).toEqual({ a: 1, b: { c: 2 } });
  });
});
