/**
 * Reader for the safetensors format (Hugging Face, https://github.com/huggingface/safetensors):
 *   [u64 little-endian N][N bytes of JSON header][raw tensor bytes]
 * The header maps each tensor name to {dtype, shape, data_offsets: [begin, end)} relative to the end
 * of the header, plus an optional "__metadata__" object of strings. Tensors are row-major.
 *
 * Written here rather than taken from a library: the npm registry lists no maintained safetensors
 * reader for Node (searched by name; the Hugging Face JS packages parse headers only from the Hub,
 * over HTTP), and the format is the 8-byte length + JSON header above. Floating point tensors come
 * back as Float32Array (F16 and BF16 widened), the only dtype the forward pass uses; integer tensors
 * (BERT's `position_ids` buffer) are listed but not decoded.
 */
import { BadInputError } from '../../domain/errors';

export interface SafetensorInfo {
  dtype: string;
  shape: number[];
  /** Byte range inside the data section. */
  begin: number;
  end: number;
}

export interface Safetensors {
  /** Every tensor's header entry, by name. */
  readonly infos: ReadonlyMap<string, SafetensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
  /** The raw header bytes (for content identity). */
  readonly headerBytes: Buffer;
  /** The tensor as float32 (F32 viewed or copied, F16/BF16 widened); throws for an absent name or an integer dtype. */
  float32(name: string): Float32Array;
}

const FLOAT_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

/** Parses a safetensors file already read into memory; `source` names it in errors. */
export function parseSafetensors(buffer: Buffer, source = 'model.safetensors'): Safetensors {
  if (buffer.length < 8)
    throw new BadInputError(
      'model.safetensors',
      `${source} is too short to be a safetensors file (${buffer.length} bytes)`,
      buffer.length,
    );
  const headerLength = Number(buffer.readBigUInt64LE(0));
  if (headerLength <= 1 || 8 + headerLength > buffer.length) {
    throw new BadInputError(
      'model.safetensors',
      `${source} declares a header of ${headerLength} bytes in a file of ${buffer.length}`,
      headerLength,
    );
  }
  const headerBytes = buffer.subarray(8, 8 + headerLength);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new BadInputError(
      'model.safetensors',
      `${source} has a header that is not JSON (${(error as Error).message})`,
      source,
    );
  }
  const dataStart = 8 + headerLength;
  const dataLength = buffer.length - dataStart;
  const infos = new Map<string, SafetensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const offsets = entry.data_offsets as number[] | undefined;
    if (
      typeof entry.dtype !== 'string' ||
      !Array.isArray(entry.shape) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2
    ) {
      throw new BadInputError('model.safetensors', `${source}: tensor ${name} has a malformed header entry`, name);
    }
    const [begin, end] = offsets as [number, number];
    if (!(begin >= 0 && end >= begin && end <= dataLength)) {
      throw new BadInputError(
        'model.safetensors',
        `${source}: tensor ${name} lies outside the file (bytes ${begin}..${end} of ${dataLength})`,
        name,
      );
    }
    const shape = entry.shape as number[];
    const width = FLOAT_BYTES[entry.dtype];
    if (width !== undefined && shape.reduce((a, b) => a * b, 1) * width !== end - begin) {
      throw new BadInputError(
        'model.safetensors',
        `${source}: tensor ${name} of shape [${shape.join(', ')}] ${entry.dtype} does not fill bytes ${begin}..${end}`,
        name,
      );
    }
    infos.set(name, { dtype: entry.dtype, shape, begin, end });
  }

  const float32 = (name: string): Float32Array => {
    const info = infos.get(name);
    if (!info) throw new BadInputError('model.safetensors', `${source} has no tensor ${name}`, name);
    const bytes = buffer.subarray(dataStart + info.begin, dataStart + info.end);
    switch (info.dtype) {
      case 'F32': {
        // A view when aligned; the copy keeps a misaligned tensor readable.
        if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
        return new Float32Array(Uint8Array.from(bytes).buffer);
      }
      case 'F16':
        return widen(bytes, halfToFloat);
      case 'BF16':
        return widen(bytes, (bits) => bfloatToFloat(bits));
      default:
        throw new BadInputError(
          'model.safetensors',
          `${source}: tensor ${name} has dtype ${info.dtype}; the encoder reads F32, F16 and BF16 weights`,
          info.dtype,
        );
    }
  };
  return { infos, metadata, headerBytes: Buffer.from(headerBytes), float32 };
}

function widen(bytes: Buffer, convert: (bits: number) => number): Float32Array {
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = convert(bytes.readUInt16LE(2 * i));
  return out;
}

const scratch = new DataView(new ArrayBuffer(4));

function bfloatToFloat(bits: number): number {
  scratch.setUint32(0, bits << 16);
  return scratch.getFloat32(0);
}

/** IEEE 754 binary16 → number (subnormals, infinities and NaN included). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
