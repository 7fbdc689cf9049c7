import { parseSafetensors } from '../../../../src/text/transformer/safetensors';

/** Builds a safetensors file: 8-byte length, JSON header, data. */
function file(
  tensors: Record<string, { dtype: string; shape: number[]; bytes: Buffer }>,
  metadata?: Record<string, string>,
): Buffer {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, Buffer.from(json), ...Object.values(tensors).map((t) => t.bytes)]);
}

const f32 = (values: number[]): Buffer => Buffer.from(new Float32Array(values).buffer);
const u16 = (values: number[]): Buffer => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v, 2 * i));
  return b;
};

describe('parseSafetensors', () => {
  it('reads F32, F16 and BF16 tensors as float32 with their shapes and the metadata', () => {
    const st = parseSafetensors(
      file(
        {
          a: { dtype: 'F32', shape: [2, 2], bytes: f32([1, -2, 0.5, 3]) },
          // binary16: 1.0, -2.0, 0.5, 65504 (largest), smallest subnormal 2^-24
          h: { dtype: 'F16', shape: [5], bytes: u16([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001]) },
          // bfloat16: the top half of float32 1.5 and -0.25
          b: { dtype: 'BF16', shape: [2], bytes: u16([0x3fc0, 0xbe80]) },
          ids: { dtype: 'I64', shape: [1, 2], bytes: Buffer.alloc(16) },
        },
        { format: 'pt' },
      ),
    );
    expect(st.metadata).toEqual({ format: 'pt' });
    expect([...st.infos.keys()]).toEqual(['a', 'h', 'b', 'ids']);
    expect(st.infos.get('a')!.shape).toEqual([2, 2]);
    expect([...st.float32('a')]).toEqual([1, -2, 0.5, 3]);
    expect([...st.float32('h')]).toEqual([1, -2, 0.5, 65504, 2 ** -24]);
    expect([...st.float32('b')]).toEqual([1.5, -0.25]);
  });

  it('refuses integer tensors, absent names, truncated files and sizes that contradict the shape', () => {
    const good = file({ ids: { dtype: 'I64', shape: [2], bytes: Buffer.alloc(16) } });
    expect(() => parseSafetensors(good).float32('ids')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'model.safetensors' }),
    );
    expect(() => parseSafetensors(good).float32('nope')).toThrow(/no tensor nope/);
    expect(() => parseSafetensors(Buffer.alloc(4))).toThrow(/too short/);
    expect(() => parseSafetensors(good.subarray(0, good.length - 4))).toThrow(/outside the file/);
    const wrongShape = file({ a: { dtype: 'F32', shape: [3], bytes: f32([1, 2]) } });
    expect(() => parseSafetensors(wrongShape)).toThrow(/does not fill/);
    const notJson = Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{{{{')]);
    expect(() => parseSafetensors(notJson)).toThrow(/not JSON/);
  });
});
