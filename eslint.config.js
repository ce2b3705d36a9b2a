// Lint rules that make the architecture's boundaries fail CI (docs: style.md "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

const nativeRadio = ['@abandonware/noble', '@abandonware/bleno', '@abandonware/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'results/**', 'test-results/**', 'data/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // shared/: pure TypeScript, no Node, no DOM, no other layer.
    files: ['shared/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'better-sqlite3', 'fastify', 'kysely', 'pg'],
      ['**/src-main/**', '**/src-server/**', '**/src-renderer/**', ...nativeRadio, 'node:*'],
      'shared/ is pure TypeScript: no Node, no DOM, no other layer.',
    ),
  },
  {
    // The renderer talks to the core only over the typed HTTP client in shared/.
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'fastify', 'kysely', 'pg'],
      ['**/src-main/**', '**/src-server/**', ...nativeRadio, 'node:*'],
      'src-renderer/ runs in the browser: no Node, no electron, nothing of src-main or src-server.',
    ),
  },
  {
    // The kiosk core never imports electron nor the server; native radio only in its adapters.
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/radio/noble/**', 'src-main/core/radio/bleno/**'],
    rules: restrict(
      ['electron'],
      ['**/src-server/**', '**/src-renderer/**', '**/src-main/shell/**', '**/shell/**', ...nativeRadio],
      'The kiosk core imports no electron, no server, no renderer; @abandonware/* only in radio/noble and radio/bleno.',
    ),
  },
  {
    files: ['src-main/core/radio/noble/**/*.ts', 'src-main/core/radio/bleno/**/*.ts'],
    rules: {
      // Native radio modules open sockets on load: only lazy `await import()` is allowed.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[importKind!="type"][source.value=/^@abandonware\\//]',
          message: 'Load @abandonware/* lazily with await import() inside the adapter, never at import time.',
        },
      ],
      ...restrict(
        ['electron'],
        ['**/src-server/**', '**/src-renderer/**', '**/shell/**'],
        'The kiosk core imports no electron, no server, no renderer.',
      ),
    },
  },
  {
    // The Electron shell imports nothing of the core, the server or the renderer.
    files: ['src-main/shell/**/*.ts', 'src-main/launcher/**/*.ts'],
    rules: restrict(
      [],
      ['**/core/**', '**/src-server/**', '**/src-renderer/**', '**/shared/**', ...nativeRadio],
      'The Electron shell and launcher import nothing of the core, the server, the renderer or shared/.',
    ),
  },
  {
    // The key server never imports the kiosk or the renderer.
    files: ['src-server/**/*.ts'],
    rules: restrict(
      ['electron'],
      ['**/src-main/**', '**/src-renderer/**', ...nativeRadio],
      'src-server/ imports nothing of src-main or src-renderer, nor electron or the radio.',
    ),
  },
);
