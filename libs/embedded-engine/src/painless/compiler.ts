import { OpenSearchError } from '../errors';
import { Expr, FunctionDecl, Program, Stmt, TypeRef } from './ast';
import { DocLookup } from './doc-values';
import { JavaException, painlessError, PainlessCompileError } from './errors';
import {
  invokeMethod,
  isInstance,
  iterate,
  mapKey,
  readField,
  readIndex,
  writeField,
  writeIndex,
} from './methods';
import { REFERENCE_TYPES } from './parser';
import { Builtin, CallContext, SCORE_FUNCTIONS, STATIC_FIELDS, STATIC_METHODS } from './statics';
import {
  box,
  boxInt,
  castFailure,
  convertNumber,
  defBinary,
  defCompare,
  defEquals,
  defUnary,
  doubleToInt,
  doubleToLong,
  intDiv,
  intRem,
  JArray,
  javaToString,
  JFloat,
  JLong,
  longAdd,
  longDiv,
  longMul,
  longRem,
  longSub,
  primitiveBinary,
  toBoolean,
  toDouble,
  unbox,
} from './values';
import { javaDouble, javaFloat } from '../mapping/java-text';

/** CompilerSettings#maxLoopCounter: statements run in loops per execution. */
export const MAX_LOOP_COUNTER = 1_000_000;

/** What one execution of a script sees: the score context's variables and the built-ins' per-instance state. */
export interface Run {
  params: Map<unknown, unknown>;
  doc: DocLookup | null;
  score: number;
  call: CallContext;
}

/** The result of compiling a score script: run it with a Run and get a double. */
export interface ExecutableScript {
  readonly needsScore: boolean;
  execute(run: Run): number;
}

/**
 * The helpers generated code calls, by the names it uses. Generated code reaches nothing else: every value of the
 * script goes through these, and every name in the generated source is one of these or a generated local.
 */
const RUNTIME = {
  boxInt,
  JLong,
  JFloat,
  castFailure,
  convertNumber,
  defBinary,
  defCompare,
  defEquals,
  defUnary,
  doubleToInt,
  doubleToLong,
  intDiv,
  intRem,
  longAdd,
  longSub,
  longMul,
  longDiv,
  longRem,
  primitiveBinary,
  javaToString,
  javaDouble,
  javaFloat,
  unbox,
  toDouble,
  toBoolean,
  invokeMethod,
  isInstance,
  iterate,
  readField,
  readIndex,
  writeField,
  writeIndex,
  fround: Math.fround,
  imul: Math.imul,
  located,
  loopLimit,
  mapOf,
  newList,
  newMap,
  newArray,
  arrayOf,
};
const RUNTIME_NAMES = Object.keys(RUNTIME);

/** Turns whatever a script threw into a JavaException located at `at` (unless it already has a location). */
function located(error: unknown, at: number): unknown {
  if (error instanceof JavaException) {
    if (error.offset < 0) error.offset = at;
    return error;
  }
  if (error instanceof OpenSearchError) {
    const e = new JavaException(error.type, error.reason);
    e.offset = at;
    return e;
  }
  if (error instanceof RangeError) {
    const e = new JavaException('painless_error', 'stack overflow');
    e.offset = at;
    return e;
  }
  return error;
}

function loopLimit(at: number): JavaException {
  const e = painlessError(
    'The maximum number of statements that can be executed in a loop has been reached.',
  );
  e.offset = at;
  return e;
}

/** `['a': 1]`: keys and values alternate. */
function mapOf(entries: unknown[]): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  for (let i = 0; i < entries.length; i += 2) m.set(mapKey(entries[i]), entries[i + 1]);
  return m;
}

/** `new ArrayList()`, `new ArrayList(collection)`, `new ArrayList(capacity)`. */
function newList(from?: unknown): unknown[] {
  return Array.isArray(from) ? [...from] : [];
}

/** `new HashMap()`, `new HashMap(map)`. */
function newMap(from?: unknown): Map<unknown, unknown> {
  if (from === undefined) return new Map();
  if (!(from instanceof Map)) throw castFailure(from, 'java.util.Map');
  return new Map(from);
}

function newArray(element: string, n: number): JArray {
  if (n < 0) throw new JavaException('negative_array_size_exception', String(n));
  switch (element) {
    case 'double':
    case 'long':
      return new JArray(element, new Float64Array(n));
    case 'float':
      return new JArray(element, new Float32Array(n));
    case 'int':
    case 'short':
    case 'byte':
    case 'char':
      return new JArray(element, new Int32Array(n));
    case 'boolean':
      return new JArray(element, new Array(n).fill(false));
    default:
      return new JArray(element, new Array(n).fill(null));
  }
}

function arrayOf(element: string, items: unknown[]): JArray {
  const array = newArray(element, items.length);
  for (let i = 0; i < items.length; i++) (array.items as unknown[])[i] = items[i];
  return array;
}

/** A generated expression: its JavaScript source and its static Painless type. */
interface Gen {
  code: string;
  t: string;
  /** Set for literals: the index of the boxed value among the constants (def contexts need no boxing per call). */
  constant?: number;
}

const NUMERIC = ['byte', 'short', 'char', 'int', 'long', 'float', 'double'];
const PRIMITIVES = new Set([...NUMERIC, 'boolean']);
const isPrimitive = (t: string): boolean => PRIMITIVES.has(t);
const isNumeric = (t: string): boolean => NUMERIC.includes(t);
/** Widening order for implicit conversions (byte → short → int → long → float → double; char → int). */
const WIDEN_RANK: Record<string, number> = {
  byte: 0,
  short: 1,
  char: 1,
  int: 2,
  long: 3,
  float: 4,
  double: 5,
};
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '<<', '>>', '>>>', '&', '|', '^']);
const COMPARISONS = new Set(['<', '<=', '>', '>=']);

function typeName(t: TypeRef): string {
  return t.dims > 0 ? `${t.name}${'[]'.repeat(t.dims)}` : t.name;
}

/** Binary numeric promotion (AnalyzerCaster#promoteNumeric) of two primitive numeric types. */
function promote(a: string, b: string): string {
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'float' || b === 'float') return 'float';
  if (a === 'long' || b === 'long') return 'long';
  return 'int';
}

function unaryPromote(a: string): string {
  return a === 'byte' || a === 'short' || a === 'char' ? 'int' : a;
}

/** A number as a JavaScript literal (parenthesized when negative, so that `x - -1` stays `x - (-1)`). */
function lit(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '(-Infinity)';
  if (Object.is(n, -0)) return '(-0)';
  return n < 0 ? `(${String(n)})` : String(n);
}

/** A string as a JavaScript literal: user text only ever enters generated code this way. */
const str = (s: string): string => JSON.stringify(s);

interface Variable {
  name: string;
  type: string;
}

class Scope {
  private readonly vars = new Map<string, Variable>();
  constructor(private readonly parent?: Scope) {}
  lookup(name: string): Variable | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  declare(name: string, v: Variable, at: number): void {
    if (this.lookup(name)) throw new PainlessCompileError(`variable [${name}] is already defined`, at);
    this.vars.set(name, v);
  }
}

/** The locals of one generated function: script variables (`v<n>`) and temporaries (`t<n>`). */
class FunctionLocals {
  private vars = 0;
  private temps = 0;
  readonly declared: string[] = [];

  variable(type: string): string {
    const name = `v${this.vars++}`;
    this.declared.push(`${name} = ${isNumeric(type) ? '0' : type === 'boolean' ? 'false' : 'null'}`);
    return name;
  }

  temp(): string {
    const name = `t${this.temps++}`;
    this.declared.push(name);
    return name;
  }
}

interface FunctionInfo {
  decl: FunctionDecl;
  jsName: string;
  returns: string;
  params: string[];
}

/**
 * Compiles a parsed script to one JavaScript function (generated source, evaluated with `new Function`): locals are
 * JavaScript variables, int/long/float/double arithmetic is specialized by static type as Java does it, and `def`
 * values dispatch on their runtime class through the helpers in RUNTIME. The script's return value is converted to
 * `double` (ScoreScript#execute). Script text never becomes code: identifiers become generated names, string
 * literals are JSON-quoted, numbers are printed from their parsed values.
 */
export function compileProgram(program: Program): ExecutableScript {
  return new Compiler(program).compile();
}

class Compiler {
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly constants: unknown[] = [];
  private readonly docSlots = new Map<string, number>();
  private needsScore = false;
  private bindingSites = 0;
  private returnType = 'double';
  private locals = new FunctionLocals();

  constructor(private readonly program: Program) {}

  compile(): ExecutableScript {
    this.program.functions.forEach((decl, i) => {
      const key = `${decl.name}/${decl.params.length}`;
      if (this.functions.has(key))
        throw new PainlessCompileError(`illegal duplicate functions [${key}].`, decl.at);
      this.functions.set(key, {
        decl,
        jsName: `F${i}`,
        returns: this.resolveType(decl.returns, decl.at),
        params: decl.params.map((p) => this.resolveType(p.type, decl.at)),
      });
    });
    const functionSources = [...this.functions.values()].map((info) => this.functionSource(info));

    this.locals = new FunctionLocals();
    this.returnType = 'double';
    const statements = withImplicitReturn(this.program.statements, 'double');
    const body = this.block(statements, new Scope(), false);
    const main = `return function main(run) {
  let loops = 0;${this.declarations()}
  try {
${body}
  } catch (e) {
    throw located(e, at);
  }
  return 0;
};`;
    const source = `"use strict";
const { ${RUNTIME_NAMES.join(', ')} } = R;
let at = 0;
${this.constants.map((_, i) => `const K${i} = K[${i}];`).join('\n')}
${functionSources.join('\n')}
${main}`;
    const factory = new Function('R', 'K', source) as (
      r: typeof RUNTIME,
      k: unknown[],
    ) => (run: Run) => number;
    const execute = factory(RUNTIME, this.constants);
    return { needsScore: this.needsScore, execute };
  }

  private declarations(): string {
    return this.locals.declared.length > 0 ? `\n  let ${this.locals.declared.join(', ')};` : '';
  }

  private functionSource(info: FunctionInfo): string {
    this.locals = new FunctionLocals();
    this.returnType = info.returns;
    const scope = new Scope();
    const paramNames = info.decl.params.map((p, i) => {
      const name = `p${i}`;
      scope.declare(p.name, { name, type: info.params[i] }, info.decl.at);
      return name;
    });
    const statements = withImplicitReturn(info.decl.body.body, info.returns);
    const body = this.block(statements, scope, false);
    const fallthrough = info.returns === 'void' ? 'return;' : `return ${defaultLiteral(info.returns)};`;
    return `function ${info.jsName}(run${paramNames.map((p) => `, ${p}`).join('')}) {
  let loops = 0;${this.declarations()}
${body}
  ${fallthrough}
}`;
  }

  private resolveType(t: TypeRef, at: number): string {
    if (t.dims > 0) {
      if (!isPrimitive(t.name) && t.name !== 'def' && !REFERENCE_TYPES.has(t.name)) {
        throw new PainlessCompileError(`cannot resolve type [${typeName(t)}]`, at);
      }
      return typeName(t);
    }
    if (t.name === 'def' || isPrimitive(t.name) || t.name === 'void' || t.name === 'String') return t.name;
    if (REFERENCE_TYPES.has(t.name)) return t.name;
    throw new PainlessCompileError(`cannot resolve type [${t.name}]`, at);
  }

  private constant(value: unknown): number {
    this.constants.push(value);
    return this.constants.length - 1;
  }

  // ---- statements ---------------------------------------------------------------------------------------------

  private block(statements: Stmt[], parent: Scope, newScope = true): string {
    const scope = newScope ? new Scope(parent) : parent;
    return statements.map((s) => this.statement(s, scope)).join('\n');
  }

  private loopCheck(body: Stmt | undefined, at: number): string {
    return `if ((loops += ${statementCount(body)}) > ${MAX_LOOP_COUNTER}) throw loopLimit(${at});`;
  }

  private statement(s: Stmt, scope: Scope): string {
    switch (s.k) {
      case 'block':
        return `{\n${this.block(s.body, scope)}\n}`;
      case 'decl': {
        const type = this.resolveType(s.type, s.at);
        return s.vars
          .map((v) => {
            const init = v.init
              ? this.coerce(this.expr(v.init, scope), type, v.at, false).code
              : defaultLiteral(type);
            const name = this.locals.variable(type);
            scope.declare(v.name, { name, type }, v.at);
            return `${name} = ${init};`;
          })
          .join('\n');
      }
      case 'expr':
        return `${this.expr(s.e, scope).code};`;
      case 'return': {
        if (!s.e) {
          if (this.returnType !== 'void') {
            throw new PainlessCompileError(`Must return a value of type [${this.returnType}].`, s.at);
          }
          return 'return;';
        }
        return `return ${this.coerce(this.expr(s.e, scope), this.returnType, s.at, false).code};`;
      }
      case 'break':
        return 'break;';
      case 'continue':
        return 'continue;';
      case 'if': {
        const cond = this.condition(s.cond, scope);
        const then = this.statement(s.then, new Scope(scope));
        if (!s.else) return `if (${cond}) {\n${then}\n}`;
        return `if (${cond}) {\n${then}\n} else {\n${this.statement(s.else, new Scope(scope))}\n}`;
      }
      case 'while': {
        const cond = this.condition(s.cond, scope);
        const body = s.body ? this.statement(s.body, new Scope(scope)) : '';
        return `while (${cond}) {\n${this.loopCheck(s.body, s.at)}\n${body}\n}`;
      }
      case 'do': {
        const body = this.statement(s.body, new Scope(scope));
        const cond = this.condition(s.cond, scope);
        return `do {\n${this.loopCheck(s.body, s.at)}\n${body}\n} while (${cond});`;
      }
      case 'for': {
        const inner = new Scope(scope);
        const init = s.init ? this.statement(s.init, inner) : '';
        const cond = s.cond ? this.condition(s.cond, inner) : 'true';
        const after = s.after ? this.expr(s.after, inner).code : '';
        const body = s.body ? this.statement(s.body, new Scope(inner)) : '';
        return `{\n${init}\nfor (; ${cond}; ${after}) {\n${this.loopCheck(s.body, s.at)}\n${body}\n}\n}`;
      }
      case 'foreach': {
        const iterable = this.boxed(this.expr(s.iterable, scope));
        const inner = new Scope(scope);
        const type = s.type ? this.resolveType(s.type, s.at) : 'def';
        const name = this.locals.variable(type);
        inner.declare(s.name, { name, type }, s.at);
        const item = this.locals.temp();
        const value = this.coerce({ code: item, t: 'def' }, type, s.at, false).code;
        const body = this.statement(s.body, new Scope(inner));
        const source = this.locals.temp();
        return `for (const ${item}_ of (${source} = ${iterable}, at = ${s.iterable.at}, iterate(${source}))) {
${this.loopCheck(s.body, s.at)}
${item} = ${item}_;
${name} = ${value};
${body}
}`;
      }
    }
  }

  private condition(e: Expr, scope: Scope): string {
    return this.coerce(this.expr(e, scope), 'boolean', e.at, false).code;
  }

  // ---- conversions --------------------------------------------------------------------------------------------

  /** The value boxed (for def contexts), whatever its static type. */
  private boxed(g: Gen): string {
    if (!isPrimitive(g.t)) return g.code;
    if (g.constant !== undefined) return `K${g.constant}`;
    switch (g.t) {
      case 'int':
      case 'short':
      case 'byte':
      case 'char':
        return `boxInt(${g.code})`;
      case 'long':
        return `new JLong(${g.code})`;
      case 'float':
        return `new JFloat(${g.code})`;
      default:
        return g.code;
    }
  }

  /**
   * Converts a value of static type `from` to `to` (AnalyzerCaster): implicit widening between primitives, boxing,
   * unboxing by Def's rules, and explicit casts; anything else is a compile error.
   */
  private coerce(g: Gen, to: string, at: number, explicit: boolean): Gen {
    const from = g.t;
    if (from === to) return g;
    const cannot = (): never => {
      throw new PainlessCompileError(`Cannot cast from [${from}] to [${to}].`, at, 'class_cast_exception');
    };
    if (from === 'void') cannot();
    if (isPrimitive(to)) {
      if (isPrimitive(from)) {
        if (from === 'boolean' || to === 'boolean') cannot();
        if (!explicit && !(WIDEN_RANK[from] < WIDEN_RANK[to] && !(from === 'char' && to === 'short')))
          cannot();
        return { code: numberConversion(g.code, from, to), t: to };
      }
      if (from === 'null' || from === 'String') cannot();
      const tmp = this.locals.temp();
      if (!explicit && (to === 'double' || to === 'boolean')) {
        return {
          code: `(${tmp} = ${g.code}, at = ${at}, ${to === 'double' ? 'toDouble' : 'toBoolean'}(${tmp}))`,
          t: to,
        };
      }
      return { code: `(${tmp} = ${g.code}, at = ${at}, unbox(${tmp}, ${str(to)}, ${explicit}))`, t: to };
    }
    if (isPrimitive(from)) {
      if (to === 'String' || to.endsWith('[]') || ['List', 'Map', 'ArrayList', 'HashMap'].includes(to))
        cannot();
      return { code: this.boxed(g), t: to };
    }
    if (to === 'def' || to === 'Object' || from === 'null') return { code: g.code, t: to };
    const tmp = this.locals.temp();
    const check = to.endsWith('[]') ? 'def' : to;
    return {
      code: `(${tmp} = ${g.code}, ${tmp} === null || isInstance(${tmp}, ${str(check)}) ? ${tmp} : (at = ${at}, ((e) => { throw e; })(castFailure(${tmp}, ${str(javaClassFor(to))}))))`,
      t: to,
    };
  }

  // ---- expressions --------------------------------------------------------------------------------------------

  private expr(e: Expr, scope: Scope): Gen {
    switch (e.k) {
      case 'num':
        return { code: lit(e.value), t: e.type, constant: this.constant(box(e.value, e.type)) };
      case 'str':
        return { code: str(e.value), t: 'String' };
      case 'bool':
        return { code: String(e.value), t: 'boolean', constant: this.constant(e.value) };
      case 'null':
        return { code: 'null', t: 'null' };
      case 'var':
        return this.variable(e.name, e.at, scope);
      case 'unary':
        return this.unary(e.op, this.expr(e.e, scope), e.at);
      case 'binary':
        return this.binary(e.op, this.expr(e.l, scope), this.expr(e.r, scope), e.at);
      case 'compare':
        return this.compare(e.op, this.expr(e.l, scope), this.expr(e.r, scope), e.at);
      case 'logical': {
        const l = this.coerce(this.expr(e.l, scope), 'boolean', e.l.at, false).code;
        const r = this.coerce(this.expr(e.r, scope), 'boolean', e.r.at, false).code;
        return { code: `(${l} ${e.op === '&&' ? '&&' : '||'} ${r})`, t: 'boolean' };
      }
      case 'cond': {
        const c = this.coerce(this.expr(e.c, scope), 'boolean', e.c.at, false).code;
        let a = this.expr(e.a, scope);
        let b = this.expr(e.b, scope);
        let t: string;
        if (a.t === b.t) t = a.t;
        else if (isNumeric(a.t) && isNumeric(b.t)) t = promote(a.t, b.t);
        else if (a.t === 'null' && !isPrimitive(b.t)) t = b.t;
        else if (b.t === 'null' && !isPrimitive(a.t)) t = a.t;
        else t = 'def';
        a = this.coerce(a, t, e.a.at, false);
        b = this.coerce(b, t, e.b.at, false);
        return { code: `(${c} ? ${a.code} : ${b.code})`, t };
      }
      case 'elvis': {
        const l = this.expr(e.l, scope);
        if (isPrimitive(l.t)) {
          throw new PainlessCompileError(
            'Elvis operator cannot be used with a primitive on the left side.',
            e.at,
          );
        }
        const r = this.boxed(this.expr(e.r, scope));
        const tmp = this.locals.temp();
        return { code: `((${tmp} = ${l.code}) !== null ? ${tmp} : ${r})`, t: 'def' };
      }
      case 'assign':
        return this.assign(e.op, e.target, e.value, scope, e.at);
      case 'incdec': {
        const one: Expr = { k: 'num', at: e.at, type: 'int', value: 1 };
        const op = e.op === '++' ? '+=' : '-=';
        const update = this.assign(op, e.target, one, scope, e.at);
        if (e.prefix) return update;
        const old = this.expr(e.target, scope);
        const tmp = this.locals.temp();
        return { code: `(${tmp} = ${old.code}, ${update.code}, ${tmp})`, t: old.t };
      }
      case 'cast':
        return this.coerce(this.expr(e.e, scope), this.resolveType(e.type, e.at), e.at, true);
      case 'instanceof':
        return {
          code: `isInstance(${this.boxed(this.expr(e.e, scope))}, ${str(typeName(e.type))})`,
          t: 'boolean',
        };
      case 'call':
        return this.call(e.name, e.args, scope, e.at);
      case 'method':
        return this.method(e, scope);
      case 'field':
        return this.field(e, scope);
      case 'index': {
        const recv = e.recv;
        if (recv.k === 'var' && recv.name === 'doc' && !scope.lookup('doc') && e.index.k === 'str') {
          return this.docField(e.index.value, e.at);
        }
        const r = this.boxed(this.expr(recv, scope));
        const i = this.boxed(this.expr(e.index, scope));
        const [tr, ti] = [this.locals.temp(), this.locals.temp()];
        return { code: `(${tr} = ${r}, ${ti} = ${i}, at = ${e.at}, readIndex(${tr}, ${ti}))`, t: 'def' };
      }
      case 'list':
        return { code: `[${e.items.map((x) => this.boxed(this.expr(x, scope))).join(', ')}]`, t: 'def' };
      case 'map': {
        const parts = e.entries.flatMap(([k, v]) => [
          this.boxed(this.expr(k, scope)),
          this.boxed(this.expr(v, scope)),
        ]);
        return { code: `mapOf([${parts.join(', ')}])`, t: 'def' };
      }
      case 'new': {
        const args = e.args.map((a) => this.boxed(this.expr(a, scope)));
        const name = e.type.name;
        if ((name === 'ArrayList' || name === 'HashSet') && args.length <= 1) {
          return { code: `newList(${args.join(', ')})`, t: 'def' };
        }
        if (name === 'HashMap' && args.length <= 1) {
          return { code: `(at = ${e.at}, newMap(${args.join(', ')}))`, t: 'def' };
        }
        throw new PainlessCompileError(`constructor [${name}, <init>/${args.length}] not found`, e.at);
      }
      case 'newarray': {
        const element = e.type.dims > 1 ? 'def' : e.type.name;
        const t = `${e.type.name}${'[]'.repeat(e.type.dims)}`;
        if (e.init) {
          const items = e.init.map((x) => this.coerce(this.expr(x, scope), element, x.at, false).code);
          return { code: `arrayOf(${str(element)}, [${items.join(', ')}])`, t };
        }
        if (e.sizes.length !== 1)
          throw new PainlessCompileError('multi-dimensional arrays are not supported', e.at);
        const size = this.coerce(this.expr(e.sizes[0], scope), 'int', e.at, false).code;
        const tmp = this.locals.temp();
        return { code: `(${tmp} = ${size}, at = ${e.at}, newArray(${str(element)}, ${tmp}))`, t };
      }
    }
  }

  private variable(name: string, at: number, scope: Scope): Gen {
    const v = scope.lookup(name);
    if (v) return { code: v.name, t: v.type };
    switch (name) {
      case 'params':
        return { code: 'run.params', t: 'def' };
      case 'doc':
        return { code: 'run.doc', t: 'def' };
      case '_score':
        this.needsScore = true;
        return { code: 'run.score', t: 'double' };
    }
    throw new PainlessCompileError(`cannot resolve symbol [${name}]`, at);
  }

  /** `doc['name']` with a literal name: its doc values by a slot fixed at compile time. */
  private docField(name: string, at: number): Gen {
    let slot = this.docSlots.get(name);
    if (slot === undefined) {
      slot = this.docSlots.size;
      this.docSlots.set(name, slot);
    }
    return { code: `(at = ${at}, run.doc.field(${slot}, ${str(name)}))`, t: 'def' };
  }

  /**
   * Members of `doc['name']` read directly: `size()` and `isEmpty()`/`.empty` typed int and boolean (the values an
   * Integer or Boolean would hold), `.value`/`getValue()` without dynamic lookup. `arity` is -1 for a field read.
   */
  private docValuesMember(
    recv: Expr,
    name: string,
    arity: number,
    at: number,
    scope: Scope,
  ): Gen | undefined {
    if (recv.k !== 'index' || recv.recv.k !== 'var' || recv.recv.name !== 'doc' || scope.lookup('doc'))
      return undefined;
    if (recv.index.k !== 'str') return undefined;
    const values = this.docField(recv.index.value, recv.at).code;
    if ((arity === 0 && name === 'size') || (arity === -1 && name === 'length')) {
      return { code: `${values}.sizeOf()`, t: 'int' };
    }
    if ((arity === 0 && name === 'isEmpty') || (arity === -1 && name === 'empty')) {
      return { code: `(${values}.sizeOf() === 0)`, t: 'boolean' };
    }
    if ((arity === 0 && name === 'getValue') || (arity === -1 && name === 'value')) {
      const tmp = this.locals.temp();
      return { code: `(${tmp} = ${values}, at = ${at}, ${tmp}.first())`, t: 'def' };
    }
    return undefined;
  }

  /** For `doc['f'].value` (or `getValue()`): the code of `doc['f']`; otherwise undefined. */
  private docValuesOfValue(e: Expr, scope: Scope): string | undefined {
    const isValue =
      (e.k === 'field' && e.name === 'value') ||
      (e.k === 'method' && e.name === 'getValue' && e.args.length === 0);
    if (!isValue) return undefined;
    const recv = (e as { recv: Expr }).recv;
    if (recv.k !== 'index' || recv.recv.k !== 'var' || recv.recv.name !== 'doc' || scope.lookup('doc'))
      return undefined;
    if (recv.index.k !== 'str') return undefined;
    return this.docField(recv.index.value, recv.at).code;
  }

  private unary(op: string, g: Gen, at: number): Gen {
    if (op === '!') return { code: `(!${this.coerce(g, 'boolean', at, false).code})`, t: 'boolean' };
    if (!isPrimitive(g.t)) {
      const tmp = this.locals.temp();
      return { code: `(${tmp} = ${g.code}, at = ${at}, defUnary(${str(op)}, ${tmp}))`, t: 'def' };
    }
    if (!isNumeric(g.t))
      throw new PainlessCompileError(`Cannot apply [${op}] operation to type [${g.t}].`, at);
    const t = unaryPromote(g.t);
    const x = this.coerce(g, t, at, false).code;
    if (op === '+') return { code: x, t };
    if (op === '-') {
      if (t === 'int') return { code: `((-${x}) | 0)`, t };
      if (t === 'long') return { code: `longSub(0, ${x})`, t };
      return { code: `(-${x})`, t };
    }
    if (t === 'float' || t === 'double')
      throw new PainlessCompileError(`Cannot apply [~] operation to type [${t}].`, at);
    if (t === 'int') return { code: `(~${x})`, t };
    return { code: `primitiveBinary("^", "long", ${x}, -1)`, t };
  }

  private stringOf(g: Gen): string {
    switch (g.t) {
      case 'double':
        return `javaDouble(${g.code})`;
      case 'float':
        return `javaFloat(${g.code})`;
      case 'char':
        return `String.fromCharCode(${g.code})`;
      case 'int':
      case 'long':
      case 'short':
      case 'byte':
      case 'boolean':
        return `String(${g.code})`;
      default:
        return `javaToString(${g.code})`;
    }
  }

  private binary(op: string, l: Gen, r: Gen, at: number): Gen {
    if (!ARITHMETIC.has(op)) throw new PainlessCompileError(`unknown operator [${op}]`, at);
    if (op === '+' && (l.t === 'String' || r.t === 'String')) {
      return { code: `(${this.stringOf(l)} + ${this.stringOf(r)})`, t: 'String' };
    }
    if (!isPrimitive(l.t) || !isPrimitive(r.t)) {
      if (l.t === 'void' || r.t === 'void') {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to type [void].`, at);
      }
      const [ta, tb] = [this.locals.temp(), this.locals.temp()];
      return {
        code: `(${ta} = ${this.boxed(l)}, ${tb} = ${this.boxed(r)}, at = ${at}, defBinary(${str(op)}, ${ta}, ${tb}))`,
        t: 'def',
      };
    }
    if ((op === '&' || op === '|' || op === '^') && l.t === 'boolean' && r.t === 'boolean') {
      if (op === '^') return { code: `(${l.code} !== ${r.code})`, t: 'boolean' };
      // non-short-circuit: both sides are evaluated
      const [ta, tb] = [this.locals.temp(), this.locals.temp()];
      return { code: `(${ta} = ${l.code}, ${tb} = ${r.code}, ${ta} ${op}${op} ${tb})`, t: 'boolean' };
    }
    if (!isNumeric(l.t) || !isNumeric(r.t)) {
      throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
    }
    if (op === '<<' || op === '>>' || op === '>>>') {
      const t = unaryPromote(l.t);
      const rt = unaryPromote(r.t);
      if (t === 'float' || t === 'double' || rt === 'float' || rt === 'double') {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
      }
      const a = this.coerce(l, t, at, false).code;
      let b = this.coerce(r, rt, at, false).code;
      if (rt === 'long') b = `Number(BigInt.asIntN(32, BigInt(${b})))`;
      if (t === 'int') return { code: op === '>>>' ? `((${a} >>> ${b}) | 0)` : `(${a} ${op} ${b})`, t };
      return { code: `primitiveBinary(${str(op)}, "long", ${a}, ${b})`, t };
    }
    const t = promote(l.t, r.t);
    if ((op === '&' || op === '|' || op === '^') && (t === 'float' || t === 'double')) {
      throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
    }
    const a = this.coerce(l, t, at, false).code;
    const b = this.coerce(r, t, at, false).code;
    if (t === 'double') return { code: `(${a} ${op} ${b})`, t };
    if (t === 'float') return { code: `fround(${a} ${op} ${b})`, t };
    if (op === '/' || op === '%') {
      const [ta, tb] = [this.locals.temp(), this.locals.temp()];
      const fn = t === 'int' ? (op === '/' ? 'intDiv' : 'intRem') : op === '/' ? 'longDiv' : 'longRem';
      return { code: `(${ta} = ${a}, ${tb} = ${b}, at = ${at}, ${fn}(${ta}, ${tb}))`, t };
    }
    if (t === 'int') {
      if (op === '*') return { code: `imul(${a}, ${b})`, t };
      if (op === '+' || op === '-') return { code: `((${a} ${op} ${b}) | 0)`, t };
      return { code: `(${a} ${op} ${b})`, t };
    }
    if (op === '+') return { code: `longAdd(${a}, ${b})`, t };
    if (op === '-') return { code: `longSub(${a}, ${b})`, t };
    if (op === '*') return { code: `longMul(${a}, ${b})`, t };
    return { code: `primitiveBinary(${str(op)}, "long", ${a}, ${b})`, t };
  }

  private compare(op: string, l: Gen, r: Gen, at: number): Gen {
    if (op === '==' || op === '!=' || op === '===' || op === '!==') {
      const negate = op === '!=' || op === '!==' ? '!' : '';
      if (isNumeric(l.t) && isNumeric(r.t)) {
        const t = promote(l.t, r.t);
        return {
          code: `(${this.coerce(l, t, at, false).code} ${negate ? '!==' : '==='} ${this.coerce(r, t, at, false).code})`,
          t: 'boolean',
        };
      }
      if (l.t === 'boolean' && r.t === 'boolean') {
        return { code: `(${l.code} ${negate ? '!==' : '==='} ${r.code})`, t: 'boolean' };
      }
      if (isPrimitive(l.t) && isPrimitive(r.t)) {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
      }
      if (op.length === 3)
        return { code: `(${this.boxed(l)} ${negate ? '!==' : '==='} ${this.boxed(r)})`, t: 'boolean' };
      return { code: `${negate}defEquals(${this.boxed(l)}, ${this.boxed(r)})`, t: 'boolean' };
    }
    if (!COMPARISONS.has(op)) throw new PainlessCompileError(`unknown operator [${op}]`, at);
    if (isNumeric(l.t) && isNumeric(r.t)) {
      const t = promote(l.t, r.t);
      return {
        code: `(${this.coerce(l, t, at, false).code} ${op} ${this.coerce(r, t, at, false).code})`,
        t: 'boolean',
      };
    }
    if (isPrimitive(l.t) && isPrimitive(r.t)) {
      throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
    }
    const [ta, tb] = [this.locals.temp(), this.locals.temp()];
    return {
      code: `(${ta} = ${this.boxed(l)}, ${tb} = ${this.boxed(r)}, at = ${at}, defCompare(${str(op)}, ${ta}, ${tb}))`,
      t: 'boolean',
    };
  }

  private assign(op: string, target: Expr, value: Expr, scope: Scope, at: number): Gen {
    const binaryOp = op === '=' ? undefined : op.slice(0, -1);
    if (target.k === 'var') {
      const v = scope.lookup(target.name);
      if (!v) {
        if (['params', 'doc', '_score'].includes(target.name)) {
          throw new PainlessCompileError(`invalid assignment: cannot assign a value to [${target.name}]`, at);
        }
        throw new PainlessCompileError(`cannot resolve symbol [${target.name}]`, target.at);
      }
      let rhs = this.expr(value, scope);
      if (binaryOp) {
        // compound assignment: (T) (target op value)
        rhs = this.coerce(this.binary(binaryOp, { code: v.name, t: v.type }, rhs, at), v.type, at, true);
      } else {
        rhs = this.coerce(rhs, v.type, value.at, false);
      }
      return { code: `(${v.name} = ${rhs.code})`, t: v.type };
    }
    if (target.k === 'field' || target.k === 'index') {
      const recv = this.boxed(this.expr(target.recv, scope));
      const key = target.k === 'field' ? str(target.name) : this.boxed(this.expr(target.index, scope));
      const read = target.k === 'field' ? 'readField' : 'readIndex';
      const write = target.k === 'field' ? 'writeField' : 'writeIndex';
      const rhs = this.boxed(this.expr(value, scope));
      const [tr, tk, tc, tv, tx] = [1, 2, 3, 4, 5].map(() => this.locals.temp());
      const compute = binaryOp
        ? `at = ${at}, ${tc} = ${read}(${tr}, ${tk}), ${tv} = ${rhs}, at = ${at}, ${tx} = defBinary(${str(binaryOp)}, ${tc}, ${tv})`
        : `${tx} = ${rhs}`;
      return {
        code: `(${tr} = ${recv}, ${tk} = ${key}, ${compute}, at = ${at}, ${write}(${tr}, ${tk}, ${tx}), ${tx})`,
        t: 'def',
      };
    }
    throw new PainlessCompileError('invalid assignment: cannot assign a value to this expression', at);
  }

  /** Arguments converted to a builtin's parameter types, and the call (direct when the builtin needs no context). */
  private callBuiltin(builtin: Builtin, args: Expr[], scope: Scope, at: number, needsSite: boolean): Gen {
    const values = args.map((a, i) => {
      // a `doc['f'].value` argument of a decay function: the doc values themselves, read without boxing
      if (builtin.params[i] === 'docvalue') {
        const docValues = this.docValuesOfValue(a, scope);
        return docValues ?? this.boxed(this.expr(a, scope));
      }
      return this.coerce(this.expr(a, scope), builtin.params[i], a.at, false).code;
    });
    if (builtin.direct) {
      const temps = values.map(() => this.locals.temp());
      const fn = this.constant(builtin.direct);
      const assigns = values.map((v, i) => `${temps[i]} = ${v}, `).join('');
      return { code: `(${assigns}at = ${at}, K${fn}(${temps.join(', ')}))`, t: builtin.returns };
    }
    const fn = this.constant(builtin.fn);
    const array = this.constant(new Array<unknown>(values.length));
    const site = needsSite ? this.bindingSites++ : 0;
    const assigns = values.map((v, i) => `K${array}[${i}] = ${v}, `).join('');
    return { code: `(${assigns}at = ${at}, K${fn}(K${array}, run.call, ${site}))`, t: builtin.returns };
  }

  private call(name: string, args: Expr[], scope: Scope, at: number): Gen {
    const key = `${name}/${args.length}`;
    const local = this.functions.get(key);
    if (local) {
      const values = args.map((a, i) => this.coerce(this.expr(a, scope), local.params[i], a.at, false).code);
      return { code: `${local.jsName}(run${values.map((v) => `, ${v}`).join('')})`, t: local.returns };
    }
    const builtin = SCORE_FUNCTIONS[key];
    if (builtin) return this.callBuiltin(builtin, args, scope, at, true);
    throw new PainlessCompileError(`Unknown call [${name}] with [${args.length}] arguments.`, at);
  }

  private method(e: Expr & { k: 'method' }, scope: Scope): Gen {
    const recv = e.recv;
    // a static call: Math.max(a, b), Integer.parseInt(s)
    if (recv.k === 'var' && !scope.lookup(recv.name) && STATIC_METHODS[recv.name]) {
      const builtin = STATIC_METHODS[recv.name][e.name];
      if (!builtin || builtin.params.length !== e.args.length) {
        throw new PainlessCompileError(
          `unknown method [${e.name}] with [${e.args.length}] arguments for class [${recv.name}].`,
          e.at,
        );
      }
      return this.callBuiltin(builtin, e.args, scope, e.at, false);
    }
    const fast = this.docValuesMember(recv, e.name, e.args.length, e.at, scope);
    if (fast) return fast;
    const r = this.boxed(this.expr(recv, scope));
    const args = e.args.map((a) => this.boxed(this.expr(a, scope)));
    const [tr, ta] = [this.locals.temp(), this.locals.temp()];
    const call = `at = ${e.at}, invokeMethod(${tr}, ${str(e.name)}, ${ta})`;
    if (e.nullSafe) {
      return { code: `((${tr} = ${r}) === null ? null : (${ta} = [${args.join(', ')}], ${call}))`, t: 'def' };
    }
    return { code: `(${tr} = ${r}, ${ta} = [${args.join(', ')}], ${call})`, t: 'def' };
  }

  private field(e: Expr & { k: 'field' }, scope: Scope): Gen {
    const recv = e.recv;
    if (recv.k === 'var' && !scope.lookup(recv.name) && STATIC_FIELDS[recv.name]) {
      const field = STATIC_FIELDS[recv.name][e.name];
      if (!field) throw new PainlessCompileError(`unknown field [${e.name}] for class [${recv.name}].`, e.at);
      const [t, value] = field;
      return { code: lit(value as number), t, constant: this.constant(box(value, t)) };
    }
    const fast = this.docValuesMember(recv, e.name, -1, e.at, scope);
    if (fast) return fast;
    const r = this.boxed(this.expr(recv, scope));
    const tr = this.locals.temp();
    const read = `at = ${e.at}, readField(${tr}, ${str(e.name)})`;
    if (e.nullSafe) return { code: `((${tr} = ${r}) === null ? null : (${read}))`, t: 'def' };
    return { code: `(${tr} = ${r}, ${read})`, t: 'def' };
  }
}

/** A number of static type `from` as type `to` (widening, or an explicit narrowing cast), in generated code. */
function numberConversion(code: string, from: string, to: string): string {
  if (from === to) return code;
  const fromFloating = from === 'double' || from === 'float';
  switch (to) {
    case 'double':
      return code;
    case 'float':
      return `fround(${code})`;
    case 'long':
      return fromFloating ? `doubleToLong(${code})` : code;
    case 'int':
      return fromFloating ? `doubleToInt(${code})` : `(${code} | 0)`;
    default:
      return `convertNumber(${code}, ${str(from)}, ${str(to)})`;
  }
}

function defaultLiteral(type: string): string {
  if (type === 'boolean') return 'false';
  if (isNumeric(type)) return '0';
  return 'null';
}

/** The value of a final expression statement is the return value (of the script, or of a non-void function). */
function withImplicitReturn(statements: Stmt[], returns: string): Stmt[] {
  const last = statements[statements.length - 1];
  if (!last || last.k !== 'expr' || returns === 'void') return statements;
  return [...statements.slice(0, -1), { k: 'return', at: last.at, e: last.e }];
}

function javaClassFor(type: string): string {
  const names: Record<string, string> = {
    String: 'java.lang.String',
    List: 'java.util.List',
    ArrayList: 'java.util.ArrayList',
    Map: 'java.util.Map',
    HashMap: 'java.util.HashMap',
    Number: 'java.lang.Number',
    Integer: 'java.lang.Integer',
    Long: 'java.lang.Long',
    Double: 'java.lang.Double',
    Float: 'java.lang.Float',
    Boolean: 'java.lang.Boolean',
  };
  return names[type] ?? type;
}

/** A loop body's statement count, as Painless adds it to the loop counter per iteration (at least 1). */
function statementCount(body: Stmt | undefined): number {
  if (!body) return 1;
  if (body.k === 'block') return Math.max(1, body.body.length);
  return 1;
}

export { MAX_LOOP_COUNTER as LOOP_LIMIT };
