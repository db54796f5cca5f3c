import { PainlessCompileError } from './errors';
import { tokenize } from './lexer';
import { parse } from './parser';
import { run, runtimeError } from './painless.spec-helpers';
import { PainlessScoreScript } from './score-script';
import { OpenSearchError } from '../errors';

describe('Painless lexer (PainlessLexer.g4)', () => {
  it('reads numbers with suffixes, hex, octal, strings with escapes and operators', () => {
    const tokens = tokenize(`0x1F 017 12L 2f 3.5d 1e3 'it\\'s' "a\\"b" x?.y ?: >>>= list.0 // c\n /* d */ x`);
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'num:0x1F',
      'num:017',
      'num:12L',
      'num:2f',
      'num:3.5d',
      'num:1e3',
      "str:it's",
      'str:a"b',
      'id:x',
      'op:?.',
      'dotid:y',
      'op:?:',
      'op:>>>=',
      'id:list',
      'op:.',
      'dotint:0',
      'id:x',
      'eof:<EOF>',
    ]);
  });

  it('refuses backslash sequences other than the quote and the backslash', () => {
    expect(() => tokenize("'a\\nb'")).toThrow(PainlessCompileError);
  });
});

describe('Painless parser', () => {
  it('parses functions, declarations, loops and records statement starts', () => {
    const program = parse(
      'double twice(double x) { return x * 2; } int a = 1, b = 2; for (int i = 0; i < 3; i++) { a += i } a + b',
    );
    expect(program.functions.map((f) => f.name)).toEqual(['twice']);
    expect(program.statements.map((s) => s.k)).toEqual(['decl', 'for', 'expr']);
  });

  it('reports the token near which parsing failed', () => {
    expect(() => parse('int x = ;')).toThrow("invalid sequence of tokens near [';'].");
    expect(() => parse('if (true) {')).toThrow('unexpected end of script.');
  });
});

describe('Painless evaluation: Java arithmetic', () => {
  it('divides integers as integers and promotes to double when one side is double', () => {
    expect(run('7 / 2')).toBe(3);
    expect(run('-7 / 2')).toBe(-3);
    expect(run('-7 % 3')).toBe(-1);
    expect(run('7 / 2.0')).toBe(3.5);
    expect(run('int a = 7; double b = a / 2; b')).toBe(3);
  });

  it('overflows int and long as Java does', () => {
    expect(run('int x = 2147483647; x + 1')).toBe(-2147483648);
    expect(run('Integer.MAX_VALUE * 2')).toBe(-2);
    expect(run('long x = 2147483647; x + 1')).toBe(2147483648);
    expect(run('long x = Long.MAX_VALUE; x + 1 < 0 ? 1 : 0')).toBe(1);
    expect(run('int x = -2147483648; x / -1')).toBe(-2147483648);
  });

  it('rounds float arithmetic to float32', () => {
    // 0.1f + 0.2f in float32 = 0.3000000119..., widened to double
    expect(run('float a = 0.1f; float b = 0.2f; a + b')).toBe(
      Math.fround(Math.fround(0.1) + Math.fround(0.2)),
    );
  });

  it('casts with truncation and clamping', () => {
    expect(run('(int) 3.99')).toBe(3);
    expect(run('(int) -3.99')).toBe(-3);
    expect(run('(int) 1e20')).toBe(2147483647);
    expect(run('(long) 2.5e9')).toBe(2500000000);
    expect(run('(int) 3000000000L')).toBe(-1294967296);
    expect(run('(byte) 200')).toBe(-56);
  });

  it('refuses implicit narrowing at compile time', () => {
    expect(() => parseAndCompile('int x = 2.5; x')).toThrow('Cannot cast from [double] to [int].');
  });

  it('throws ArithmeticException on integer division by zero, but not on double', () => {
    expect(runtimeError('int z = 0; 1 / z').type).toBe('arithmetic_exception');
    expect(run('1.0 / 0')).toBe(Infinity);
  });

  it('concatenates strings with Java formatting of numbers', () => {
    expect(run("String s = 'a' + 1 + 2.0 + 3L + 1.5f + true; s.length()")).toBe('a12.031.5true'.length);
    expect(run("String s = 1 + 2 + 'x'; s == '3x' ? 1 : 0")).toBe(1);
  });

  it('uses Math with double signatures only', () => {
    expect(run('Math.max(1, 2) / 4')).toBe(0.5);
    expect(run('Math.round(2.5)')).toBe(3);
    expect(run('Math.round(-2.5)')).toBe(-2);
    expect(run('Math.abs(-3)')).toBe(3);
  });
});

describe('Painless evaluation: def and params', () => {
  it('keeps Jackson number types from params: integers divide as integers, decimals as doubles', () => {
    expect(run('params.a / 2', { a: 5 })).toBe(2);
    expect(run('params.b / 2', { b: 5.5 })).toBe(2.75);
    expect(run('def x = params.a; x * 1.5', { a: 3 })).toBe(4.5);
  });

  it('reads params through every accessor', () => {
    const params = { w: { museum: 0.8, cafe: 0.2 }, cats: ['museum', 'park'] };
    expect(run("params['w']['museum'] + params.w.cafe", params)).toBeCloseTo(1.0, 12);
    expect(run("params.w.getOrDefault('bar', 0.5)", params)).toBe(0.5);
    expect(run("params.containsKey('w') && !params.isEmpty() ? params.size() : -1", params)).toBe(2);
    expect(run('params.cats.size() + params.cats.indexOf("park")', params)).toBe(3);
    expect(run("params.cats.contains('park') ? 1 : 0", params)).toBe(1);
    expect(run('params.missing == null ? 1 : 0', params)).toBe(1);
  });

  it('loops over lists and maps with every loop form', () => {
    const params = { w: { a: 1, b: 2, c: 3 }, xs: [1, 2, 3, 4] };
    expect(run('double s = 0; for (def k : params.w.keySet()) { s += params.w[k] } s', params)).toBe(6);
    expect(run('double s = 0; for (x in params.xs) { if (x == 3) continue; s += x } s', params)).toBe(7);
    expect(run('int i = 0; int s = 0; while (i < 10) { i++; if (i > 4) break; s += i } s')).toBe(10);
    expect(run('int i = 0; do { i += 3 } while (i < 10); i')).toBe(12);
    expect(run('int s = 0; for (int i = 0; i < 5; ++i) s += i; s')).toBe(10);
  });

  it('compares numbers across boxed types with ==, and objects by equals', () => {
    expect(run('def a = 1; def b = 1L; a == b ? 1 : 0')).toBe(1);
    expect(run("def a = 'x'; a == 'x' ? 1 : 0")).toBe(1);
    expect(run('def a = [1, 2]; a == [1, 2] ? 1 : 0')).toBe(1);
  });

  it('supports elvis, null-safe access, ternaries, instanceof and initializers', () => {
    expect(run('def m = [:]; m.x ?: 7')).toBe(7);
    expect(run('def m = null; m?.size() == null ? 1 : 0')).toBe(1);
    expect(run("def m = ['a': 1, 'b': 2]; m.a + m['b']")).toBe(3);
    expect(run("def x = 'a'; x instanceof String ? 1 : 0")).toBe(1);
    expect(run('double[] xs = new double[] {1.5, 2.5}; xs[0] + xs[1] + xs.length')).toBe(6);
  });

  it('declares and calls functions, recursion included', () => {
    expect(run('int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } fib(10)')).toBe(55);
    expect(run('double sq(double x) { x * x } return sq(3);')).toBe(9);
  });

  it('compound assignment casts back to the variable type', () => {
    expect(run('int x = 5; x *= 1.5; x')).toBe(7);
    expect(run('int x = 5; x /= 2; x')).toBe(2);
  });

  it('unboxes def implicitly only by widening', () => {
    expect(runtimeError('int x = params.d; x', { d: 2.5 }).reason).toBe(
      "class java.lang.Double cannot be cast to class java.lang.Integer (java.lang.Double and java.lang.Integer are in module java.base of loader 'bootstrap')",
    );
    expect(run('double x = params.i; x', { i: 2 })).toBe(2);
    expect(run('int x = (int) params.d; x', { d: 2.5 })).toBe(2);
  });

  it('reports unknown methods as dynamic method lookups', () => {
    expect(runtimeError("def s = 'x'; s.nope()").reason).toBe(
      'dynamic method [java.lang.String, nope/0] not found',
    );
  });

  it('stops runaway loops at the loop counter limit', () => {
    const e = runtimeError('while (true) {}');
    expect(e.type).toBe('painless_error');
    expect(e.reason).toBe(
      'The maximum number of statements that can be executed in a loop has been reached.',
    );
  });

  it('reads _score', () => {
    expect(run('_score * 2', {}, 1.25)).toBe(2.5);
  });
});

describe('generated code', () => {
  it('keeps script text out of the generated JavaScript: strings and names stay data', () => {
    const text = '"); globalThis.escaped = true; ("';
    expect(run(`String s = '${text.replace(/'/g, "\\'")}'; s.length()`)).toBe(text.length);
    expect(run("def m = ['constructor': 1, '__proto__': 2]; m.constructor + m['__proto__']")).toBe(3);
    expect(run('int constructor_ = 2; int __proto__ = 3; constructor_ * __proto__')).toBe(6);
    expect((globalThis as { escaped?: boolean }).escaped).toBeUndefined();
  });
});

describe('script exceptions', () => {
  it('a compile error carries the script stack and position', () => {
    let error: OpenSearchError | undefined;
    try {
      PainlessScoreScript.compile('double x = 1; x + undefinedVar');
    } catch (e) {
      error = e as OpenSearchError;
    }
    expect(error?.type).toBe('script_exception');
    expect(error?.reason).toBe('compile error');
    expect(error?.metadata.position).toEqual({ offset: 18, start: 0, end: 30 });
    expect(error?.metadata.script_stack).toEqual([
      'double x = 1; x + undefinedVar',
      '                  ^---- HERE',
    ]);
    expect(error?.causedBy?.reason).toBe('cannot resolve symbol [undefinedVar]');
  });
});

function parseAndCompile(source: string): unknown {
  try {
    return PainlessScoreScript.compile(source);
  } catch (e) {
    throw new Error((e as OpenSearchError).causedBy?.reason ?? String(e));
  }
}
