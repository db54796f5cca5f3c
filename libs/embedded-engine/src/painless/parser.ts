import { Expr, FunctionDecl, Program, Stmt, TypeRef } from './ast';
import { PainlessCompileError } from './errors';
import { Token, tokenize } from './lexer';

const PRIMITIVES = new Set(['boolean', 'byte', 'short', 'char', 'int', 'long', 'float', 'double']);
const KEYWORDS = new Set([
  'if',
  'else',
  'while',
  'do',
  'for',
  'continue',
  'break',
  'return',
  'new',
  'try',
  'catch',
  'throw',
  'this',
  'instanceof',
  'true',
  'false',
  'null',
  'def',
  ...PRIMITIVES,
]);

/** Class names a declaration or cast may use (Painless resolves them against its allowlist). */
export const REFERENCE_TYPES = new Set([
  'Object',
  'String',
  'List',
  'ArrayList',
  'Map',
  'HashMap',
  'Collection',
  'Iterable',
  'Set',
  'HashSet',
  'Number',
  'Integer',
  'Long',
  'Float',
  'Double',
  'Boolean',
  'Math',
  'StrictMath',
  'GeoPoint',
  'ZonedDateTime',
  'JodaCompatibleZonedDateTime',
]);

/** Binary operator levels of PainlessParser's `noncondexpression`, loosest first (elvis is handled above them). */
const LEVELS: { ops: string[]; kind: 'binary' | 'compare' | 'logical' | 'instanceof' }[] = [
  { ops: ['||'], kind: 'logical' },
  { ops: ['&&'], kind: 'logical' },
  { ops: ['|'], kind: 'binary' },
  { ops: ['^'], kind: 'binary' },
  { ops: ['&'], kind: 'binary' },
  { ops: ['==', '===', '!=', '!=='], kind: 'compare' },
  { ops: ['instanceof'], kind: 'instanceof' },
  { ops: ['<', '<=', '>', '>='], kind: 'compare' },
  { ops: ['<<', '>>', '>>>'], kind: 'binary' },
  { ops: ['+', '-'], kind: 'binary' },
  { ops: ['*', '/', '%'], kind: 'binary' },
];

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '<<=', '>>=', '>>>=']);

/** Parses a script (PainlessParser.g4: `source: function* statement* EOF`) into its syntax tree. */
export function parse(source: string): Program {
  return new Parser(tokenize(source)).program();
}

class Parser {
  private i = 0;
  private readonly statementStarts: number[] = [];

  constructor(private readonly tokens: Token[]) {}

  program(): Program {
    const functions: FunctionDecl[] = [];
    while (this.isFunctionStart()) functions.push(this.functionDecl());
    const statements: Stmt[] = [];
    while (!this.at('eof')) statements.push(this.statement(true));
    return { functions, statements, statementStarts: this.statementStarts };
  }

  // ---- tokens -------------------------------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }
  private at(kind: Token['kind'], text?: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === kind && (text === undefined || t.text === text);
  }
  private isOp(text: string, ahead = 0): boolean {
    return this.at('op', text, ahead);
  }
  private isKeyword(text: string, ahead = 0): boolean {
    return this.at('id', text, ahead);
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`[${text}]`);
    return this.next();
  }
  /** ParserErrorStrategy's messages: the end of the script, or the token near which the parse failed. */
  private fail(expected?: string): never {
    const t = this.peek();
    if (t.kind === 'eof') throw new PainlessCompileError('unexpected end of script.', t.start);
    const display = t.kind === 'str' ? `'${this.sourceText(t)}'` : `'${t.text}'`;
    throw new PainlessCompileError(
      expected
        ? `unexpected token [${display}] was expecting one of [${expected}].`
        : `invalid sequence of tokens near [${display}].`,
      t.start,
    );
  }
  private sourceText(t: Token): string {
    return t.text;
  }
  private identifier(): Token {
    const t = this.peek();
    if (t.kind !== 'id' || KEYWORDS.has(t.text)) this.fail();
    return this.next();
  }

  // ---- types --------------------------------------------------------------------------------------------------

  private isTypeName(t: Token): boolean {
    return t.kind === 'id' && (t.text === 'def' || PRIMITIVES.has(t.text) || REFERENCE_TYPES.has(t.text));
  }

  /** `decltype: type (LBRACE RBRACE)*` */
  private typeRef(): TypeRef {
    const t = this.next();
    let dims = 0;
    while (this.isOp('[') && this.isOp(']', 1)) {
      this.i += 2;
      dims++;
    }
    return { name: t.text, dims };
  }

  /** How many tokens a declaration type spans from the current position (0: not a declaration here). */
  private declarationTypeLength(): number {
    const t = this.peek();
    if (t.kind !== 'id') return 0;
    let n = 1;
    while (this.isOp('[', n) && this.isOp(']', n + 1)) n += 2;
    const after = this.peek(n);
    const isName = after.kind === 'id' && !KEYWORDS.has(after.text);
    if (t.text === 'def' || PRIMITIVES.has(t.text)) return isName ? n : 0;
    if (KEYWORDS.has(t.text)) return 0;
    // `Type name`: an identifier followed by another is a declaration
    return isName ? n : 0;
  }

  private isFunctionStart(): boolean {
    const n = this.declarationTypeLength();
    return n > 0 && this.isOp('(', n + 1);
  }

  private functionDecl(): FunctionDecl {
    const at = this.peek().start;
    const returns = this.typeRef();
    const name = this.identifier().text;
    this.expectOp('(');
    const params: { type: TypeRef; name: string }[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        if (this.declarationTypeLength() === 0) this.fail();
        const type = this.typeRef();
        params.push({ type, name: this.identifier().text });
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    this.expectOp(')');
    if (!this.isOp('{')) this.fail("'{'");
    const body = this.block();
    return { at, name, returns, params, body };
  }

  // ---- statements ---------------------------------------------------------------------------------------------

  /** `statement: rstatement | dstatement (SEMICOLON | EOF)`; in a block, the last dstatement may omit `;`. */
  private statement(topLevel: boolean): Stmt {
    const at = this.peek().start;
    this.statementStarts.push(at);
    const t = this.peek();
    if (t.kind === 'id') {
      switch (t.text) {
        case 'if': {
          this.next();
          this.expectOp('(');
          const cond = this.expression();
          this.expectOp(')');
          const then = this.trailer();
          let otherwise: Stmt | undefined;
          if (this.isKeyword('else')) {
            this.next();
            otherwise = this.trailer();
          }
          return { k: 'if', at, cond, then, else: otherwise };
        }
        case 'while': {
          this.next();
          this.expectOp('(');
          const cond = this.expression();
          this.expectOp(')');
          if (this.isOp(';')) {
            this.next();
            return { k: 'while', at, cond };
          }
          return { k: 'while', at, cond, body: this.trailer() };
        }
        case 'for':
          return this.forStatement(at);
        case 'try':
        case 'throw':
          throw new PainlessCompileError(`[${t.text}] is not supported by the embedded engine`, t.start);
      }
    }
    if (this.isOp('{')) return this.block();
    const stmt = this.dstatement(at);
    if (this.isOp(';')) this.next();
    else if (!this.at('eof') && !(this.isOp('}') && !topLevel)) this.fail("';'");
    return stmt;
  }

  private forStatement(at: number): Stmt {
    this.next();
    this.expectOp('(');
    // for-each: `for (decltype ID : expr)` or `for (ID in expr)`
    const typeLength = this.declarationTypeLength();
    if (typeLength > 0 && this.isOp(':', typeLength + 1)) {
      const type = this.typeRef();
      const name = this.identifier().text;
      this.expectOp(':');
      const iterable = this.expression();
      this.expectOp(')');
      return { k: 'foreach', at, type, name, iterable, body: this.trailer() };
    }
    if (this.at('id') && this.isKeyword('in', 1)) {
      const name = this.identifier().text;
      this.next();
      const iterable = this.expression();
      this.expectOp(')');
      return { k: 'foreach', at, name, iterable, body: this.trailer() };
    }
    let init: Stmt | undefined;
    if (!this.isOp(';')) {
      const initAt = this.peek().start;
      init = typeLength > 0 ? this.declaration(initAt) : { k: 'expr', at: initAt, e: this.expression() };
    }
    this.expectOp(';');
    const cond = this.isOp(';') ? undefined : this.expression();
    this.expectOp(';');
    const after = this.isOp(')') ? undefined : this.expression();
    this.expectOp(')');
    if (this.isOp(';')) {
      this.next();
      return { k: 'for', at, init, cond, after };
    }
    return { k: 'for', at, init, cond, after, body: this.trailer() };
  }

  private trailer(): Stmt {
    return this.isOp('{') ? this.block() : this.statement(false);
  }

  private block(): Stmt & { k: 'block' } {
    const at = this.expectOp('{').start;
    const body: Stmt[] = [];
    while (!this.isOp('}')) {
      if (this.at('eof')) this.fail("'}'");
      body.push(this.statement(false));
    }
    this.next();
    return { k: 'block', at, body };
  }

  /** `dstatement`: do-while, declaration, continue, break, return, or an expression. */
  private dstatement(at: number): Stmt {
    if (this.isKeyword('do')) {
      this.next();
      if (!this.isOp('{')) this.fail("'{'");
      const body = this.block();
      if (!this.isKeyword('while')) this.fail("'while'");
      this.next();
      this.expectOp('(');
      const cond = this.expression();
      this.expectOp(')');
      return { k: 'do', at, body, cond };
    }
    if (this.isKeyword('continue')) {
      this.next();
      return { k: 'continue', at };
    }
    if (this.isKeyword('break')) {
      this.next();
      return { k: 'break', at };
    }
    if (this.isKeyword('return')) {
      this.next();
      if (this.isOp(';') || this.isOp('}') || this.at('eof')) return { k: 'return', at };
      return { k: 'return', at, e: this.expression() };
    }
    if (this.declarationTypeLength() > 0) return this.declaration(at);
    return { k: 'expr', at, e: this.expression() };
  }

  /** `declaration: decltype declvar (COMMA declvar)*` */
  private declaration(at: number): Stmt {
    const type = this.typeRef();
    const vars: { name: string; init?: Expr; at: number }[] = [];
    for (;;) {
      const nameToken = this.identifier();
      let init: Expr | undefined;
      if (this.isOp('=')) {
        this.next();
        init = this.expression();
      }
      vars.push({ name: nameToken.text, init, at: nameToken.start });
      if (!this.isOp(',')) break;
      this.next();
    }
    return { k: 'decl', at, type, vars };
  }

  // ---- expressions --------------------------------------------------------------------------------------------

  /** `expression`: conditional and assignment are right-associative above the binary levels. */
  expression(): Expr {
    const at = this.peek().start;
    const left = this.elvis();
    if (this.isOp('?')) {
      this.next();
      const a = this.expression();
      this.expectOp(':');
      const b = this.expression();
      return { k: 'cond', at, c: left, a, b };
    }
    const t = this.peek();
    if (t.kind === 'op' && ASSIGN_OPS.has(t.text)) {
      if (left.k !== 'var' && left.k !== 'field' && left.k !== 'index') {
        throw new PainlessCompileError(
          'invalid assignment: cannot assign a value to this expression',
          t.start,
        );
      }
      this.next();
      return { k: 'assign', at: t.start, op: t.text, target: left, value: this.expression() };
    }
    return left;
  }

  private elvis(): Expr {
    const left = this.binary(0);
    if (this.isOp('?:')) {
      const at = this.next().start;
      return { k: 'elvis', at, l: left, r: this.elvis() };
    }
    return left;
  }

  private binary(level: number): Expr {
    if (level >= LEVELS.length) return this.unary();
    const { ops, kind } = LEVELS[level];
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      const matches =
        kind === 'instanceof' ? this.isKeyword('instanceof') : t.kind === 'op' && ops.includes(t.text);
      if (!matches) return left;
      this.next();
      if (kind === 'instanceof') {
        if (!this.isTypeName(this.peek())) this.fail();
        left = { k: 'instanceof', at: t.start, e: left, type: this.typeRef() };
        continue;
      }
      const right = this.binary(level + 1);
      if (kind === 'logical')
        left = { k: 'logical', at: t.start, op: t.text as '&&' | '||', l: left, r: right };
      else if (kind === 'compare') left = { k: 'compare', at: t.start, op: t.text, l: left, r: right };
      else left = { k: 'binary', at: t.start, op: t.text, l: left, r: right };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op') {
      if (t.text === '++' || t.text === '--') {
        this.next();
        return { k: 'incdec', at: t.start, op: t.text, prefix: true, target: this.postfixChain() };
      }
      if (t.text === '-' || t.text === '+') {
        this.next();
        // Walker#visitAddsub: a minus before a numeric literal makes a negative constant (so Integer.MIN_VALUE parses)
        if (t.text === '-' && this.at('num')) {
          const literal = this.peek();
          if (!this.isOp('.', 1) && !this.isOp('?.', 1) && !this.isOp('[', 1)) {
            this.next();
            return numericLiteral(`-${literal.text}`, t.start);
          }
        }
        return { k: 'unary', at: t.start, op: t.text, e: this.unary() };
      }
      if (t.text === '!' || t.text === '~') {
        this.next();
        return { k: 'unary', at: t.start, op: t.text, e: this.unary() };
      }
      if (t.text === '(' && this.isCast()) {
        this.next();
        const type = this.typeRef();
        this.expectOp(')');
        const primitive = type.dims === 0 && (type.name === 'def' || PRIMITIVES.has(type.name));
        return { k: 'cast', at: t.start, type, e: primitive ? this.unary() : this.unaryNotAddSub() };
      }
    }
    return this.unaryNotAddSub();
  }

  private unaryNotAddSub(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '!' || t.text === '~' || (t.text === '(' && this.isCast())))
      return this.unary();
    const chain = this.postfixChain();
    if (this.isOp('++') || this.isOp('--')) {
      const op = this.next();
      return { k: 'incdec', at: op.start, op: op.text as '++' | '--', prefix: false, target: chain };
    }
    return chain;
  }

  /** `(type)` starts a cast: a primitive or def, or a class name followed by something a cast may apply to. */
  private isCast(): boolean {
    const t = this.peek(1);
    if (t.kind !== 'id') return false;
    let n = 2;
    while (this.isOp('[', n) && this.isOp(']', n + 1)) n += 2;
    if (!this.isOp(')', n)) return false;
    if (t.text === 'def' || PRIMITIVES.has(t.text)) return true;
    if (!REFERENCE_TYPES.has(t.text)) return false;
    const after = this.peek(n + 1);
    return (
      after.kind === 'id' ||
      after.kind === 'num' ||
      after.kind === 'str' ||
      (after.kind === 'op' && ['(', '[', '!', '~'].includes(after.text))
    );
  }

  /** `chain: primary postfix*` with postfix `.m(args)`, `.f`, `?.m()`, `?.f`, `[e]`. */
  private postfixChain(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isOp('.') || this.isOp('?.')) {
        const dot = this.next();
        const nullSafe = dot.text === '?.';
        const name = this.next();
        if (name.kind !== 'dotid' && name.kind !== 'dotint') this.fail();
        if (name.kind === 'dotid' && this.isOp('(')) {
          e = { k: 'method', at: name.start, recv: e, name: name.text, args: this.args(), nullSafe };
        } else {
          e = { k: 'field', at: name.start, recv: e, name: name.text, nullSafe };
        }
        continue;
      }
      if (this.isOp('[')) {
        const at = this.next().start;
        const index = this.expression();
        this.expectOp(']');
        e = { k: 'index', at, recv: e, index };
        continue;
      }
      return e;
    }
  }

  private args(): Expr[] {
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        if (this.isArrowAhead()) {
          throw new PainlessCompileError(
            'lambdas are not supported by the embedded engine',
            this.peek().start,
          );
        }
        args.push(this.expression());
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    this.expectOp(')');
    return args;
  }

  private isArrowAhead(): boolean {
    return (
      (this.at('id') && this.isOp('->', 1)) ||
      (this.isOp('(') && this.tokens.slice(this.i, this.i + 8).some((t) => t.text === '->'))
    );
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.next();
        return numericLiteral(t.text, t.start);
      case 'str':
        this.next();
        return { k: 'str', at: t.start, value: t.text };
      case 'op':
        if (t.text === '(') {
          this.next();
          const e = this.expression();
          this.expectOp(')');
          return e;
        }
        if (t.text === '[') return this.listOrMap();
        return this.fail();
      case 'id': {
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { k: 'bool', at: t.start, value: t.text === 'true' };
        }
        if (t.text === 'null') {
          this.next();
          return { k: 'null', at: t.start };
        }
        if (t.text === 'new') return this.newExpression();
        if (KEYWORDS.has(t.text)) return this.fail();
        this.next();
        if (this.isOp('(')) return { k: 'call', at: t.start, name: t.text, args: this.args() };
        return { k: 'var', at: t.start, name: t.text };
      }
      default:
        return this.fail();
    }
  }

  /** `[]` and `[1, 2]` are lists; `[:]` and `['a': 1]` are maps. */
  private listOrMap(): Expr {
    const at = this.expectOp('[').start;
    if (this.isOp(':') && this.isOp(']', 1)) {
      this.i += 2;
      return { k: 'map', at, entries: [] };
    }
    if (this.isOp(']')) {
      this.next();
      return { k: 'list', at, items: [] };
    }
    const first = this.expression();
    if (this.isOp(':')) {
      this.next();
      const entries: [Expr, Expr][] = [[first, this.expression()]];
      while (this.isOp(',')) {
        this.next();
        const key = this.expression();
        this.expectOp(':');
        entries.push([key, this.expression()]);
      }
      this.expectOp(']');
      return { k: 'map', at, entries };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      items.push(this.expression());
    }
    this.expectOp(']');
    return { k: 'list', at, items };
  }

  /** `new Type(args)`, `new int[n]`, `new int[] {1, 2}`. */
  private newExpression(): Expr {
    const at = this.next().start;
    const typeToken = this.peek();
    if (
      typeToken.kind !== 'id' ||
      (KEYWORDS.has(typeToken.text) && !PRIMITIVES.has(typeToken.text) && typeToken.text !== 'def')
    ) {
      this.fail();
    }
    this.next();
    if (this.isOp('[')) {
      const sizes: Expr[] = [];
      let dims = 0;
      while (this.isOp('[')) {
        this.next();
        dims++;
        if (this.isOp(']')) {
          this.next();
          continue;
        }
        sizes.push(this.expression());
        this.expectOp(']');
      }
      const type = { name: typeToken.text, dims };
      if (sizes.length === 0) {
        this.expectOp('{');
        const init: Expr[] = [];
        if (!this.isOp('}')) {
          for (;;) {
            init.push(this.expression());
            if (!this.isOp(',')) break;
            this.next();
          }
        }
        this.expectOp('}');
        return { k: 'newarray', at, type, sizes, init };
      }
      return { k: 'newarray', at, type, sizes };
    }
    return { k: 'new', at, type: { name: typeToken.text, dims: 0 }, args: this.args() };
  }
}

/**
 * A numeric literal's type and value (ENumeric): suffixes l/L long, f/F float, d/D double; a decimal point or
 * exponent without suffix is double; otherwise int. Out-of-range constants are compile errors.
 */
export function numericLiteral(text: string, at: number): Expr & { k: 'num' } {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const last = body[body.length - 1];
  const sign = negative ? '-' : '';
  if (/^0[xX]/.test(body) || /^0[0-7]+[lL]?$/.test(body)) {
    const isLong = last === 'l' || last === 'L';
    const digits = isLong ? body.slice(0, -1) : body;
    const radix = /^0[xX]/.test(digits) ? 16 : 8;
    const value = BigInt(`${sign}${radix === 16 ? digits : `0o${digits.slice(1)}`}`.replace('-0o', '-0o'));
    // Integer.parseInt(text, radix) / Long.parseLong: the digits are read as a signed value
    const bits = isLong ? 64 : 32;
    const limit = 1n << BigInt(bits);
    if (value >= limit || value < -limit) throw invalidConstant(isLong ? 'long' : 'int', text, at);
    const v = Number(BigInt.asIntN(bits, value));
    return { k: 'num', at, type: isLong ? 'long' : 'int', value: v };
  }
  if (last === 'f' || last === 'F') {
    return { k: 'num', at, type: 'float', value: Math.fround(Number(sign + body.slice(0, -1))) };
  }
  if (last === 'd' || last === 'D')
    return { k: 'num', at, type: 'double', value: Number(sign + body.slice(0, -1)) };
  if (/[.eE]/.test(body)) return { k: 'num', at, type: 'double', value: Number(sign + body) };
  if (last === 'l' || last === 'L') {
    const value = BigInt(sign + body.slice(0, -1));
    if (value > 9223372036854775807n || value < -9223372036854775808n)
      throw invalidConstant('long', text, at);
    return { k: 'num', at, type: 'long', value: Number(value) };
  }
  const value = Number(sign + body);
  if (value > 2147483647 || value < -2147483648) throw invalidConstant('int', text, at);
  return { k: 'num', at, type: 'int', value };
}

function invalidConstant(type: string, text: string, at: number): PainlessCompileError {
  return new PainlessCompileError(`Invalid ${type} constant [${text}].`, at);
}
