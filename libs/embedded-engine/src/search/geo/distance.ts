import { illegalArgument } from '../../errors';
import { javaParseDouble } from '../../mapping/numeric';

/**
 * Geo distances as OpenSearch computes them: GeoUtils#arcDistance is Lucene's SloppyMath#haversinMeters (table-based
 * cos and asin, ported verbatim so distances agree to the last bit), GeoUtils#planeDistance, and DistanceUnit parsing.
 */

/** java.lang.Math#toRadians (JDK 9+): `angdeg * DEGREES_TO_RADIANS`. */
const DEGREES_TO_RADIANS = 0.017453292519943295;
const toRadians = (degrees: number): number => degrees * DEGREES_TO_RADIANS;

/** SloppyMath.TO_METERS = GeoUtils.EARTH_MEAN_RADIUS (WGS 84 mean radius). */
export const EARTH_MEAN_RADIUS = 6_371_008.7714;

// SloppyMath's look-up tables (Lucene core org.apache.lucene.util.SloppyMath, static initializer).
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
function fromBits(hi: number, lo: number): number {
  words[0] = lo;
  words[1] = hi;
  return bits[0];
}
const ONE_DIV_F2 = 1 / 2.0;
const ONE_DIV_F3 = 1 / 6.0;
const ONE_DIV_F4 = 1 / 24.0;
const PIO2_HI = fromBits(0x3ff921fb, 0x54400000);
const PIO2_LO = fromBits(0x3dd0b461, 0x1a626331);
const TWOPI_HI = 4 * PIO2_HI;
const TWOPI_LO = 4 * PIO2_LO;
const SIN_COS_TABS_SIZE = (1 << 11) + 1;
const SIN_COS_DELTA_HI = TWOPI_HI / (SIN_COS_TABS_SIZE - 1);
const SIN_COS_DELTA_LO = TWOPI_LO / (SIN_COS_TABS_SIZE - 1);
const SIN_COS_INDEXER = 1 / (SIN_COS_DELTA_HI + SIN_COS_DELTA_LO);
const SIN_COS_MAX_VALUE_FOR_INT_MODULO = ((2147483647 >> 9) / SIN_COS_INDEXER) * 0.99;
const sinTab = new Float64Array(SIN_COS_TABS_SIZE);
const cosTab = new Float64Array(SIN_COS_TABS_SIZE);
const ASIN_MAX_VALUE_FOR_TABS = Math.sin(toRadians(73.0));
const ASIN_TABS_SIZE = (1 << 13) + 1;
const ASIN_DELTA = ASIN_MAX_VALUE_FOR_TABS / (ASIN_TABS_SIZE - 1);
const ASIN_INDEXER = 1 / ASIN_DELTA;
const asinTab = new Float64Array(ASIN_TABS_SIZE);
const asinDer1DivF1Tab = new Float64Array(ASIN_TABS_SIZE);
const asinDer2DivF2Tab = new Float64Array(ASIN_TABS_SIZE);
const asinDer3DivF3Tab = new Float64Array(ASIN_TABS_SIZE);
const asinDer4DivF4Tab = new Float64Array(ASIN_TABS_SIZE);
const ASIN_PIO2_HI = fromBits(0x3ff921fb, 0x54442d18);
const ASIN_PIO2_LO = fromBits(0x3c91a626, 0x33145c07);
const ASIN_PS0 = fromBits(0x3fc55555, 0x55555555);
const ASIN_PS1 = fromBits(0xbfd4d612, 0x03eb6f7d);
const ASIN_PS2 = fromBits(0x3fc9c155, 0x0e884455);
const ASIN_PS3 = fromBits(0xbfa48228, 0xb5688f3b);
const ASIN_PS4 = fromBits(0x3f49efe0, 0x7501b288);
const ASIN_PS5 = fromBits(0x3f023de1, 0x0dfdf709);
const ASIN_QS1 = fromBits(0xc0033a27, 0x1c8a2d4b);
const ASIN_QS2 = fromBits(0x40002ae5, 0x9c598ac8);
const ASIN_QS3 = fromBits(0xbfe6066c, 0x1b8d0159);
const ASIN_QS4 = fromBits(0x3fb3b8c5, 0xb12e9282);

// V8's Math.sin/cos/asin are fdlibm ports, as is Java's StrictMath, so the tables match Lucene's.
{
  const piIndex = (SIN_COS_TABS_SIZE - 1) / 2;
  for (let i = 0; i < SIN_COS_TABS_SIZE; i++) {
    const angle = i * SIN_COS_DELTA_HI + i * SIN_COS_DELTA_LO;
    let sinAngle = Math.sin(angle);
    let cosAngle = Math.cos(angle);
    if (i === piIndex || i === 2 * piIndex) sinAngle = 0.0;
    else if (i === piIndex / 2 || i === (3 * piIndex) / 2) cosAngle = 0.0;
    sinTab[i] = sinAngle;
    cosTab[i] = cosAngle;
  }
  for (let i = 0; i < ASIN_TABS_SIZE; i++) {
    const x = i * ASIN_DELTA;
    asinTab[i] = Math.asin(x);
    const oneMinusXSqInv = 1.0 / (1 - x * x);
    const oneMinusXSqInv0_5 = Math.sqrt(oneMinusXSqInv);
    const oneMinusXSqInv1_5 = oneMinusXSqInv0_5 * oneMinusXSqInv;
    const oneMinusXSqInv2_5 = oneMinusXSqInv1_5 * oneMinusXSqInv;
    const oneMinusXSqInv3_5 = oneMinusXSqInv2_5 * oneMinusXSqInv;
    asinDer1DivF1Tab[i] = oneMinusXSqInv0_5;
    asinDer2DivF2Tab[i] = x * oneMinusXSqInv1_5 * ONE_DIV_F2;
    asinDer3DivF3Tab[i] = (1 + 2 * x * x) * oneMinusXSqInv2_5 * ONE_DIV_F3;
    asinDer4DivF4Tab[i] = (5 + 2 * x * (2 + x * (5 - 2 * x))) * oneMinusXSqInv3_5 * ONE_DIV_F4;
  }
}

/** SloppyMath#cos (error ~1e-15). */
export function sloppyCos(a: number): number {
  if (a < 0.0) a = -a;
  if (a > SIN_COS_MAX_VALUE_FOR_INT_MODULO) return Math.cos(a);
  let index = Math.trunc(a * SIN_COS_INDEXER + 0.5);
  const delta = a - index * SIN_COS_DELTA_HI - index * SIN_COS_DELTA_LO;
  index &= SIN_COS_TABS_SIZE - 2;
  const indexCos = cosTab[index];
  const indexSin = sinTab[index];
  return (
    indexCos +
    delta *
      (-indexSin +
        delta * (-indexCos * ONE_DIV_F2 + delta * (indexSin * ONE_DIV_F3 + delta * indexCos * ONE_DIV_F4)))
  );
}

/** SloppyMath#asin (tables up to sin(73°), fdlibm polynomial above). */
export function sloppyAsin(a: number): number {
  let negate = false;
  if (a < 0.0) {
    a = -a;
    negate = true;
  }
  if (a <= ASIN_MAX_VALUE_FOR_TABS) {
    const index = Math.trunc(a * ASIN_INDEXER + 0.5);
    const delta = a - index * ASIN_DELTA;
    const result =
      asinTab[index] +
      delta *
        (asinDer1DivF1Tab[index] +
          delta *
            (asinDer2DivF2Tab[index] + delta * (asinDer3DivF3Tab[index] + delta * asinDer4DivF4Tab[index])));
    return negate ? -result : result;
  }
  if (a < 1.0) {
    const t = (1.0 - a) * 0.5;
    const p =
      t * (ASIN_PS0 + t * (ASIN_PS1 + t * (ASIN_PS2 + t * (ASIN_PS3 + t * (ASIN_PS4 + t * ASIN_PS5)))));
    const q = 1.0 + t * (ASIN_QS1 + t * (ASIN_QS2 + t * (ASIN_QS3 + t * ASIN_QS4)));
    const s = Math.sqrt(t);
    const z = s + s * (p / q);
    const result = ASIN_PIO2_HI - (z + z - ASIN_PIO2_LO);
    return negate ? -result : result;
  }
  if (a === 1.0) return negate ? -Math.PI / 2 : Math.PI / 2;
  return NaN;
}

/**
 * SloppyMath#haversinSortKey from the latitudes in radians with their sloppy cosines (so that a caller with one
 * fixed point computes its part once), with its clearing of the 3 low mantissa bits.
 */
function sortKeyOf(x1: number, cosX1: number, lon1: number, x2: number, cosX2: number, lon2: number): number {
  const h1 = 1 - sloppyCos(x1 - x2);
  const h2 = 1 - sloppyCos(toRadians(lon1 - lon2));
  bits[0] = h1 + cosX1 * cosX2 * h2;
  words[0] &= 0xfffffff8;
  return bits[0];
}

/** SloppyMath#haversinMeters(sortKey): `TO_METERS * 2 * asin(min(1, sqrt(sortKey * 0.5)))`. */
function metersOfSortKey(sortKey: number): number {
  return EARTH_MEAN_RADIUS * 2 * sloppyAsin(Math.min(1, Math.sqrt(sortKey * 0.5)));
}

/** SloppyMath#haversinSortKey. */
export function haversinSortKey(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const x1 = toRadians(lat1);
  const x2 = toRadians(lat2);
  return sortKeyOf(x1, sloppyCos(x1), lon1, x2, sloppyCos(x2), lon2);
}

/** GeoUtils#arcDistance = SloppyMath#haversinMeters. */
export function arcDistanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return metersOfSortKey(haversinSortKey(lat1, lon1, lat2, lon2));
}

/** The sloppy cosine of a latitude, as haversinSortKey takes it: `sloppyCos(toRadians(lat))`. */
export function latitudeCosine(lat: number): number {
  return sloppyCos(toRadians(lat));
}

/**
 * arcDistanceMeters from one fixed point (a decay function's origin) to many: the origin's radians and cosine are
 * computed once, and each point's latitude cosine may come precomputed (GeoColumn#latitudeCosines). The same
 * operations in the same order: the same bits.
 */
export class ArcDistanceFrom {
  private readonly x1: number;
  private readonly cosX1: number;

  constructor(
    lat1: number,
    private readonly lon1: number,
  ) {
    this.x1 = toRadians(lat1);
    this.cosX1 = sloppyCos(this.x1);
  }

  /** arcDistanceMeters(lat1, lon1, lat2, lon2), given latitudeCosine(lat2). */
  to(lat2: number, lon2: number, cosLat2: number): number {
    return metersOfSortKey(sortKeyOf(this.x1, this.cosX1, this.lon1, toRadians(lat2), cosLat2, lon2));
  }
}

/** GeoUtils#planeDistance: equirectangular projection around the mean latitude. */
export function planeDistanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const x = toRadians(lon2 - lon1) * Math.cos(toRadians((lat2 + lat1) / 2.0));
  const y = toRadians(lat2 - lat1);
  return Math.sqrt(x * x + y * y) * EARTH_MEAN_RADIUS;
}

/**
 * DistanceUnit's constants in declaration order (suffix matching tries them in this order: `m` must come last, since
 * it ends `km`, `mm`, `cm`, `NM`).
 */
const DISTANCE_UNITS: { meters: number; names: string[] }[] = [
  { meters: 0.0254, names: ['in', 'inch'] },
  { meters: 0.9144, names: ['yd', 'yards'] },
  { meters: 0.3048, names: ['ft', 'feet'] },
  { meters: 1000.0, names: ['km', 'kilometers'] },
  { meters: 1852.0, names: ['NM', 'nmi', 'nauticalmiles'] },
  { meters: 0.001, names: ['mm', 'millimeters'] },
  { meters: 0.01, names: ['cm', 'centimeters'] },
  { meters: 1609.344, names: ['mi', 'miles'] },
  { meters: 1, names: ['m', 'meters'] },
];

/** DistanceUnit#fromString: meters per unit for an exact unit name ("No distance unit match [x]"). */
export function distanceUnitMeters(unit: string): number {
  for (const u of DISTANCE_UNITS) if (u.names.includes(unit)) return u.meters;
  throw illegalArgument(`No distance unit match [${unit}]`);
}

/**
 * DistanceUnit.Distance#parseDistance then #convert to meters: the first unit whose name ends the text, else the
 * default unit (meters); the number is Double.parseDouble'd; `value * from.meters / to.meters` (same unit: as is).
 */
export function parseDistance(text: string, defaultUnitMeters = 1): number {
  for (const u of DISTANCE_UNITS) {
    for (const name of u.names) {
      if (text.endsWith(name)) {
        const value = javaParseDouble(text.slice(0, text.length - name.length));
        return u.meters === 1 ? value : value * u.meters;
      }
    }
  }
  const value = javaParseDouble(text);
  return defaultUnitMeters === 1 ? value : value * defaultUnitMeters;
}
