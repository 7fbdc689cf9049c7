/**
 * Jest's node environment runs tests in a separate V8 context with its own Float32Array etc., but
 * onnxruntime-node's native binding creates output tensors with the host context's constructors, and
 * onnxruntime-common then rejects them (`data must be type of Float32Array`; jest issue #2549). This
 * environment shares the host's typed-array constructors with the test context. Use it with the
 * docblock `@jest-environment ./test/unit/text/support/native-typed-arrays-environment.ts`.
 */
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export default class NativeTypedArraysEnvironment extends TestEnvironment {
  async setup(): Promise<void> {
    await super.setup();
    const target = this.global as unknown as Record<string, unknown>;
    for (const name of SHARED) target[name] = (globalThis as unknown as Record<string, unknown>)[name];
  }
}
