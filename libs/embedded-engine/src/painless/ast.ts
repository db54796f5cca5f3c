/** Painless's syntax tree (the subset scoring scripts use). `at` is the offset of the node in the source. */

export interface TypeRef {
  /** `def`, a primitive, or a class name (`String`, `List`, `Map`, ...). */
  name: string;
  /** Array dimensions (`double[]` is 1). */
  dims: number;
}

export type Expr =
  | { k: 'num'; at: number; type: 'int' | 'long' | 'float' | 'double'; value: number }
  | { k: 'str'; at: number; value: string }
  | { k: 'bool'; at: number; value: boolean }
  | { k: 'null'; at: number }
  | { k: 'var'; at: number; name: string }
  | { k: 'unary'; at: number; op: string; e: Expr }
  | { k: 'incdec'; at: number; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'binary'; at: number; op: string; l: Expr; r: Expr }
  | { k: 'logical'; at: number; op: '&&' | '||'; l: Expr; r: Expr }
  | { k: 'compare'; at: number; op: string; l: Expr; r: Expr }
  | { k: 'cond'; at: number; c: Expr; a: Expr; b: Expr }
  | { k: 'elvis'; at: number; l: Expr; r: Expr }
  | { k: 'assign'; at: number; op: string; target: Expr; value: Expr }
  | { k: 'cast'; at: number; type: TypeRef; e: Expr }
  | { k: 'instanceof'; at: number; e: Expr; type: TypeRef }
  | { k: 'call'; at: number; name: string; args: Expr[] }
  | { k: 'method'; at: number; recv: Expr; name: string; args: Expr[]; nullSafe: boolean }
  | { k: 'field'; at: number; recv: Expr; name: string; nullSafe: boolean }
  | { k: 'index'; at: number; recv: Expr; index: Expr }
  | { k: 'list'; at: number; items: Expr[] }
  | { k: 'map'; at: number; entries: [Expr, Expr][] }
  | { k: 'new'; at: number; type: TypeRef; args: Expr[] }
  | { k: 'newarray'; at: number; type: TypeRef; sizes: Expr[]; init?: Expr[] };

export type Stmt =
  | { k: 'decl'; at: number; type: TypeRef; vars: { name: string; init?: Expr; at: number }[] }
  | { k: 'expr'; at: number; e: Expr }
  | { k: 'if'; at: number; cond: Expr; then: Stmt; else?: Stmt }
  | { k: 'while'; at: number; cond: Expr; body?: Stmt }
  | { k: 'do'; at: number; body: Stmt; cond: Expr }
  | { k: 'for'; at: number; init?: Stmt; cond?: Expr; after?: Expr; body?: Stmt }
  | { k: 'foreach'; at: number; type?: TypeRef; name: string; iterable: Expr; body: Stmt }
  | { k: 'block'; at: number; body: Stmt[] }
  | { k: 'return'; at: number; e?: Expr }
  | { k: 'break'; at: number }
  | { k: 'continue'; at: number };

export interface FunctionDecl {
  at: number;
  name: string;
  returns: TypeRef;
  params: { type: TypeRef; name: string }[];
  body: Stmt & { k: 'block' };
}

export interface Program {
  functions: FunctionDecl[];
  statements: Stmt[];
  /** Offsets where statements start (the runtime error's snippet runs from one to the next). */
  statementStarts: number[];
}
