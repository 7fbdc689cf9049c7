import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/eval/dataset';
import { keepReport } from '../../../src/eval/report-file';
import { evalReport, runEvaluation, type EvalReport, type EvalRunOptions } from '../../../src/eval/run';

function dataset(): Dataset {
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < 20; user++)
    for (let k = 0; k < 10; k++) {
      u.push(user);
      i.push((user * 3 + k * 7) % 40);
    }
  return {
    name: 'toy',
    userIds: Array.from({ length: 20 }, (_, k) => `u${k}`),
    itemIds: Array.from({ length: 40 }, (_, k) => `m${k}`),
    pairs: { user: Int32Array.from(u), item: Int32Array.from(i), weight: new Float32Array(u.length).fill(1) },
    social: { src: new Int32Array(0), dst: new Int32Array(0) },
    tagNames: [],
  };
}

const options: EvalRunOptions = {
  model: 'popularity',
  config: {},
  seeds: [1, 2, 3],
  ks: [10],
  backend: 'none',
  log: () => undefined,
};
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as EvalReport;

describe('eval report file', () => {
  it('is rewritten after every seed, complete only after the last', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'sub', 'r.json');
    const seen: { seeds: number[]; complete: boolean; onDisk: number[] }[] = [];
    const signals = new EventEmitter();
    const keeper = keepReport(file, evalReport(dataset(), options, []), {
      log: () => undefined,
      signals,
      exit: () => undefined,
    });
    const report = await runEvaluation(dataset(), {
      ...options,
      onSeed: (r) => {
        keeper.update(r);
        seen.push({ seeds: r.seeds, complete: r.complete, onDisk: read(file).seeds });
      },
    });
    keeper.dispose();
    expect(seen).toEqual([
      { seeds: [1], complete: false, onDisk: [1] },
      { seeds: [1, 2], complete: false, onDisk: [1, 2] },
      { seeds: [1, 2, 3], complete: true, onDisk: [1, 2, 3] },
    ]);
    expect(read(file)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(readdirSync(join(file, '..'))).toEqual(['r.json']); // no temporary file left
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });

  it('on SIGTERM writes the seeds done and exits 143; on SIGINT 130', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'r.json');
    const signals = new EventEmitter();
    const exits: number[] = [];
    const lines: string[] = [];
    const d = dataset();
    const keeper = keepReport(file, evalReport(d, options, []), {
      log: (l) => lines.push(l),
      signals,
      exit: (c) => exits.push(c),
    });
    signals.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(read(file)).toMatchObject({ seeds: [], seedsPlanned: [1, 2, 3], complete: false });
    const one = {
      seed: 1,
      metrics: { 'ndcg@10': 0.5 },
      validation: { 'ndcg@10': 0.4 },
      trainSeconds: 1,
      evalSeconds: 1,
    };
    keeper.update(evalReport(d, options, [one]));
    signals.emit('SIGTERM');
    expect(exits).toEqual([130, 143]);
    expect(read(file)).toMatchObject({ seeds: [1], complete: false, metrics: { 'ndcg@10': 0.5 } });
    expect(lines.at(-1)).toBe(`stopped by SIGTERM after seeds 1 of 1,2,3: partial report in ${file}`);
    keeper.dispose();
  });

  it('without --out only says what was done', () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const lines: string[] = [];
    keepReport(undefined, evalReport(dataset(), options, []), {
      log: (l) => lines.push(l),
      signals,
      exit: (c) => exits.push(c),
    });
    signals.emit('SIGTERM');
    expect(exits).toEqual([143]);
    expect(lines).toEqual(['stopped by SIGTERM after no seed of 1,2,3 (no --out file)']);
    expect(existsSync('undefined')).toBe(false);
  });
});
