import { readFileSync } from 'node:fs';
import { configFromFile, jobModelConfig, modelConfig, modelConfigPath, parseOverride } from '../../../src/models/model-config';

describe('model configs', () => {
  const file = JSON.parse(readFileSync(modelConfigPath('lightgcn'), 'utf8')) as { epochs: number; job: { epochs: number } };

  it('give models their hyperparameters without the job section', () => {
    const c = modelConfig('lightgcn');
    expect(c).not.toHaveProperty('job');
    expect(c['epochs']).toBe(file.epochs);
    expect(modelConfig('lightgcn', { epochs: 3 })['epochs']).toBe(3);
    // a file named by path (eval's --config) is read the same way
    expect(configFromFile(modelConfigPath('lightgcn'), { dim: 8 })).toEqual({ ...c, dim: 8 });
  });

  it('give jobs the job section over the rest, and overrides over both', () => {
    expect(file.job.epochs).not.toBe(file.epochs);
    const c = jobModelConfig('lightgcn');
    expect(c).not.toHaveProperty('job');
    expect(c['epochs']).toBe(file.job.epochs);
    expect(c['dim']).toBe(64);
    expect(jobModelConfig('lightgcn', { epochs: 2 })['epochs']).toBe(2);
    // a model without a config file or job section falls back to plain values
    expect(jobModelConfig('no-such-model', { epochs: 4 })).toEqual({ epochs: 4 });
  });

  it('parse key=value overrides as JSON when they are JSON', () => {
    expect(parseOverride('lr=0.5')).toEqual(['lr', 0.5]);
    expect(parseOverride('name=abc')).toEqual(['name', 'abc']);
    expect(() => parseOverride('novalue')).toThrow(/key=value/);
  });
});
