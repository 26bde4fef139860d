/**
 * Unit vectors in one block of WebAssembly memory, compared with 128-bit SIMD (four float lanes, two
 * accumulators): ~5× the plain JavaScript loop. The module is 130 bytes written out below with its text
 * form beside each instruction; where WebAssembly SIMD is missing the same arithmetic runs in JavaScript.
 */

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
const name = (s: string) => [s.length, ...Buffer.from(s, 'ascii')];

// (func $dot (param $a i32) (param $b i32) (param $n i32) (result f32)
//   (local $end i32) (local $acc0 v128) (local $acc1 v128) …) — $n floats from byte offsets $a and $b.
const A = 0;
const B = 1;
const N = 2;
const END = 3;
const ACC0 = 4;
const ACC1 = 5;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const v128Load = (offset: number) => [0xfd, 0x00, 0x02, ...leb(offset)]; // v128.load align=4 offset
const f32x4Add = [0xfd, 0xe4, 0x01];
const f32x4Mul = [0xfd, 0xe6, 0x01];
const lane = (i: number) => [0xfd, 0x1f, i]; // f32x4.extract_lane i
const multiplyAdd = (acc: number, offset: number) => [
  ...get(acc),
  ...get(A),
  ...v128Load(offset),
  ...get(B),
  ...v128Load(offset),
  ...f32x4Mul,
  ...f32x4Add,
  ...set(acc),
];
const advance = (i: number) => [...get(i), 0x41, 32, 0x6a, ...set(i)]; // $i = $i + 32
const body = [
  0x02, // local groups
  0x01,
  0x7f, // one i32 ($end)
  0x02,
  0x7b, // two v128 ($acc0, $acc1)
  ...[...get(A), ...get(N), 0x41, 2, 0x74, 0x6a, ...set(END)], // $end = $a + ($n << 2)
  0x02,
  0x40, // block
  0x03,
  0x40, // loop
  ...[...get(A), ...get(END), 0x4f, 0x0d, 1], // br_if 1 when $a >= $end
  ...multiplyAdd(ACC0, 0),
  ...multiplyAdd(ACC1, 16),
  ...advance(A),
  ...advance(B),
  0x0c,
  0, // br 0
  0x0b,
  0x0b, // end loop, end block
  ...[...get(ACC0), ...get(ACC1), ...f32x4Add, ...set(ACC0)],
  ...[...get(ACC0), ...lane(0)],
  ...[...get(ACC0), ...lane(1), 0x92], // f32.add
  ...[...get(ACC0), ...lane(2), 0x92],
  ...[...get(ACC0), ...lane(3), 0x92],
  0x0b, // end
];
const moduleBytes = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
  ...section(1, [0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7d]), // type 0: (i32 i32 i32) -> f32
  ...section(3, [0x01, 0x00]), // function 0 has type 0
  ...section(5, [0x01, 0x00, 0x01]), // one memory, at least one page
  ...section(7, [0x02, ...name('dot'), 0x00, 0x00, ...name('memory'), 0x02, 0x00]),
  ...section(10, [0x01, ...leb(body.length), ...body]),
]);

/** The part of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface Simd {
  memory: WasmMemory;
  dot: (a: number, b: number, n: number) => number;
}

function instantiate(): Simd | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (!wasm?.validate(moduleBytes)) return undefined;
    const { exports } = new wasm.Instance(new wasm.Module(moduleBytes));
    return { memory: exports.memory as WasmMemory, dot: exports.dot as Simd['dot'] };
  } catch {
    return undefined;
  }
}

const PAGE = 65536;

/**
 * Slots of `dims` floats each, plus one query slot. `dims` a multiple of 8 uses SIMD (bge-small's 512 is);
 * anything else, or a runtime without WebAssembly SIMD, the JavaScript loop.
 */
export class VectorStore {
  private readonly simd: Simd | undefined;
  private floats: Float32Array;
  private capacity = 0;

  constructor(
    readonly dims: number,
    { simd = true }: { simd?: boolean } = {},
  ) {
    this.simd = simd && dims % 8 === 0 ? instantiate() : undefined;
    this.floats = new Float32Array(0);
    this.reserve(1024);
  }

  get usesSimd(): boolean {
    return this.simd !== undefined;
  }

  /** Room for `slots` vectors (slot numbers 0 … slots − 1); kept contents survive. */
  reserve(slots: number) {
    if (slots <= this.capacity) return;
    const floats = (slots + 1) * this.dims;
    if (this.simd) {
      const need = Math.ceil((floats * 4) / PAGE) - this.simd.memory.buffer.byteLength / PAGE;
      if (need > 0) this.simd.memory.grow(need);
      this.floats = new Float32Array(this.simd.memory.buffer, 0, floats);
    } else {
      const grown = new Float32Array(floats);
      grown.set(this.floats.subarray(0, Math.min(this.floats.length, floats)));
      this.floats = grown;
    }
    this.capacity = slots;
  }

  /** The slot's floats, to write into (the query lives in the slot past the last). */
  slot(slot: number): Float32Array {
    const start = (slot + 1) * this.dims;
    return this.floats.subarray(start, start + this.dims);
  }

  /** Sets the query all following `similarity` calls compare with (scaled to unit length). */
  setQuery(vector: Float32Array) {
    const q = this.floats.subarray(0, this.dims);
    let norm = 0;
    for (let i = 0; i < this.dims; i++) norm += vector[i]! * vector[i]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < this.dims; i++) q[i] = vector[i]! * scale;
  }

  /** Cosine similarity of the query and a slot's vector (both unit length). */
  similarity(slot: number): number {
    const dims = this.dims;
    if (this.simd) return this.simd.dot(0, (slot + 1) * dims * 4, dims);
    const m = this.floats;
    const offset = (slot + 1) * dims;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    let i = 0;
    for (; i + 4 <= dims; i += 4) {
      a += m[i]! * m[offset + i]!;
      b += m[i + 1]! * m[offset + i + 1]!;
      c += m[i + 2]! * m[offset + i + 2]!;
      d += m[i + 3]! * m[offset + i + 3]!;
    }
    for (; i < dims; i++) a += m[i]! * m[offset + i]!;
    return a + b + c + d;
  }
}
