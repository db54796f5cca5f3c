import { OpenSearchError } from '../errors';
import { Expr, FunctionDecl, Program, Stmt, TypeRef } from './ast';
import { CallContext, SCORE_FUNCTIONS, STATIC_FIELDS, STATIC_METHODS } from './statics';
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
import {
  box,
  castFailure,
  compareNumbers,
  convertNumber,
  defBinary,
  defCompare,
  defEquals,
  defUnary,
  JArray,
  javaToString,
  longSub,
  primitiveBinary,
  primitiveToString,
  unbox,
} from './values';
import { DocLookup } from './doc-values';

/** CompilerSettings#maxLoopCounter: statements run in loops per execution. */
export const MAX_LOOP_COUNTER = 1_000_000;

/** What one execution of a script sees: the score context's variables and the built-ins' per-instance state. */
export interface Run {
  params: Map<unknown, unknown>;
  doc: DocLookup | null;
  score: number;
  call: CallContext;
}

interface Frame {
  s: unknown[];
  ret: unknown;
  loops: number;
  run: Run;
}

type Closure = (f: Frame) => unknown;
type StmtClosure = (f: Frame) => number;

/** Statement outcomes. */
const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;

interface Typed {
  c: Closure;
  t: string;
  /** Set for compile-time constants (literals): the boxed value, so def operations need not box per call. */
  constant?: { value: unknown };
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

function typeName(t: TypeRef): string {
  if (t.dims > 0) return `${t.name}${'[]'.repeat(t.dims)}`;
  return t.name;
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

/** Turns whatever a node threw into a JavaException located at the node (the innermost located node wins). */
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

function guard(at: number, c: Closure): Closure {
  return (f) => {
    try {
      return c(f);
    } catch (e) {
      throw located(e, at);
    }
  };
}

interface Variable {
  slot: number;
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

interface FunctionInfo {
  decl: FunctionDecl;
  returns: string;
  params: string[];
  /** Filled once compiled (calls may come before the body is compiled, and functions may recurse). */
  body?: StmtClosure;
  slots: number;
}

/** The result of compiling a score script: run it with a Run and get a double. */
export interface ExecutableScript {
  readonly needsScore: boolean;
  execute(run: Run): number;
}

/**
 * Compiles a parsed script to JavaScript closures (no tree walking at run time): every expression becomes a function
 * of the frame, specialized by its static type, so that int, long, float and double arithmetic follows Java and
 * `def` values dispatch on their runtime class. The script's return value is converted to `double` (ScoreScript).
 */
export function compileProgram(program: Program): ExecutableScript {
  return new Compiler(program).compile();
}

class Compiler {
  private readonly functions = new Map<string, FunctionInfo>();
  private slotCount = 0;
  private needsScore = false;
  private bindingSites = 0;
  private returnType = 'double';

  constructor(private readonly program: Program) {}

  compile(): ExecutableScript {
    for (const decl of this.program.functions) {
      const key = `${decl.name}/${decl.params.length}`;
      if (this.functions.has(key)) {
        throw new PainlessCompileError(`illegal duplicate functions [${key}].`, decl.at);
      }
      this.functions.set(key, {
        decl,
        returns: this.resolveType(decl.returns, decl.at),
        params: decl.params.map((p) => this.resolveType(p.type, decl.at)),
        slots: 0,
      });
    }
    for (const info of this.functions.values()) this.compileFunction(info);

    this.slotCount = 0;
    this.returnType = 'double';
    const scope = new Scope();
    const statements = [...this.program.statements];
    const last = statements[statements.length - 1];
    // the value of a final expression statement is the script's return value
    if (last && last.k === 'expr')
      statements[statements.length - 1] = { k: 'return', at: last.at, e: last.e };
    const body = this.block(statements, scope, false);
    const slots = this.slotCount;
    const needsScore = this.needsScore;
    const frame: Frame = {
      s: new Array(slots).fill(null),
      ret: 0,
      loops: 0,
      run: undefined as unknown as Run,
    };
    return {
      needsScore,
      execute(run: Run): number {
        frame.run = run;
        frame.loops = 0;
        frame.ret = 0;
        body(frame);
        return frame.ret as number;
      },
    };
  }

  private compileFunction(info: FunctionInfo): void {
    this.slotCount = 0;
    const previousReturn = this.returnType;
    this.returnType = info.returns;
    const scope = new Scope();
    info.decl.params.forEach((p, i) =>
      scope.declare(p.name, { slot: this.slotCount++, type: info.params[i] }, info.decl.at),
    );
    const statements = [...info.decl.body.body];
    const last = statements[statements.length - 1];
    // as in the script's body, a final expression is the function's return value
    if (last && last.k === 'expr' && info.returns !== 'void') {
      statements[statements.length - 1] = { k: 'return', at: last.at, e: last.e };
    }
    info.body = this.block(statements, scope, false);
    info.slots = this.slotCount;
    this.returnType = previousReturn;
  }

  private resolveType(t: TypeRef, at: number): string {
    if (t.dims > 0) {
      if (!isPrimitive(t.name) && t.name !== 'def' && !REFERENCE_TYPES.has(t.name)) {
        throw new PainlessCompileError(`cannot resolve type [${typeName(t)}]`, at);
      }
      return typeName(t);
    }
    if (t.name === 'def' || isPrimitive(t.name) || t.name === 'void') return t.name;
    if (t.name === 'String') return 'String';
    if (REFERENCE_TYPES.has(t.name)) return t.name;
    throw new PainlessCompileError(`cannot resolve type [${t.name}]`, at);
  }

  private newSlot(): number {
    return this.slotCount++;
  }

  // ---- statements ---------------------------------------------------------------------------------------------

  private block(statements: Stmt[], parent: Scope, newScope = true): StmtClosure {
    const scope = newScope ? new Scope(parent) : parent;
    const compiled = statements.map((s) => this.statement(s, scope));
    if (compiled.length === 1) return compiled[0];
    return (f) => {
      for (let i = 0; i < compiled.length; i++) {
        const r = compiled[i](f);
        if (r !== NORMAL) return r;
      }
      return NORMAL;
    };
  }

  private statement(s: Stmt, scope: Scope): StmtClosure {
    switch (s.k) {
      case 'block':
        return this.block(s.body, scope);
      case 'decl': {
        const type = this.resolveType(s.type, s.at);
        const inits = s.vars.map((v) => {
          const slot = this.newSlot();
          const init = v.init
            ? this.coerce(this.expr(v.init, scope), type, v.at, false).c
            : defaultValue(type);
          scope.declare(v.name, { slot, type }, v.at);
          return { slot, init };
        });
        if (inits.length === 1) {
          const { slot, init } = inits[0];
          return (f) => {
            f.s[slot] = init(f);
            return NORMAL;
          };
        }
        return (f) => {
          for (const { slot, init } of inits) f.s[slot] = init(f);
          return NORMAL;
        };
      }
      case 'expr': {
        const e = this.expr(s.e, scope).c;
        return (f) => {
          e(f);
          return NORMAL;
        };
      }
      case 'return': {
        if (!s.e) {
          if (this.returnType !== 'void') {
            throw new PainlessCompileError(`Must return a value of type [${this.returnType}].`, s.at);
          }
          return () => RETURN;
        }
        const e = this.coerce(this.expr(s.e, scope), this.returnType, s.at, false).c;
        return (f) => {
          f.ret = e(f);
          return RETURN;
        };
      }
      case 'break':
        return () => BREAK;
      case 'continue':
        return () => CONTINUE;
      case 'if': {
        const cond = this.condition(s.cond, scope);
        const then = this.statement(s.then, new Scope(scope));
        if (!s.else) return (f) => (cond(f) ? then(f) : NORMAL);
        const otherwise = this.statement(s.else, new Scope(scope));
        return (f) => (cond(f) ? then(f) : otherwise(f));
      }
      case 'while': {
        const cond = this.condition(s.cond, scope);
        const body = s.body ? this.statement(s.body, new Scope(scope)) : () => NORMAL;
        const count = statementCount(s.body);
        const at = s.at;
        return (f) => {
          while (cond(f)) {
            countLoop(f, count, at);
            const r = body(f);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          }
          return NORMAL;
        };
      }
      case 'do': {
        const inner = new Scope(scope);
        const body = this.statement(s.body, inner);
        const cond = this.condition(s.cond, scope);
        const count = statementCount(s.body);
        const at = s.at;
        return (f) => {
          do {
            countLoop(f, count, at);
            const r = body(f);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          } while (cond(f));
          return NORMAL;
        };
      }
      case 'for': {
        const inner = new Scope(scope);
        const init = s.init ? this.statement(s.init, inner) : undefined;
        const cond = s.cond ? this.condition(s.cond, inner) : () => true;
        const after = s.after ? this.expr(s.after, inner).c : undefined;
        const body = s.body ? this.statement(s.body, new Scope(inner)) : () => NORMAL;
        const count = statementCount(s.body);
        const at = s.at;
        return (f) => {
          if (init) init(f);
          while (cond(f)) {
            countLoop(f, count, at);
            const r = body(f);
            if (r === BREAK) break;
            if (r === RETURN) return r;
            if (after) after(f);
          }
          return NORMAL;
        };
      }
      case 'foreach': {
        const iterable = this.expr(s.iterable, scope);
        const inner = new Scope(scope);
        const type = s.type ? this.resolveType(s.type, s.at) : 'def';
        const slot = this.newSlot();
        inner.declare(s.name, { slot, type }, s.at);
        const convert = this.coerce({ c: (f) => f.s[slot], t: 'def' }, type, s.at, false).c;
        const body = this.statement(s.body, new Scope(inner));
        const source = guard(s.iterable.at, (f) => iterate(this.boxed(iterable)(f)));
        const count = statementCount(s.body);
        const at = s.at;
        return (f) => {
          for (const item of source(f) as Iterable<unknown>) {
            countLoop(f, count, at);
            f.s[slot] = item;
            if (type !== 'def') f.s[slot] = convert(f);
            const r = body(f);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          }
          return NORMAL;
        };
      }
    }
  }

  private condition(e: Expr, scope: Scope): (f: Frame) => boolean {
    return this.coerce(this.expr(e, scope), 'boolean', e.at, false).c as (f: Frame) => boolean;
  }

  // ---- conversions --------------------------------------------------------------------------------------------

  /** A closure giving the value boxed (for def contexts), whatever the static type. */
  private boxed(e: Typed): Closure {
    if (!isPrimitive(e.t)) return e.c;
    if (e.constant) {
      const value = e.constant.value;
      return () => value;
    }
    const { c, t } = e;
    return (f) => box(c(f), t);
  }

  /**
   * Converts a value of static type `from` to `to` (AnalyzerCaster): implicit widening between primitives, boxing,
   * unboxing by Def's rules, and explicit casts; anything else is a compile error.
   */
  private coerce(e: Typed, to: string, at: number, explicit: boolean): Typed {
    const from = e.t;
    if (from === to) return e;
    const cannot = (): never => {
      throw new PainlessCompileError(`Cannot cast from [${from}] to [${to}].`, at, 'class_cast_exception');
    };
    if (from === 'void') cannot();
    if (isPrimitive(to)) {
      if (isPrimitive(from)) {
        if (from === 'boolean' || to === 'boolean') cannot();
        if (!explicit && !(WIDEN_RANK[from] < WIDEN_RANK[to] && !(from === 'char' && to === 'short'))) {
          if (!(from === 'byte' && to === 'char')) cannot();
          cannot();
        }
        const c = e.c;
        return { c: (f) => convertNumber(c(f) as number, from, to), t: to };
      }
      if (from === 'null' || from === 'String') cannot();
      const c = e.c;
      return { c: guard(at, (f) => unbox(c(f), to, explicit)), t: to };
    }
    // to a reference type
    if (isPrimitive(from)) {
      if (to === 'String' || to.endsWith('[]') || ['List', 'Map', 'ArrayList', 'HashMap'].includes(to))
        cannot();
      return { c: this.boxed(e), t: to };
    }
    if (to === 'def' || to === 'Object' || from === 'null') return { c: e.c, t: to };
    const c = e.c;
    return {
      c: guard(at, (f) => {
        const v = c(f);
        if (v === null || isInstance(v, to.endsWith('[]') ? 'def' : to)) return v;
        throw castFailure(v, javaClassFor(to));
      }),
      t: to,
    };
  }

  // ---- expressions --------------------------------------------------------------------------------------------

  private expr(e: Expr, scope: Scope): Typed {
    switch (e.k) {
      case 'num': {
        const value = e.value;
        return { c: () => value, t: e.type, constant: { value: box(value, e.type) } };
      }
      case 'str': {
        const value = e.value;
        return { c: () => value, t: 'String', constant: { value } };
      }
      case 'bool': {
        const value = e.value;
        return { c: () => value, t: 'boolean', constant: { value } };
      }
      case 'null':
        return { c: () => null, t: 'null', constant: { value: null } };
      case 'var':
        return this.variable(e.name, e.at, scope);
      case 'unary':
        return this.unary(e.op, this.expr(e.e, scope), e.at);
      case 'binary':
        return this.binary(e.op, this.expr(e.l, scope), this.expr(e.r, scope), e.at);
      case 'compare':
        return this.compare(e.op, this.expr(e.l, scope), this.expr(e.r, scope), e.at);
      case 'logical': {
        const l = this.coerce(this.expr(e.l, scope), 'boolean', e.l.at, false).c;
        const r = this.coerce(this.expr(e.r, scope), 'boolean', e.r.at, false).c;
        return e.op === '&&'
          ? { c: (f) => l(f) && r(f), t: 'boolean' }
          : { c: (f) => l(f) || r(f), t: 'boolean' };
      }
      case 'cond': {
        const c = this.coerce(this.expr(e.c, scope), 'boolean', e.c.at, false).c;
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
        const ac = a.c;
        const bc = b.c;
        return { c: (f) => (c(f) ? ac(f) : bc(f)), t };
      }
      case 'elvis': {
        const l = this.expr(e.l, scope);
        if (isPrimitive(l.t)) {
          throw new PainlessCompileError(
            'Elvis operator cannot be used with a primitive on the left side.',
            e.at,
          );
        }
        const lc = l.c;
        const r = this.boxed(this.expr(e.r, scope));
        return { c: (f) => lc(f) ?? r(f), t: 'def' };
      }
      case 'assign':
        return this.assign(e.op, e.target, e.value, scope, e.at);
      case 'incdec': {
        const one: Expr = { k: 'num', at: e.at, type: 'int', value: 1 };
        const op = e.op === '++' ? '+=' : '-=';
        if (e.prefix) return this.assign(op, e.target, one, scope, e.at);
        // postfix: the old value, then the update
        const old = this.expr(e.target, scope);
        const update = this.assign(op, e.target, one, scope, e.at).c;
        if (e.target.k === 'var') {
          const v = scope.lookup(e.target.name)!;
          const slot = v.slot;
          return {
            c: (f) => {
              const before = f.s[slot];
              update(f);
              return before;
            },
            t: old.t,
          };
        }
        const oldC = old.c;
        return {
          c: (f) => {
            const before = oldC(f);
            update(f);
            return before;
          },
          t: old.t,
        };
      }
      case 'cast': {
        const type = this.resolveType(e.type, e.at);
        return this.coerce(this.expr(e.e, scope), type, e.at, true);
      }
      case 'instanceof': {
        const v = this.boxed(this.expr(e.e, scope));
        const type = typeName(e.type);
        return { c: (f) => isInstance(v(f), type), t: 'boolean' };
      }
      case 'call':
        return this.call(e.name, e.args, scope, e.at);
      case 'method':
        return this.method(e, scope);
      case 'field':
        return this.field(e, scope);
      case 'index': {
        const recv = e.recv;
        // doc['field'] with a literal name: the doc lookup directly
        if (recv.k === 'var' && recv.name === 'doc' && !scope.lookup('doc') && e.index.k === 'str') {
          const field = e.index.value;
          return { c: guard(e.at, (f) => f.run.doc!.get(field)), t: 'def' };
        }
        const r = this.boxed(this.expr(recv, scope));
        const i = this.boxed(this.expr(e.index, scope));
        return { c: guard(e.at, (f) => readIndex(r(f), i(f))), t: 'def' };
      }
      case 'list': {
        const items = e.items.map((x) => this.boxed(this.expr(x, scope)));
        return { c: (f) => items.map((x) => x(f)), t: 'def' };
      }
      case 'map': {
        const entries = e.entries.map(([k, v]) => [
          this.boxed(this.expr(k, scope)),
          this.boxed(this.expr(v, scope)),
        ]);
        return {
          c: (f) => {
            const m = new Map<unknown, unknown>();
            for (const [k, v] of entries) m.set(mapKey(k(f)), v(f));
            return m;
          },
          t: 'def',
        };
      }
      case 'new':
        return this.construct(
          e.type,
          e.args.map((a) => this.boxed(this.expr(a, scope))),
          e.at,
        );
      case 'newarray':
        return this.newArray(e, scope);
    }
  }

  private variable(name: string, at: number, scope: Scope): Typed {
    const v = scope.lookup(name);
    if (v) {
      const slot = v.slot;
      return { c: (f) => f.s[slot], t: v.type };
    }
    switch (name) {
      case 'params':
        return { c: (f) => f.run.params, t: 'def' };
      case 'doc':
        return { c: (f) => f.run.doc, t: 'def' };
      case '_score':
        this.needsScore = true;
        return { c: (f) => f.run.score, t: 'double' };
    }
    throw new PainlessCompileError(`cannot resolve symbol [${name}]`, at);
  }

  private unary(op: string, e: Typed, at: number): Typed {
    if (op === '!') {
      const c = this.coerce(e, 'boolean', at, false).c;
      return { c: (f) => !c(f), t: 'boolean' };
    }
    if (!isPrimitive(e.t)) {
      const c = e.c;
      return { c: guard(at, (f) => defUnary(op, c(f))), t: 'def' };
    }
    if (!isNumeric(e.t))
      throw new PainlessCompileError(`Cannot apply [${op}] operation to type [${e.t}].`, at);
    const t = unaryPromote(e.t);
    const c = this.coerce(e, t, at, false).c;
    if (op === '+') return { c, t };
    if (op === '-') {
      if (t === 'int') return { c: (f) => -(c(f) as number) | 0, t };
      if (t === 'long') return { c: (f) => longSub(0, c(f) as number), t };
      return { c: (f) => -(c(f) as number), t };
    }
    // '~'
    if (t === 'float' || t === 'double') {
      throw new PainlessCompileError(`Cannot apply [~] operation to type [${t}].`, at);
    }
    if (t === 'int') return { c: (f) => ~(c(f) as number), t };
    return { c: (f) => primitiveBinary('^', 'long', c(f) as number, -1), t };
  }

  private stringOf(e: Typed): (f: Frame) => string {
    const { c, t } = e;
    if (t === 'String') return (f) => javaToString(c(f));
    if (isPrimitive(t)) return (f) => primitiveToString(c(f), t);
    return (f) => javaToString(c(f));
  }

  private binary(op: string, l: Typed, r: Typed, at: number): Typed {
    if (op === '+' && (l.t === 'String' || r.t === 'String')) {
      const a = this.stringOf(l);
      const b = this.stringOf(r);
      return { c: (f) => a(f) + b(f), t: 'String' };
    }
    if (!isPrimitive(l.t) || !isPrimitive(r.t)) {
      if (l.t === 'void' || r.t === 'void') {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to type [void].`, at);
      }
      const a = this.boxed(l);
      const b = this.boxed(r);
      return { c: guard(at, (f) => defBinary(op, a(f), b(f))), t: 'def' };
    }
    if ((op === '&' || op === '|' || op === '^') && l.t === 'boolean' && r.t === 'boolean') {
      const a = l.c;
      const b = r.c;
      if (op === '&') return { c: (f) => (a(f) as boolean) && (b(f) as boolean), t: 'boolean' };
      if (op === '|') return { c: (f) => (a(f) as boolean) || (b(f) as boolean), t: 'boolean' };
      return { c: (f) => a(f) !== b(f), t: 'boolean' };
    }
    if (!isNumeric(l.t) || !isNumeric(r.t)) {
      throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
    }
    let t: string;
    let a: Closure;
    let b: Closure;
    if (op === '<<' || op === '>>' || op === '>>>') {
      t = unaryPromote(l.t);
      const rt = unaryPromote(r.t);
      if (t === 'float' || t === 'double' || rt === 'float' || rt === 'double') {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
      }
      a = this.coerce(l, t, at, false).c;
      const rc = this.coerce(r, rt, at, false).c;
      b = rt === 'long' ? (f) => Number(BigInt.asIntN(32, BigInt(rc(f) as number))) : rc;
    } else {
      t = promote(l.t, r.t);
      if ((op === '&' || op === '|' || op === '^') && (t === 'float' || t === 'double')) {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
      }
      a = this.coerce(l, t, at, false).c;
      b = this.coerce(r, t, at, false).c;
    }
    if (t === 'double') {
      switch (op) {
        case '+':
          return { c: (f) => (a(f) as number) + (b(f) as number), t };
        case '-':
          return { c: (f) => (a(f) as number) - (b(f) as number), t };
        case '*':
          return { c: (f) => (a(f) as number) * (b(f) as number), t };
        case '/':
          return { c: (f) => (a(f) as number) / (b(f) as number), t };
      }
    }
    const type = t;
    const fn = (f: Frame): number => primitiveBinary(op, type, a(f) as number, b(f) as number);
    return { c: op === '/' || op === '%' ? guard(at, fn) : fn, t };
  }

  private compare(op: string, l: Typed, r: Typed, at: number): Typed {
    if (op === '==' || op === '!=' || op === '===' || op === '!==') {
      const negate = op === '!=' || op === '!==';
      let test: (f: Frame) => boolean;
      if (isNumeric(l.t) && isNumeric(r.t)) {
        const t = promote(l.t, r.t);
        const a = this.coerce(l, t, at, false).c;
        const b = this.coerce(r, t, at, false).c;
        test = (f) => a(f) === b(f);
      } else if (l.t === 'boolean' && r.t === 'boolean') {
        const a = l.c;
        const b = r.c;
        test = (f) => a(f) === b(f);
      } else if (isPrimitive(l.t) && isPrimitive(r.t)) {
        throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
      } else {
        const a = this.boxed(l);
        const b = this.boxed(r);
        test = op.length === 3 ? (f) => a(f) === b(f) : (f) => defEquals(a(f), b(f));
      }
      return { c: negate ? (f) => !test(f) : test, t: 'boolean' };
    }
    if (isNumeric(l.t) && isNumeric(r.t)) {
      const t = promote(l.t, r.t);
      const a = this.coerce(l, t, at, false).c;
      const b = this.coerce(r, t, at, false).c;
      switch (op) {
        case '<':
          return { c: (f) => (a(f) as number) < (b(f) as number), t: 'boolean' };
        case '<=':
          return { c: (f) => (a(f) as number) <= (b(f) as number), t: 'boolean' };
        case '>':
          return { c: (f) => (a(f) as number) > (b(f) as number), t: 'boolean' };
        default:
          return { c: (f) => compareNumbers(op, a(f) as number, b(f) as number), t: 'boolean' };
      }
    }
    if (isPrimitive(l.t) && isPrimitive(r.t)) {
      throw new PainlessCompileError(`Cannot apply [${op}] operation to types [${l.t}] and [${r.t}].`, at);
    }
    const a = this.boxed(l);
    const b = this.boxed(r);
    return { c: guard(at, (f) => defCompare(op, a(f), b(f))), t: 'boolean' };
  }

  private assign(op: string, target: Expr, value: Expr, scope: Scope, at: number): Typed {
    const binaryOp = op === '=' ? undefined : op.slice(0, -1);
    if (target.k === 'var') {
      const v = scope.lookup(target.name);
      if (!v) {
        if (['params', 'doc', '_score'].includes(target.name)) {
          throw new PainlessCompileError(`invalid assignment: cannot assign a value to [${target.name}]`, at);
        }
        throw new PainlessCompileError(`cannot resolve symbol [${target.name}]`, target.at);
      }
      const slot = v.slot;
      let rhs = this.expr(value, scope);
      if (binaryOp) {
        // compound assignment: (T) (target op value)
        const current: Typed = { c: (f) => f.s[slot], t: v.type };
        rhs = this.coerce(this.binary(binaryOp, current, rhs, at), v.type, at, true);
      } else {
        rhs = this.coerce(rhs, v.type, value.at, false);
      }
      const c = rhs.c;
      return {
        c: (f) => {
          const x = c(f);
          f.s[slot] = x;
          return x;
        },
        t: v.type,
      };
    }
    if (target.k === 'field' || target.k === 'index') {
      const recv = this.boxed(this.expr(target.recv, scope));
      const key: Closure =
        target.k === 'field'
          ? (
              (name) => () =>
                name
            )(target.name)
          : this.boxed(this.expr(target.index, scope));
      const read = target.k === 'field' ? (r: unknown, k: unknown) => readField(r, k as string) : readIndex;
      const write =
        target.k === 'field'
          ? (r: unknown, k: unknown, x: unknown) => writeField(r, k as string, x)
          : writeIndex;
      const rhs = this.boxed(this.expr(value, scope));
      return {
        c: guard(at, (f) => {
          const r = recv(f);
          const k = key(f);
          const x = binaryOp ? defBinary(binaryOp, read(r, k), rhs(f)) : rhs(f);
          write(r, k, x);
          return x;
        }),
        t: 'def',
      };
    }
    throw new PainlessCompileError('invalid assignment: cannot assign a value to this expression', at);
  }

  private call(name: string, args: Expr[], scope: Scope, at: number): Typed {
    const key = `${name}/${args.length}`;
    const local = this.functions.get(key);
    if (local) {
      const compiledArgs = args.map(
        (a, i) => this.coerce(this.expr(a, scope), local.params[i], a.at, false).c,
      );
      return {
        c: guard(at, (f) => {
          const frame: Frame = { s: new Array(local.slots), ret: undefined, loops: 0, run: f.run };
          for (let i = 0; i < compiledArgs.length; i++) frame.s[i] = compiledArgs[i](f);
          local.body!(frame);
          return frame.ret;
        }),
        t: local.returns,
      };
    }
    const builtin = SCORE_FUNCTIONS[key];
    if (builtin) {
      const site = this.bindingSites++;
      const compiledArgs = args.map(
        (a, i) => this.coerce(this.expr(a, scope), builtin.params[i], a.at, false).c,
      );
      const fn = builtin.fn;
      const n = compiledArgs.length;
      const values = new Array<unknown>(n);
      return {
        c: guard(at, (f) => {
          for (let i = 0; i < n; i++) values[i] = compiledArgs[i](f);
          return fn(values, f.run.call, site);
        }),
        t: builtin.returns,
      };
    }
    throw new PainlessCompileError(`Unknown call [${name}] with [${args.length}] arguments.`, at);
  }

  private method(e: Expr & { k: 'method' }, scope: Scope): Typed {
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
      const args = e.args.map((a, i) => this.coerce(this.expr(a, scope), builtin.params[i], a.at, false).c);
      const fn = builtin.fn;
      if (args.length === 1) {
        const a0 = args[0];
        const one = [undefined as unknown];
        return {
          c: guard(e.at, (f) => {
            one[0] = a0(f);
            return fn(one, f.run.call, 0);
          }),
          t: builtin.returns,
        };
      }
      return {
        c: guard(e.at, (f) =>
          fn(
            args.map((a) => a(f)),
            f.run.call,
            0,
          ),
        ),
        t: builtin.returns,
      };
    }
    const r = this.boxed(this.expr(recv, scope));
    const args = e.args.map((a) => this.boxed(this.expr(a, scope)));
    const name = e.name;
    const n = args.length;
    if (e.nullSafe) {
      return {
        c: guard(e.at, (f) => {
          const v = r(f);
          return v === null
            ? null
            : invokeMethod(
                v,
                name,
                args.map((a) => a(f)),
              );
        }),
        t: 'def',
      };
    }
    if (n === 0) {
      const none: unknown[] = [];
      return { c: guard(e.at, (f) => invokeMethod(r(f), name, none)), t: 'def' };
    }
    return {
      c: guard(e.at, (f) => {
        const v = r(f);
        const values = new Array<unknown>(n);
        for (let i = 0; i < n; i++) values[i] = args[i](f);
        return invokeMethod(v, name, values);
      }),
      t: 'def',
    };
  }

  private field(e: Expr & { k: 'field' }, scope: Scope): Typed {
    const recv = e.recv;
    if (recv.k === 'var' && !scope.lookup(recv.name) && STATIC_FIELDS[recv.name]) {
      const field = STATIC_FIELDS[recv.name][e.name];
      if (!field) {
        throw new PainlessCompileError(`unknown field [${e.name}] for class [${recv.name}].`, e.at);
      }
      const [t, value] = field;
      return { c: () => value, t, constant: { value: box(value, t) } };
    }
    const r = this.boxed(this.expr(recv, scope));
    const name = e.name;
    if (e.nullSafe) {
      return {
        c: guard(e.at, (f) => {
          const v = r(f);
          return v === null ? null : readField(v, name);
        }),
        t: 'def',
      };
    }
    return { c: guard(e.at, (f) => readField(r(f), name)), t: 'def' };
  }

  private construct(type: TypeRef, args: Closure[], at: number): Typed {
    const name = type.name;
    if ((name === 'ArrayList' || name === 'HashMap' || name === 'HashSet') && args.length <= 1) {
      if (name === 'HashMap') {
        const from = args[0];
        return {
          c: guard(at, (f) => {
            if (!from) return new Map();
            const source = from(f);
            if (!(source instanceof Map)) throw castFailure(source, 'java.util.Map');
            return new Map(source);
          }),
          t: 'def',
        };
      }
      const from = args[0];
      return {
        c: guard(at, (f) => {
          if (!from) return [];
          const source = from(f);
          // new ArrayList(int capacity) or new ArrayList(Collection)
          if (
            typeof source === 'object' &&
            source !== null &&
            !Array.isArray(source) &&
            !(source instanceof JArray)
          ) {
            return [];
          }
          return Array.isArray(source) ? [...source] : [];
        }),
        t: 'def',
      };
    }
    throw new PainlessCompileError(`constructor [${name}, <init>/${args.length}] not found`, at);
  }

  private newArray(e: Expr & { k: 'newarray' }, scope: Scope): Typed {
    const element = e.type.dims > 1 ? 'def' : e.type.name;
    const t = `${e.type.name}${'[]'.repeat(e.type.dims)}`;
    const make = (n: number): JArray => {
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
    };
    if (e.init) {
      const items = e.init.map((x) => this.coerce(this.expr(x, scope), element, x.at, false).c);
      return {
        c: (f) => {
          const array = make(items.length);
          for (let i = 0; i < items.length; i++) (array.items as unknown[])[i] = items[i](f);
          return array;
        },
        t,
      };
    }
    if (e.sizes.length !== 1)
      throw new PainlessCompileError('multi-dimensional arrays are not supported', e.at);
    const size = this.coerce(this.expr(e.sizes[0], scope), 'int', e.at, false).c;
    return {
      c: guard(e.at, (f) => {
        const n = size(f) as number;
        if (n < 0) throw new JavaException('negative_array_size_exception', String(n));
        return make(n);
      }),
      t,
    };
  }
}

function defaultValue(type: string): Closure {
  if (type === 'boolean') return () => false;
  if (isNumeric(type)) return () => 0;
  return () => null;
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

function countLoop(f: Frame, count: number, at: number): void {
  f.loops += count;
  if (f.loops > MAX_LOOP_COUNTER) {
    const e = painlessError(
      'The maximum number of statements that can be executed in a loop has been reached.',
    );
    e.offset = at;
    throw e;
  }
}

export { RETURN };
