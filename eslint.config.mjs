// ESLint over src/, test/ and scripts/: typescript-eslint's strict preset plus consistent type
// imports (DESIGN.md: "TypeScript: strict, … consistent type imports"). Layering and cycles are
// dependency-cruiser's job (npm run lint:deps), formatting Prettier's (npm run format:check).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // src/api/generated/: graphql-codegen's output (codegen.yml), checked by npm run codegen:check instead.
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'docs/',
      'explorer/',
      '.cache/',
      'test-artifacts/',
      'coverage/',
      'src/api/generated/',
    ],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.strict],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      // Off: `x[i]!` is the codebase's convention for indexes in range by construction (typed-array loops, CSR offsets) under noUncheckedIndexedAccess.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `_`-prefixed names are deliberate (omitting keys from a rest copy, unused callback slots), as tsc's noUnusedLocals allows.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests: they read untyped GraphQL/JSON responses and poke at internals; src/ and scripts/ keep the rule.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
