/**
 * SavedModel ⇄ bytes: a JSON header (name, format version, params, meta, array directory) followed
 * by the typed arrays, each 8-byte aligned. Used to keep trained models in the store.
 *
 * @example
 *   const bytes = encodeModel(model.save());
 *   const saved = decodeModel(bytes); // same name, params, meta and array contents
 */
import type { ModelArrays, SavedModel } from './recommender.js';

const magic = 'LLMODEL1';
const arrayTypes = { Float32Array, Float64Array, Int32Array, Uint8Array } as const;
type ArrayTypeName = keyof typeof arrayTypes;

interface Header {
  name: string;
  formatVersion: number;
  params: Record<string, unknown>;
  meta: Record<string, unknown>;
  arrays: { key: string; type: ArrayTypeName; length: number; offset: number }[];
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeModel(saved: SavedModel): Buffer {
  const arrays: Header['arrays'] = [];
  let offset = 0;
  for (const [key, arr] of Object.entries(saved.arrays)) {
    const type = arr.constructor.name as ArrayTypeName;
    if (!(type in arrayTypes)) throw new Error(`array "${key}" has unsupported type ${type}`);
    arrays.push({ key, type, length: arr.length, offset });
    offset = align8(offset + arr.byteLength);
  }
  const header: Header = { name: saved.name, formatVersion: saved.formatVersion, params: saved.params, meta: saved.meta, arrays };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align8(magic.length + 4 + headerBytes.length);
  const out = Buffer.alloc(start + offset);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, magic.length);
  headerBytes.copy(out, magic.length + 4);
  for (const a of arrays) {
    const src = saved.arrays[a.key]!;
    Buffer.from(src.buffer, src.byteOffset, src.byteLength).copy(out, start + a.offset);
  }
  return out;
}

export function decodeModel(bytes: Uint8Array): SavedModel {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.toString('latin1', 0, magic.length) !== magic) throw new Error('not a saved Learnloop model');
  const headerLength = buf.readUInt32LE(magic.length);
  const header = JSON.parse(buf.toString('utf8', magic.length + 4, magic.length + 4 + headerLength)) as Header;
  const start = align8(magic.length + 4 + headerLength);
  const arrays: ModelArrays = {};
  for (const a of header.arrays) {
    const Ctor = arrayTypes[a.type];
    const copy = new Ctor(a.length);
    const bytesPer = Ctor.BYTES_PER_ELEMENT;
    Buffer.from(copy.buffer).set(buf.subarray(start + a.offset, start + a.offset + a.length * bytesPer));
    arrays[a.key] = copy;
  }
  return { name: header.name, formatVersion: header.formatVersion, params: header.params, meta: header.meta, arrays };
}
