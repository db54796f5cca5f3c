import { illegalArgument, OpenSearchError } from '../../../errors';
import { javaDouble } from '../../../mapping/java-text';
import { QueryParseContext, Searcher } from '../../types';
import {
  failedToCreateQuery,
  functionObject,
  LeafScoreFunction,
  match,
  nameOrEmptyArg,
  ScoreFunction,
  ScoreFunctionParser,
  tokenName,
} from './score-function';

/** hppc BitMixer#mix32 (MurmurHash3's fmix32), in int32 arithmetic. */
export function mix32(k: number): number {
  k = Math.imul(k ^ (k >>> 16), 0x85ebca6b);
  k = Math.imul(k ^ (k >>> 13), 0xc2b2ae35);
  return k ^ (k >>> 16);
}

/** Lucene StringHelper#murmurhash3_x86_32 over bytes. */
export function murmurhash3_x86_32(data: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h1 = seed | 0;
  const len = data.length;
  const roundedEnd = len & 0xfffffffc;
  for (let i = 0; i < roundedEnd; i += 4) {
    let k1 = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k1 = Math.imul(k1, c1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, c2);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 0x03;
  if (tail > 0) {
    let k1 = 0;
    if (tail === 3) k1 = data[roundedEnd + 2] << 16;
    if (tail >= 2) k1 |= data[roundedEnd + 1] << 8;
    k1 |= data[roundedEnd];
    k1 = Math.imul(k1, c1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, c2);
    h1 ^= k1;
  }
  h1 ^= len;
  return mix32(h1);
}

/** java.lang.String#hashCode (UTF-16 code units). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Long#hashCode: `(int) (value ^ (value >>> 32))`. */
export function javaLongHash(value: number): number {
  const v = BigInt.asUintN(64, BigInt(Math.trunc(value)));
  return Number(BigInt.asIntN(32, v ^ (v >> 32n)));
}

const INTEGER_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'unsigned_long',
  'date',
  'date_nanos',
  'boolean',
]);
const encoder = new TextEncoder();

/**
 * `random_score` (RandomScoreFunction): `(hash & 0xFFFFFF) / 2^24`, where hash is murmur3 (seeded with
 * BitMixer.mix(seed, salt), salt = indexName.hashCode() << 10 | shard) of the document's field value as fielddata
 * bytes, or of the doc id when no seed is given (then seeded by `now`: different on every request).
 */
export class RandomScoreFunction implements ScoreFunction {
  readonly weight = 1;
  readonly needsScores = false;
  private readonly saltedSeed: number;

  constructor(
    private readonly originalSeed: number,
    salt: number,
    /** undefined: doc-id based */
    private readonly field: string | undefined,
    private readonly fieldType: string | undefined,
    private readonly functionName: string | undefined,
  ) {
    this.saltedSeed = mix32(originalSeed ^ salt);
  }

  bind(searcher: Searcher): LeafScoreFunction {
    const saltedSeed = this.saltedSeed;
    const bytesOf = this.field === undefined ? undefined : fieldBytes(searcher, this.field, this.fieldType);
    const score = (doc: number): number => {
      let hash: number;
      if (!bytesOf) hash = mix32(doc ^ saltedSeed);
      else {
        const bytes = bytesOf(doc);
        hash = bytes === undefined ? saltedSeed : murmurhash3_x86_32(bytes, saltedSeed);
      }
      // only the lower 24 bits, as a float in [0, 1)
      return (hash & 0x00ffffff) / (1 << 24);
    };
    const description = `random score function (seed: ${this.originalSeed}, field: ${this.field ?? 'null'}${nameOrEmptyArg(this.functionName)})`;
    return { score, explain: (doc) => match(Math.fround(score(doc)), description) };
  }
}

/** SortedBinaryDocValues#nextValue: the first (smallest) value's bytes as fielddata gives them. */
function fieldBytes(
  searcher: Searcher,
  field: string,
  type: string | undefined,
): (doc: number) => Uint8Array | undefined {
  const reader = searcher.reader;
  if (field === '_id') return (doc) => encoder.encode(reader.storedDoc(doc).id);
  if (field === '_seq_no') return (doc) => encoder.encode(String(reader.storedDoc(doc).seqNo));
  const keyword = reader.keyword(field);
  if (keyword) {
    return (doc) => {
      const n = keyword.valueCount(doc);
      if (n === 0) return undefined;
      let best = encoder.encode(keyword.value(doc, 0));
      for (let i = 1; i < n; i++) {
        const candidate = encoder.encode(keyword.value(doc, i));
        if (Buffer.compare(candidate, best) < 0) best = candidate;
      }
      return best;
    };
  }
  const numeric = reader.numeric(field);
  if (numeric) {
    // FieldData#toString: Long.toString for integer-valued fielddata, Double.toString for floating point
    const text = type !== undefined && INTEGER_TYPES.has(type) ? (v: number) => String(v) : javaDouble;
    return (doc) => {
      const n = numeric.valueCount(doc);
      if (n === 0) return undefined;
      let min = numeric.value(doc, 0);
      for (let i = 1; i < n; i++) min = Math.min(min, numeric.value(doc, i));
      return encoder.encode(text(min));
    };
  }
  return () => undefined;
}

/** RandomScoreFunctionBuilder#fromXContent and #doToFunction. */
export const randomScoreParser: ScoreFunctionParser = (body, ctx: QueryParseContext, functionName) => {
  const o = functionObject('random_score', body);
  let seed: number | undefined;
  let field: string | undefined;
  let name = functionName;
  for (const [key, value] of Object.entries(o)) {
    if (value === null || typeof value === 'object') continue;
    if (key === 'seed') {
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) {
          throw new OpenSearchError(
            400,
            'parsing_exception',
            `random_score seed must be an int, long or string, not 'VALUE_NUMBER'`,
          );
        }
        seed = value >= -2147483648 && value <= 2147483647 ? value : javaLongHash(value);
      } else if (typeof value === 'string') {
        seed = javaStringHash(value);
      } else {
        throw new OpenSearchError(
          400,
          'parsing_exception',
          `random_score seed must be an int/long or string, not '${tokenName(value)}'`,
        );
      }
    } else if (key === 'field') field = String(value);
    else if (key === '_name') name = String(value);
    else throw new OpenSearchError(400, 'parsing_exception', `random_score query does not support [${key}]`);
  }
  const salt = javaStringHash(ctx.indexName) << 10; // | shard id 0
  if (seed === undefined)
    return new RandomScoreFunction(javaLongHash(ctx.now), salt, undefined, undefined, name);
  // Without a field OpenSearch warns "OpenSearch requires that a [field] parameter is provided when a [seed] is set"
  // and hashes _id.
  const source = field ?? '_id';
  if (source === '_id' || source === '_seq_no')
    return new RandomScoreFunction(seed, salt, source, undefined, name);
  const info = ctx.mappings.field(source);
  if (!info) {
    throw failedToCreateQuery(
      ctx.indexName,
      illegalArgument(
        `Field [${source}] is not mapped on [[${ctx.indexName}/_na_]] and cannot be used as a source of random numbers.`,
      ),
    );
  }
  return new RandomScoreFunction(seed, salt, source, info.type, name);
};
