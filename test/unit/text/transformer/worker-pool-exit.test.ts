/**
 * A CLI that loads the encoder and never closes it must still exit: idle workers are unreferenced.
 * (Regression: `npm run job -- embed-media` with nothing new to embed hung after printing its result.)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, requireMiniLm } from '../support/minilm';

jest.setTimeout(120_000);

function runScript(body: string): { status: number | null; stdout: string; signal: NodeJS.Signals | null } {
  const encoder = join(REPO, 'src', 'text', 'transformer', 'transformer-encoder.ts');
  const script = `const { TransformerEncoder } = require(${JSON.stringify(encoder)});
    (async () => { const e = await TransformerEncoder.load({ modelDir: ${JSON.stringify(requireMiniLm())}, backend: 'wasm', threads: 2 }); ${body} console.log('done'); })();`;
  const out = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 45_000,
  });
  return { status: out.status, stdout: out.stdout, signal: out.signal };
}

describe('worker pool lifetime', () => {
  it('lets the process exit with idle, never-used workers and after work, without close()', () => {
    expect(runScript('')).toMatchObject({ status: 0, signal: null, stdout: expect.stringContaining('done') });
    expect(runScript("await e.embed(['a song about love', 'heavy metal']);")).toMatchObject({
      status: 0,
      signal: null,
    });
  });
});
