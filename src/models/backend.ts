/**
 * TensorFlow.js backend selection. Preference order: tfjs-node-gpu (CUDA), tfjs-node (native
 * TensorFlow), wasm (XNNPACK; ~25 GFLOP/s matMul here), cpu (pure JS). The native packages are
 * optionalDependencies whose binaries cannot always be downloaded, so each is required in a
 * try/catch and skipped when absent. The caller (CLI/config edge) passes an override; this module
 * never reads the environment.
 */
import * as tf from '@tensorflow/tfjs';
import { BadInputError } from '../domain/errors';

export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendOptions {
  /** Use exactly this backend (fails if it cannot start); otherwise the first that works in order. */
  preferred?: BackendName;
  log?: (line: string) => void;
}

export interface BackendInfo {
  /** Our name for it: node-gpu, node, wasm or cpu. */
  name: BackendName;
  /** tfjs's registered backend name (tensorflow, wasm, cpu). */
  tfBackend: string;
  /** Why each earlier candidate was skipped. */
  skipped: Record<string, string>;
}

let active: BackendInfo | undefined;

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

/** Selects and initialises a backend once per process; later calls return the same choice. */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  if (active && (!options.preferred || options.preferred === active.name)) return active;
  if (options.preferred && !isBackendName(options.preferred)) {
    throw new BadInputError(
      'backend',
      `backend must be one of ${BACKEND_NAMES.join(', ')} (got ${String(options.preferred)})`,
      options.preferred,
    );
  }
  const candidates: readonly BackendName[] = options.preferred ? [options.preferred] : BACKEND_NAMES;
  const skipped: Record<string, string> = {};
  for (const name of candidates) {
    try {
      const tfBackend = await start(name);
      active = { name, tfBackend, skipped };
      options.log?.(
        `tfjs backend: ${name}${Object.keys(skipped).length ? ` (skipped ${Object.keys(skipped).join(', ')})` : ''}`,
      );
      return active;
    } catch (error) {
      skipped[name] = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
  }
  throw new BadInputError(
    'backend',
    `no tfjs backend could start (${Object.entries(skipped)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')})`,
    options.preferred,
  );
}

/** The active backend, if one was initialised. */
export function activeBackend(): BackendInfo | undefined {
  return active;
}

async function start(name: BackendName): Promise<string> {
  switch (name) {
    case 'node-gpu':
    case 'node': {
      // The native bindings register the 'tensorflow' backend on require.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(name === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
      await setAndCheck('tensorflow');
      return 'tensorflow';
    }
    case 'wasm': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-backend-wasm');
      await setAndCheck('wasm');
      return 'wasm';
    }
    case 'cpu':
      await setAndCheck('cpu');
      return 'cpu';
  }
}

async function setAndCheck(tfName: string): Promise<void> {
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`tf.setBackend('${tfName}') failed`);
  await tf.ready();
  // A tiny op proves the kernels actually run (a registered backend can still fail to initialise).
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
  const v = (await probe.data())[0];
  probe.dispose();
  if (v !== 2) throw new Error(`backend ${tfName} computed 1+1=${v}`);
}
