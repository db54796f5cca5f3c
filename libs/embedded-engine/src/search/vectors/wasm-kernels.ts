/**
 * The exact-search scan in WebAssembly SIMD, reproducing Lucene's scalar loops bit for bit (without FMA, as
 * DefaultVectorUtilSupport runs where the JVM has no fast scalar FMA):
 * - above 32 dimensions Lucene keeps 4 float accumulators fed in stride 4 (`acc1 += a[i]*b[i]`, `acc2 += a[i+1]*b[i+1]`,
 *   …) — exactly one f32x4 accumulator — then `res += acc1 + acc2 + acc3 + acc4` and a sequential tail;
 * - cosine's dot product uses 2 accumulators in stride 2: the same with 64-bit loads (lanes 2 and 3 stay zero);
 * - at 32 dimensions or fewer everything is the sequential tail.
 * Every step rounds the product then the sum to float32, as Java's `a * b + c` on floats does.
 *
 * The module is assembled here from bytes (no toolchain): three functions `dot`, `l2`, `cosdot`, each
 * `(data, n, dimBytes, q, out, upperBytes, list)`: for doc d < n, out[d] = kernel(q, data + d * dimBytes); and their
 * gathering twins `dotList`, `l2List`, `cosdotList`: for i < n, out[i] = kernel(q, data + list[i] * dimBytes), so that
 * a filtered search scores only its candidates.
 */

type Kind = 'dot' | 'l2' | 'cosdot';

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Load: [0x28, 0x02, 0x00],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32GtU: [0x4b],
  f32Load: [0x2a, 0x02, 0x00],
  f32Store: [0x38, 0x02, 0x00],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  v128Load: [0xfd, 0x00, 0x02, 0x00],
  v128Load64Zero: [0xfd, 0x5d, 0x02, 0x00],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Lane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  i32Store: [0x36, 0x02, 0x00],
  /** v128.load8x8_s: 8 signed bytes widened to 8 i16 lanes */
  i16x8Load8x8: [0xfd, 0x01, 0x00, 0x00],
  i32x4DotI16x8: [0xfd, ...uleb(0xba)],
  i32x4Add: [0xfd, ...uleb(0xae)],
  i32x4Lane: (lane: number) => [0xfd, 0x1b, lane],
};

// params
const DATA = 0;
const N = 1;
const DIM_BYTES = 2;
const Q = 3;
const OUT = 4;
const UPPER = 5;
const LIST = 6;
// locals: i32
const D = 7;
const P = 8;
const J = 9;
/** The vectors of the GROUP docs scored together (their addresses). */
const GROUP_P = [10, 11, 12, 13];
// v128
const ACC = 14;
const DIFF = 15;
const GROUP_ACC = [16, 17, 18, 19];
const QV = 20;
// f32
const RES = 21;
const TMP = 22;
const GROUP_RES = [23, 24, 25, 26];
const QS = 27;
const LOCALS = [3, 7, I32, 7, V128, 7, F32];

/**
 * Docs scored together: each keeps its own accumulator, in the same order of operations as alone (so the same bits),
 * but the four chains of dependent float additions overlap in the CPU instead of each waiting for the last. Alone, a
 * doc's loop is bound by that chain's latency (a cosine's 64-d dot product is 32 dependent vector additions).
 */
const GROUP = 4;

function body(kind: Kind, gather: boolean): number[] {
  const load = kind === 'cosdot' ? op.v128Load64Zero : op.v128Load;
  const stride = kind === 'cosdot' ? 8 : 16;
  // with (doc value, query value) on the stack, leaves their product (dot, cosdot) or squared difference (l2)
  const vecStep =
    kind === 'l2' ? [...op.f32x4Sub, ...op.tee(DIFF), ...op.get(DIFF), ...op.f32x4Mul] : [...op.f32x4Mul];
  const scalarStep =
    kind === 'l2' ? [...op.f32Sub, ...op.tee(TMP), ...op.get(TMP), ...op.f32Mul] : [...op.f32Mul];
  // the address of doc `d + k`'s vector: data + list[d + k] * dimBytes when gathering, else data + (d + k) * dimBytes
  const docAddress = (k: number) =>
    gather
      ? [...op.get(LIST), ...op.get(D), ...op.i32(k), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add,
         ...op.i32Load, ...op.get(DIM_BYTES), ...op.i32Mul, ...op.get(DATA), ...op.i32Add]
      : [...op.get(D), ...op.i32(k), ...op.i32Add, ...op.get(DIM_BYTES), ...op.i32Mul, ...op.get(DATA), ...op.i32Add]; // prettier-ignore
  // res = ((acc1 + acc2) + acc3) + acc4
  const reduce = (acc: number, res: number) => [
    ...op.get(acc), ...op.f32x4Lane(0), ...op.get(acc), ...op.f32x4Lane(1), ...op.f32Add,
    ...op.get(acc), ...op.f32x4Lane(2), ...op.f32Add,
    ...op.get(acc), ...op.f32x4Lane(3), ...op.f32Add,
    ...op.set(res),
  ]; // prettier-ignore
  const store = (k: number, res: number) => [
    ...op.get(OUT), ...op.get(D), ...op.i32(k), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add,
    ...op.get(res), ...op.f32Store,
  ]; // prettier-ignore
  const ks = [...Array(GROUP).keys()];
  const grouped = [
    ...op.block,
    ...op.loop,
    // while d + GROUP <= n
    ...op.get(D), ...op.i32(GROUP), ...op.i32Add, ...op.get(N), ...op.i32GtU, ...op.brIf(1),
    ...ks.flatMap((k) => [...docAddress(k), ...op.set(GROUP_P[k]), ...op.v128Zero, ...op.set(GROUP_ACC[k])]),
    ...op.i32(0), ...op.set(J),
    // the unrolled part: one f32x4 accumulator per doc, the query's lanes loaded once for all
    ...op.block,
    ...op.loop,
    ...op.get(J), ...op.get(UPPER), ...op.i32GeU, ...op.brIf(1),
    ...op.get(Q), ...op.get(J), ...op.i32Add, ...load, ...op.set(QV),
    ...ks.flatMap((k) => [
      ...op.get(GROUP_ACC[k]),
      ...op.get(GROUP_P[k]), ...op.get(J), ...op.i32Add, ...load,
      ...op.get(QV),
      ...vecStep,
      ...op.f32x4Add, ...op.set(GROUP_ACC[k]),
    ]),
    ...op.get(J), ...op.i32(stride), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...ks.flatMap((k) => reduce(GROUP_ACC[k], GROUP_RES[k])),
    // the sequential tail
    ...op.block,
    ...op.loop,
    ...op.get(J), ...op.get(DIM_BYTES), ...op.i32GeU, ...op.brIf(1),
    ...op.get(Q), ...op.get(J), ...op.i32Add, ...op.f32Load, ...op.set(QS),
    ...ks.flatMap((k) => [
      ...op.get(GROUP_RES[k]),
      ...op.get(GROUP_P[k]), ...op.get(J), ...op.i32Add, ...op.f32Load,
      ...op.get(QS),
      ...scalarStep,
      ...op.f32Add, ...op.set(GROUP_RES[k]),
    ]),
    ...op.get(J), ...op.i32(4), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...ks.flatMap((k) => store(k, GROUP_RES[k])),
    ...op.get(D), ...op.i32(GROUP), ...op.i32Add, ...op.set(D),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ]; // prettier-ignore
  // the last docs (fewer than GROUP), one at a time
  const single = [
    ...op.block,
    ...op.loop,
    ...op.get(D), ...op.get(N), ...op.i32GeU, ...op.brIf(1),
    ...docAddress(0), ...op.set(P),
    ...op.v128Zero, ...op.set(ACC),
    ...op.i32(0), ...op.set(J),
    ...op.block,
    ...op.loop,
    ...op.get(J), ...op.get(UPPER), ...op.i32GeU, ...op.brIf(1),
    ...op.get(ACC),
    ...op.get(P), ...op.get(J), ...op.i32Add, ...load,
    ...op.get(Q), ...op.get(J), ...op.i32Add, ...load,
    ...vecStep,
    ...op.f32x4Add, ...op.set(ACC),
    ...op.get(J), ...op.i32(stride), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...reduce(ACC, RES),
    ...op.block,
    ...op.loop,
    ...op.get(J), ...op.get(DIM_BYTES), ...op.i32GeU, ...op.brIf(1),
    ...op.get(RES),
    ...op.get(P), ...op.get(J), ...op.i32Add, ...op.f32Load,
    ...op.get(Q), ...op.get(J), ...op.i32Add, ...op.f32Load,
    ...scalarStep,
    ...op.f32Add, ...op.set(RES),
    ...op.get(J), ...op.i32(4), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...store(0, RES),
    ...op.get(D), ...op.i32(1), ...op.i32Add, ...op.set(D),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ]; // prettier-ignore
  const fn = [...LOCALS, ...op.i32(0), ...op.set(D), ...grouped, ...single, ...op.end];
  return [...uleb(fn.length), ...fn];
}

/**
 * The int8 pre-scan's kernel (`i8dot`, `i8dotList`): out[i] (an i32) = Σ codes[j] · query[j] over `dimBytes` codes of
 * one byte each (a multiple of 8; the query is i16, at twice the offset), integers throughout, so exact in any order.
 * Docs go GROUP at a time as in `body`, then one at a time.
 */
function int8Body(gather: boolean): number[] {
  const docAddress = (k: number) =>
    gather
      ? [...op.get(LIST), ...op.get(D), ...op.i32(k), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add,
         ...op.i32Load, ...op.get(DIM_BYTES), ...op.i32Mul, ...op.get(DATA), ...op.i32Add]
      : [...op.get(D), ...op.i32(k), ...op.i32Add, ...op.get(DIM_BYTES), ...op.i32Mul, ...op.get(DATA), ...op.i32Add]; // prettier-ignore
  const sumAndStore = (k: number, acc: number) => [
    ...op.get(OUT), ...op.get(D), ...op.i32(k), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add,
    ...op.get(acc), ...op.i32x4Lane(0), ...op.get(acc), ...op.i32x4Lane(1), ...op.i32Add,
    ...op.get(acc), ...op.i32x4Lane(2), ...op.i32Add, ...op.get(acc), ...op.i32x4Lane(3), ...op.i32Add,
    ...op.i32Store,
  ]; // prettier-ignore
  const loop = (count: number, accs: number[], ps: number[]) => [
    ...op.block,
    ...op.loop,
    // while d + count <= n
    ...op.get(D), ...op.i32(count), ...op.i32Add, ...op.get(N), ...op.i32GtU, ...op.brIf(1),
    ...accs.flatMap((acc, k) => [...docAddress(k), ...op.set(ps[k]), ...op.v128Zero, ...op.set(acc)]),
    ...op.i32(0), ...op.set(J),
    ...op.block,
    ...op.loop,
    ...op.get(J), ...op.get(DIM_BYTES), ...op.i32GeU, ...op.brIf(1),
    // the query's 8 i16 lanes at q + 2j
    ...op.get(Q), ...op.get(J), ...op.i32(1), ...op.i32Shl, ...op.i32Add, ...op.v128Load, ...op.set(QV),
    ...accs.flatMap((acc, k) => [
      ...op.get(acc),
      ...op.get(ps[k]), ...op.get(J), ...op.i32Add, ...op.i16x8Load8x8,
      ...op.get(QV), ...op.i32x4DotI16x8,
      ...op.i32x4Add, ...op.set(acc),
    ]),
    ...op.get(J), ...op.i32(8), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...accs.flatMap((acc, k) => sumAndStore(k, acc)),
    ...op.get(D), ...op.i32(count), ...op.i32Add, ...op.set(D),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ]; // prettier-ignore
  const code = [...loop(GROUP, GROUP_ACC, GROUP_P), ...loop(1, [ACC], [P])];
  const fn = [...LOCALS, ...op.i32(0), ...op.set(D), ...code, ...op.end];
  return [...uleb(fn.length), ...fn];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

const KINDS: Kind[] = ['dot', 'l2', 'cosdot'];
const FUNCTIONS: { name: string; body: () => number[] }[] = [
  ...KINDS.map((kind) => ({ name: kind, body: () => body(kind, false) })),
  ...KINDS.map((kind) => ({ name: `${kind}List`, body: () => body(kind, true) })),
  { name: 'i8dot', body: () => int8Body(false) },
  { name: 'i8dotList', body: () => int8Body(true) },
];

function moduleBytes(): Uint8Array {
  const type = [1, 0x60, 7, I32, I32, I32, I32, I32, I32, I32, 0];
  const funcs = [FUNCTIONS.length, ...FUNCTIONS.map(() => 0)];
  const memory = [1, 0x00, 1];
  const exports = [
    1 + FUNCTIONS.length,
    ...name('memory'), 0x02, 0,
    ...FUNCTIONS.flatMap((f, i) => [...name(f.name), 0x00, i]),
  ]; // prettier-ignore
  const code = [FUNCTIONS.length, ...FUNCTIONS.flatMap((f) => f.body())];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, type),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, code),
  ]); // prettier-ignore
}

/** The slice of the WebAssembly API used here (the project's `lib` setting has no WebAssembly declarations). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type KernelFn = (
  data: number,
  n: number,
  dimBytes: number,
  q: number,
  out: number,
  upperBytes: number,
  list: number,
) => void;

interface Instance {
  memory: WasmMemory;
  dot: KernelFn;
  l2: KernelFn;
  cosdot: KernelFn;
  dotList: KernelFn;
  l2List: KernelFn;
  cosdotList: KernelFn;
  i8dot: KernelFn;
  i8dotList: KernelFn;
}

let compiled: WasmModule | null | undefined;

function compile(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(moduleBytes());
    } catch {
      compiled = null; // no SIMD: callers fall back to the JavaScript loops
    }
  }
  return compiled;
}

const PAGE = 65536;

/** Grows a WebAssembly memory to at least `needed` bytes (whole pages); what it holds stays. */
function growMemory(memory: WasmMemory, needed: number): void {
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
}
/** Lucene unrolls above 32 dimensions (DefaultVectorUtilSupport). */
const UNROLL_ABOVE = 32;

/**
 * A copy of one vector column in WebAssembly memory (docs appended since the last call are copied in; vectors never
 * change once written), with the query and the output laid out after it:
 * `[query (16-aligned)] [vectors of docs 0..n) ] [n float32 results]`.
 */
export class WasmVectorScan {
  private readonly instance: Instance;
  private readonly dimBytes: number;
  private readonly queryBytes: number;
  private copied = 0;
  /** Vectors the memory has room for when the column keeps its vectors here (see holdVectors). */
  private capacity = 0;
  private view: Float32Array | undefined;
  private wholeInts: Int32Array | undefined;
  private wholeFloats: Float32Array | undefined;

  private constructor(
    instance: Instance,
    readonly dimension: number,
  ) {
    this.instance = instance;
    this.dimBytes = dimension * 4;
    this.queryBytes = Math.ceil(this.dimBytes / 16) * 16;
  }

  /** A scanner, or undefined when WebAssembly SIMD is unavailable. */
  static create(dimension: number): WasmVectorScan | undefined {
    const module = compile();
    if (!module) return undefined;
    const exports = new wasm.Instance(module).exports as unknown as Instance;
    return new WasmVectorScan(exports, dimension);
  }

  /**
   * Makes this scan's memory the column's own storage for at least `docs` vectors (growing by doubling), so that the
   * vectors are kept once, not once in JavaScript and again here. The column reads them through vectors().
   */
  holdVectors(docs: number): void {
    if (docs <= this.capacity) return;
    const capacity = Math.max(docs, this.capacity * 2, 1024);
    this.ensureBytes(this.queryBytes + capacity * this.dimBytes);
    this.capacity = capacity;
    this.view = undefined;
  }

  /** The vector region (room for the held capacity), a view made again whenever the memory has grown. */
  vectors(): Float32Array {
    const buffer = this.instance.memory.buffer;
    if (!this.view || this.view.buffer !== buffer) {
      this.view = new Float32Array(buffer, this.queryBytes, this.capacity * this.dimension);
    }
    return this.view;
  }

  private ensureBytes(needed: number): void {
    growMemory(this.instance.memory, needed);
  }

  /** Copies the column's vectors in, unless they already live in this memory. */
  private copyIn(data: Float32Array, docs: number): void {
    // a column that lives here (holdVectors) needs no copy; its old views may even be detached by a grow
    if (this.capacity > 0) return;
    if (this.copied < docs) {
      const heap = new Float32Array(this.instance.memory.buffer);
      heap.set(
        data.subarray(this.copied * this.dimension, docs * this.dimension),
        this.queryBytes / 4 + this.copied * this.dimension,
      );
      this.copied = docs;
    }
  }

  /**
   * Raw kernel values for docs 0..n of `data` (the column's flat array): dot products (`dot`), squared distances
   * (`l2`) or cosine's dot product (`cosdot`). The returned view is valid until the next call.
   */
  scan(kind: Kind, data: Float32Array, n: number, query: Float32Array): Float32Array {
    const dim = this.dimension;
    const dataStart = this.queryBytes;
    // results go after the vectors: after the held capacity when the column lives here, else after every vector
    // copied in so far (a scan of fewer docs than an earlier one must not write over the later docs' vectors)
    const outStart = dataStart + Math.max(n, this.copied, this.capacity) * this.dimBytes;
    this.ensureBytes(outStart + n * 4);
    this.copyIn(data, n);
    const heap = new Float32Array(this.instance.memory.buffer);
    heap.set(query, 0);
    const unit = kind === 'cosdot' ? 2 : 4;
    const upper = dim > UNROLL_ABOVE ? dim & ~(unit - 1) : 0;
    this.instance[kind](dataStart, n, this.dimBytes, 0, outStart, upper * 4, 0);
    return heap.subarray(outStart / 4, outStart / 4 + n);
  }

  /**
   * For graph searches (hnsw.ts), which score a few dozen docs at a time: the raw `dot` or `l2` values between the
   * query slot and the first `n` docs of `docs`, written to `out`. The query slot holds what setQuery or
   * setQueryFromDoc put there last. Only for a column that lives in this memory (holdVectors).
   */
  gather(kind: 'dot' | 'l2', docs: Int32Array, n: number, out: Float64Array): void {
    const outStart = this.queryBytes + this.capacity * this.dimBytes;
    const listStart = outStart + n * 4;
    this.ensureBytes(listStart + n * 4);
    const ints = this.memoryInts();
    const listIndex = listStart >> 2;
    for (let i = 0; i < n; i++) ints[listIndex + i] = docs[i];
    const upper = this.dimension > UNROLL_ABOVE ? this.dimension & ~3 : 0;
    this.instance[kind === 'dot' ? 'dotList' : 'l2List'](
      this.queryBytes,
      n,
      this.dimBytes,
      0,
      outStart,
      upper * 4,
      listStart,
    );
    const floats = this.memoryFloats();
    const outIndex = outStart >> 2;
    for (let i = 0; i < n; i++) out[i] = floats[outIndex + i];
  }

  /** Puts a query vector in the query slot (see gather). */
  setQuery(vector: Float32Array): void {
    this.memoryFloats().set(vector, 0);
  }

  /** Puts a held doc's vector in the query slot (see gather). */
  setQueryFromDoc(doc: number): void {
    const start = (this.queryBytes >> 2) + doc * this.dimension;
    this.memoryFloats().copyWithin(0, start, start + this.dimension);
  }

  /** Views of the whole memory, made again only when it has grown (graph building calls these per neighbour list). */
  private memoryFloats(): Float32Array {
    const buffer = this.instance.memory.buffer;
    if (!this.wholeFloats || this.wholeFloats.buffer !== buffer) this.wholeFloats = new Float32Array(buffer);
    return this.wholeFloats;
  }

  private memoryInts(): Int32Array {
    const buffer = this.instance.memory.buffer;
    if (!this.wholeInts || this.wholeInts.buffer !== buffer) this.wholeInts = new Int32Array(buffer);
    return this.wholeInts;
  }

  /**
   * Raw kernel values for the documents of `docs` only (ascending ids below `maxDoc`): result i is for docs[i]. The
   * returned view is valid until the next call.
   */
  scanList(
    kind: Kind,
    data: Float32Array,
    maxDoc: number,
    query: Float32Array,
    docs: Int32Array,
  ): Float32Array {
    const dim = this.dimension;
    const dataStart = this.queryBytes;
    const outStart = dataStart + Math.max(maxDoc, this.copied, this.capacity) * this.dimBytes;
    const listStart = outStart + docs.length * 4;
    this.ensureBytes(listStart + docs.length * 4);
    this.copyIn(data, maxDoc);
    const heap = new Float32Array(this.instance.memory.buffer);
    heap.set(query, 0);
    new Int32Array(this.instance.memory.buffer, listStart, docs.length).set(docs);
    const unit = kind === 'cosdot' ? 2 : 4;
    const upper = dim > UNROLL_ABOVE ? dim & ~(unit - 1) : 0;
    const fn = kind === 'dot' ? 'dotList' : kind === 'l2' ? 'l2List' : 'cosdotList';
    this.instance[fn](dataStart, docs.length, this.dimBytes, 0, outStart, upper * 4, listStart);
    return heap.subarray(outStart / 4, outStart / 4 + docs.length);
  }
}

/**
 * One column's int8 codes in WebAssembly memory, for the pre-scan (int8-prescan.ts), laid out as
 * `[query: codeBytes i16] [codes of docs 0..capacity: codeBytes each] [n i32 results] [n doc ids]`, where codeBytes is
 * the dimension rounded up to 8 (the padding codes stay 0).
 */
export class WasmInt8Scan {
  readonly codeBytes: number;
  private capacity = 0;
  private codesView: Int8Array | undefined;

  private constructor(
    private readonly instance: Instance,
    dimension: number,
  ) {
    this.codeBytes = Math.ceil(dimension / 8) * 8;
  }

  /** A scanner, or undefined when WebAssembly SIMD is unavailable. */
  static create(dimension: number): WasmInt8Scan | undefined {
    const module = compile();
    if (!module) return undefined;
    return new WasmInt8Scan(new wasm.Instance(module).exports as unknown as Instance, dimension);
  }

  private get queryBytes(): number {
    return this.codeBytes * 2;
  }

  /** Makes room for the codes of at least `docs` documents (growing by doubling; codes already written stay). */
  reserve(docs: number): void {
    if (docs <= this.capacity) return;
    const capacity = Math.max(docs, this.capacity * 2, 1024);
    this.ensureBytes(this.queryBytes + capacity * this.codeBytes);
    this.capacity = capacity;
    this.codesView = undefined;
  }

  /** The codes region (doc d's codes at `d * codeBytes`), a view made again whenever the memory has grown. */
  codes(): Int8Array {
    const buffer = this.instance.memory.buffer;
    if (!this.codesView || this.codesView.buffer !== buffer) {
      this.codesView = new Int8Array(buffer, this.queryBytes, this.capacity * this.codeBytes);
    }
    return this.codesView;
  }

  /**
   * Σ codes · query for docs 0..n (no `docs`), or for docs[0..n) (ascending ids below the reserved capacity). The
   * returned view is valid until the next call.
   */
  dots(query: Int16Array, n: number, docs?: Int32Array): Int32Array {
    const outStart = this.queryBytes + this.capacity * this.codeBytes;
    const listStart = outStart + n * 4;
    this.ensureBytes(listStart + n * 4);
    const buffer = this.instance.memory.buffer;
    new Int16Array(buffer, 0, this.codeBytes).set(query);
    if (docs) new Int32Array(buffer, listStart, n).set(docs.subarray(0, n));
    this.instance[docs ? 'i8dotList' : 'i8dot'](
      this.queryBytes,
      n,
      this.codeBytes,
      0,
      outStart,
      0,
      listStart,
    );
    return new Int32Array(buffer, outStart, n);
  }

  private ensureBytes(needed: number): void {
    growMemory(this.instance.memory, needed);
  }
}
