// Lint: typescript-eslint's recommended rules with type information, for the habits that matter
// in this code base: no promise left floating (a lost activity or reply), no promise where a
// callback returns void (a Fastify hook or a handler that never awaits). Formatting is Prettier's.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', 'web/', '.tools/', '.data/', 'dist/', 'test/output/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, properties: false } }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // A patch is asked for with inForce (workflows/patches.ts), which answers it from the run's one
    // baseline marker where it can: patched() itself writes a marker and an upsert into every new run.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/patches.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@temporalio/workflow',
              importNames: ['patched'],
              message: "Use inForce from './patches' (one baseline marker per run instead of one per patch).",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
