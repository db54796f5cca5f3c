import { ListDocValues } from './doc-values';
import { javaDouble } from '../mapping/java-text';
import { illegalArgumentJava, indexOutOfBounds, nullPointer } from './errors';
import { isPainlessObject, NO_SUCH_MEMBER } from './runtime-objects';
import {
  box,
  boxInt,
  defEquals,
  FLOAT,
  JArray,
  javaClassName,
  javaEquals,
  javaToString,
  JFloat,
  JInt,
  JLong,
  LONG,
  numberOf,
  numericRank,
} from './values';

/**
 * Dynamic dispatch (Painless's `def` call sites, DefBootstrap): methods and fields of the values a script holds,
 * looked up by the receiver's runtime class. Only the allowlisted members scoring scripts use exist.
 */

/** A Map's key: strings as they are, boxed numbers and others tagged so that Integer 1 and "1" differ. */
export function mapKey(k: unknown): unknown {
  if (typeof k === 'string' || k === null || typeof k === 'boolean') return k;
  if (k instanceof JInt) return `\u0000I${k.v}`;
  if (k instanceof JLong) return `\u0000L${k.v}`;
  if (k instanceof JFloat) return `\u0000F${k.v}`;
  if (typeof k === 'number') return `\u0000D${k}`;
  return k;
}

export function unmapKey(k: unknown): unknown {
  if (typeof k !== 'string' || !k.startsWith('\u0000')) return k;
  const v = Number(k.slice(2));
  switch (k[1]) {
    case 'I':
      return boxInt(v);
    case 'L':
      return new JLong(v);
    case 'F':
      return new JFloat(v);
    default:
      return v;
  }
}

function notFound(recv: unknown, name: string, arity: number): never {
  throw illegalArgumentJava(`dynamic method [${javaClassName(recv)}, ${name}/${arity}] not found`);
}

function intArg(v: unknown, recv: unknown, name: string, arity: number): number {
  const rank = numericRank(v);
  if (rank < 0 || rank >= LONG) notFound(recv, name, arity);
  return numberOf(v);
}

function checkIndex(i: number, length: number): void {
  if (i < 0 || i >= length) throw indexOutOfBounds(`Index ${i} out of bounds for length ${length}`);
}

export function invokeMethod(recv: unknown, name: string, args: unknown[]): unknown {
  if (recv === null || recv === undefined) {
    throw nullPointer(`Cannot invoke "${name}()" because the receiver is null`);
  }
  const n = args.length;
  if (typeof recv === 'string') return stringMethod(recv, name, args);
  if (Array.isArray(recv)) return listMethod(recv, name, args);
  if (recv instanceof Map) return mapMethod(recv, name, args);
  if (isPainlessObject(recv)) {
    const result = recv.invoke(name, args);
    if (result !== NO_SUCH_MEMBER) return result;
    if (n === 1 && name === 'equals') return javaEquals(recv, args[0]);
    if (n === 0 && name === 'toString') return javaToString(recv);
    return notFound(recv, name, n);
  }
  const rank = numericRank(recv);
  if (rank >= 0) {
    const v = numberOf(recv);
    if (n === 0) {
      switch (name) {
        case 'intValue':
          return boxInt(rank >= FLOAT ? Math.trunc(v) | 0 : v | 0);
        case 'longValue':
          return new JLong(Math.trunc(v));
        case 'doubleValue':
          return v;
        case 'floatValue':
          return new JFloat(Math.fround(v));
        case 'toString':
          return javaToString(recv);
        case 'isNaN':
          if (rank >= FLOAT) return Number.isNaN(v);
          break;
        case 'isInfinite':
          if (rank >= FLOAT) return v === Infinity || v === -Infinity;
          break;
        case 'hashCode':
          return boxInt(v | 0);
      }
    }
    if (n === 1 && name === 'equals') return javaEquals(recv, args[0]);
    if (n === 1 && name === 'compareTo' && numericRank(args[0]) === rank) {
      const o = numberOf(args[0]);
      return boxInt(v < o ? -1 : v > o ? 1 : 0);
    }
    return notFound(recv, name, n);
  }
  if (typeof recv === 'boolean') {
    if (n === 0 && name === 'booleanValue') return recv;
    if (n === 0 && name === 'toString') return String(recv);
    if (n === 1 && name === 'equals') return recv === args[0];
    return notFound(recv, name, n);
  }
  if (recv instanceof JArray) {
    if (n === 1 && name === 'equals') return recv === args[0];
    return notFound(recv, name, n);
  }
  return notFound(recv, name, n);
}

/** String#trim: strips code units up to U+0020 at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

function stringArg(v: unknown, recv: unknown, name: string, arity: number): string {
  if (typeof v !== 'string') notFound(recv, name, arity);
  return v as string;
}

function stringMethod(s: string, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (`${name}/${n}`) {
    case 'length/0':
      return boxInt(s.length);
    case 'isEmpty/0':
      return s.length === 0;
    case 'toLowerCase/0':
      return s.toLowerCase();
    case 'toUpperCase/0':
      return s.toUpperCase();
    case 'trim/0':
      return javaTrim(s);
    case 'toString/0':
      return s;
    case 'hashCode/0': {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
      return boxInt(h);
    }
    case 'equals/1':
      return s === args[0];
    case 'equalsIgnoreCase/1':
      return typeof args[0] === 'string' && s.toLowerCase() === args[0].toLowerCase();
    case 'contains/1':
      return s.includes(stringArg(args[0], s, name, n));
    case 'startsWith/1':
      return s.startsWith(stringArg(args[0], s, name, n));
    case 'endsWith/1':
      return s.endsWith(stringArg(args[0], s, name, n));
    case 'indexOf/1':
      return boxInt(s.indexOf(stringArg(args[0], s, name, n)));
    case 'lastIndexOf/1':
      return boxInt(s.lastIndexOf(stringArg(args[0], s, name, n)));
    case 'concat/1':
      return s + stringArg(args[0], s, name, n);
    case 'compareTo/1': {
      const o = stringArg(args[0], s, name, n);
      return boxInt(s < o ? -1 : s > o ? 1 : 0);
    }
    case 'replace/2':
      return s.split(javaToString(args[0])).join(javaToString(args[1]));
    case 'substring/1': {
      const b = intArg(args[0], s, name, n);
      if (b < 0 || b > s.length) throw indexOutOfBounds(`begin ${b}, end ${s.length}, length ${s.length}`);
      return s.substring(b);
    }
    case 'substring/2': {
      const b = intArg(args[0], s, name, n);
      const e = intArg(args[1], s, name, n);
      if (b < 0 || e > s.length || b > e) throw indexOutOfBounds(`begin ${b}, end ${e}, length ${s.length}`);
      return s.substring(b, e);
    }
  }
  return notFound(s, name, n);
}

function listIndexOf(list: unknown[], o: unknown): number {
  for (let i = 0; i < list.length; i++) if (javaEquals(list[i], o)) return i;
  return -1;
}

function listMethod(list: unknown[], name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (`${name}/${n}`) {
    case 'size/0':
    case 'getLength/0':
      return boxInt(list.length);
    case 'isEmpty/0':
      return list.length === 0;
    case 'toString/0':
      return javaToString(list);
    case 'clear/0':
      list.length = 0;
      return undefined;
    case 'get/1': {
      const i = intArg(args[0], list, name, n);
      checkIndex(i, list.length);
      return list[i];
    }
    case 'contains/1':
      return listIndexOf(list, args[0]) >= 0;
    case 'indexOf/1':
      return boxInt(listIndexOf(list, args[0]));
    case 'lastIndexOf/1': {
      for (let i = list.length - 1; i >= 0; i--) if (javaEquals(list[i], args[0])) return boxInt(i);
      return boxInt(-1);
    }
    case 'add/1':
      list.push(args[0]);
      return true;
    case 'addAll/1': {
      const items = iterate(args[0]);
      for (const x of items) list.push(x);
      return true;
    }
    case 'equals/1':
      return javaEquals(list, args[0]);
    case 'remove/1': {
      if (args[0] instanceof JInt) {
        const i = args[0].v;
        checkIndex(i, list.length);
        return list.splice(i, 1)[0];
      }
      const i = listIndexOf(list, args[0]);
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    }
    case 'add/2': {
      const i = intArg(args[0], list, name, n);
      if (i < 0 || i > list.length) throw indexOutOfBounds(`Index: ${i}, Size: ${list.length}`);
      list.splice(i, 0, args[1]);
      return undefined;
    }
    case 'set/2': {
      const i = intArg(args[0], list, name, n);
      checkIndex(i, list.length);
      const previous = list[i];
      list[i] = args[1];
      return previous;
    }
    case 'subList/2': {
      const from = intArg(args[0], list, name, n);
      const to = intArg(args[1], list, name, n);
      if (from < 0 || to > list.length || from > to)
        throw indexOutOfBounds(`fromIndex: ${from}, toIndex: ${to}`);
      return list.slice(from, to);
    }
  }
  return notFound(list, name, n);
}

function mapMethod(map: Map<unknown, unknown>, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (`${name}/${n}`) {
    case 'size/0':
      return boxInt(map.size);
    case 'isEmpty/0':
      return map.size === 0;
    case 'keySet/0':
      return [...map.keys()].map(unmapKey);
    case 'values/0':
      return [...map.values()];
    case 'toString/0':
      return javaToString(new Map([...map].map(([k, v]) => [unmapKey(k), v])));
    case 'clear/0':
      map.clear();
      return undefined;
    case 'get/1': {
      const v = map.get(mapKey(args[0]));
      return v === undefined ? null : v;
    }
    case 'containsKey/1':
      return map.has(mapKey(args[0]));
    case 'containsValue/1':
      for (const v of map.values()) if (defEquals(v, args[0])) return true;
      return false;
    case 'remove/1': {
      const k = mapKey(args[0]);
      const previous = map.get(k);
      map.delete(k);
      return previous === undefined ? null : previous;
    }
    case 'equals/1':
      return javaEquals(map, args[0]);
    case 'getOrDefault/2': {
      const k = mapKey(args[0]);
      return map.has(k) ? map.get(k) : args[1];
    }
    case 'put/2': {
      const k = mapKey(args[0]);
      const previous = map.get(k);
      map.set(k, args[1]);
      return previous === undefined ? null : previous;
    }
    case 'putAll/1':
      if (args[0] instanceof Map) for (const [k, v] of args[0]) map.set(k, v);
      return undefined;
  }
  return notFound(map, name, n);
}

/** `recv.name` (DefBootstrap's getter): map keys, list `.length` and `.0`, array `.length`, object shortcuts. */
export function readField(recv: unknown, name: string): unknown {
  if (recv instanceof Map) {
    const v = recv.get(name);
    return v === undefined ? null : v;
  }
  if (recv === null || recv === undefined) {
    throw nullPointer(`Cannot read field "${name}" because the receiver is null`);
  }
  if (Array.isArray(recv)) {
    if (name === 'length') return boxInt(recv.length);
    if (name === 'empty') return recv.length === 0;
    if (/^\d+$/.test(name)) {
      const i = Number(name);
      checkIndex(i, recv.length);
      return recv[i];
    }
  } else if (recv instanceof JArray) {
    if (name === 'length') return boxInt(recv.items.length);
  } else if (isPainlessObject(recv)) {
    const v = recv.read(name);
    if (v !== NO_SUCH_MEMBER) return v;
  } else if (typeof recv === 'string' && name === 'empty') {
    return recv.length === 0;
  }
  throw illegalArgumentJava(`dynamic getter [${javaClassName(recv)}, ${name}] not found`);
}

/** `recv.name = value` on a map. */
export function writeField(recv: unknown, name: string, value: unknown): void {
  if (recv === null || recv === undefined)
    throw nullPointer(`Cannot assign field "${name}" because the receiver is null`);
  if (recv instanceof Map) {
    recv.set(name, value);
    return;
  }
  throw illegalArgumentJava(`dynamic setter [${javaClassName(recv)}, ${name}] not found`);
}

/** `recv[index]`: maps by key, lists and arrays by int position, `doc['field']`. */
export function readIndex(recv: unknown, index: unknown): unknown {
  if (recv === null || recv === undefined) throw nullPointer('Cannot load from a null array or collection');
  if (recv instanceof Map) {
    const v = recv.get(mapKey(index));
    return v === undefined ? null : v;
  }
  if (Array.isArray(recv)) {
    const i = positionOf(recv, index);
    checkIndex(i, recv.length);
    return recv[i];
  }
  if (recv instanceof JArray) {
    const i = positionOf(recv, index);
    if (i < 0 || i >= recv.items.length) {
      throw indexOutOfBounds(`Index ${i} out of bounds for length ${recv.items.length}`);
    }
    return boxArrayElement(recv, recv.items[i]);
  }
  if (isPainlessObject(recv)) {
    const get = recv.invoke('get', [index]);
    if (get !== NO_SUCH_MEMBER) return get;
  }
  throw illegalArgumentJava(`Attempting to address a non-array type [${javaClassName(recv)}] as an array.`);
}

function positionOf(recv: unknown, index: unknown): number {
  const rank = numericRank(index);
  if (rank < 0 || rank >= FLOAT) {
    throw illegalArgumentJava(`Attempting to address a non-array type [${javaClassName(recv)}] as an array.`);
  }
  return numberOf(index);
}

/** An array element as a def value (an int[] element is an Integer, and so on). */
function boxArrayElement(array: JArray, v: unknown): unknown {
  return box(v, array.elementType);
}

export function writeIndex(recv: unknown, index: unknown, value: unknown): void {
  if (recv === null || recv === undefined) throw nullPointer('Cannot store to a null array or collection');
  if (recv instanceof Map) {
    recv.set(mapKey(index), value);
    return;
  }
  if (Array.isArray(recv)) {
    const i = positionOf(recv, index);
    checkIndex(i, recv.length);
    recv[i] = value;
    return;
  }
  if (recv instanceof JArray) {
    const i = positionOf(recv, index);
    if (i < 0 || i >= recv.items.length) {
      throw indexOutOfBounds(`Index ${i} out of bounds for length ${recv.items.length}`);
    }
    const element = recv.elementType;
    (recv.items as unknown[])[i] = ['int', 'long', 'float', 'double', 'short', 'byte', 'char'].includes(
      element,
    )
      ? numberOf(value)
      : value;
    return;
  }
  throw illegalArgumentJava(`Attempting to address a non-array type [${javaClassName(recv)}] as an array.`);
}

/** What a for-each loop walks: lists, arrays, doc values (ScriptDocValues are Lists), map key sets. */
export function iterate(v: unknown): Iterable<unknown> {
  if (v instanceof ListDocValues) return v.values();
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) throw nullPointer('Cannot iterate over a null value');
  if (v instanceof JArray) return Array.from(v.items as ArrayLike<unknown>, (x) => boxArrayElement(v, x));
  const docValues = (v as { values?: () => readonly unknown[] }).values;
  if (typeof docValues === 'function' && isPainlessObject(v)) return docValues.call(v);
  if (isPainlessObject(v)) {
    const size = v.invoke('size', []);
    if (size !== NO_SUCH_MEMBER) {
      const count = numberOf(size);
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) out.push(v.invoke('get', [boxInt(i)]));
      return out;
    }
  }
  throw illegalArgumentJava(`Cannot iterate over [${javaClassName(v)}]`);
}

/** `x instanceof T` for the types scripts test against. */
export function isInstance(v: unknown, type: string): boolean {
  if (v === null || v === undefined) return false;
  switch (type) {
    case 'def':
    case 'Object':
      return true;
    case 'String':
      return typeof v === 'string';
    case 'List':
    case 'ArrayList':
    case 'Collection':
    case 'Iterable':
      return Array.isArray(v);
    case 'Map':
    case 'HashMap':
      return v instanceof Map;
    case 'Number':
      return numericRank(v) >= 0;
    case 'Integer':
    case 'int':
      return v instanceof JInt;
    case 'Long':
    case 'long':
      return v instanceof JLong;
    case 'Float':
    case 'float':
      return v instanceof JFloat;
    case 'Double':
    case 'double':
      return typeof v === 'number';
    case 'Boolean':
    case 'boolean':
      return typeof v === 'boolean';
  }
  return javaClassName(v).endsWith(`.${type}`);
}

export { javaDouble };
