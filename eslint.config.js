// The linter (`npm run lint`, a stage of `npm test` before the build). ESLint with typescript-eslint:
// the rules below catch bugs, not style (Prettier owns the layout, .prettierrc.json). The
// type-aware rules (floating and misused promises) read the same types `astro check` does, through
// typescript-eslint's project service. Import boundaries are dependency-cruiser's job
// (.dependency-cruiser.cjs), since it resolves paths instead of matching specifier text.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      '.astro/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/bench/.cache/**',
      // Git-ignored: a session's own throwaway scripts.
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      // The code runs in pages, workers and Node (the build, the tests, the scripts).
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `== null` is the one loose comparison the code means (null or undefined).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'no-self-compare': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      'no-constructor-return': 'error',
      'array-callback-return': 'error',
      // The notebook describes and runs arbitrary values: `Function` is the honest type of "any
      // function" there, and acorn's AST is untyped in transform.ts until it moves to acorn's types.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Type-aware rules for TypeScript: a promise nobody awaits or catches loses its error.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async event listener that rejects is reported like a listener that throws, so
      // listeners (arguments) may be async; a promise where a condition is expected is a bug.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
