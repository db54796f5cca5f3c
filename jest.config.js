const { existsSync } = require('node:fs');

/** Jest runs TypeScript through swc (no type-check here: `npm test` runs `tsc --noEmit` first). */
const swcOptions = {
  // The root .swcrc is for the build (it leaves specs out); Jest compiles with these options alone.
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  // test/ holds the HTTP API's end-to-end specs; bench/ the specs of the benches' own tools (offered-load).
  roots: ['apps', 'libs', 'test', 'bench']
    .filter((dir) => existsSync(`${__dirname}/${dir}`))
    .map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swcOptions] },
  // NestJS 12 is ESM-only: let swc compile it and its ESM dependencies (see ../shared/TOOLCHAIN.md).
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|load-esm|uid|token-types|strtok3|@tokenizer|uint8array-extras)/)',
  ],
  moduleNameMapper: {
    // One alias per library: `@app/<lib>` is `libs/<lib>/src`.
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
};
