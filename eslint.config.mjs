import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importRules } from './scripts/layerRules.mjs';

/**
 * The layers and what each may import (CONTRIBUTING.md, "Layers"). `allow`: the only repo folders or
 * files it may import from; `deny`: folders it must not import from (everything else is fine).
 * `modules`: packages it must not import (`node:*` = every Node built-in).
 */
const layers = [
  { path: 'src/core', allow: ['src/core', 'src/shared'], modules: ['vscode'] },
  { path: 'src/shared', allow: ['src/shared'], modules: ['vscode', 'node:*'] },
  { path: 'src/store', allow: ['src/core', 'src/shared', 'src/store'], modules: ['vscode'] },
  // src/sources arrives later (the importers of real exports); it is held to the store's rules from day one
  { path: 'src/sources', allow: ['src/core', 'src/shared', 'src/sources'], modules: ['vscode'] },
  { path: 'src/protocol.ts', allow: ['src/shared'], modules: ['vscode', 'node:*'] },
  { path: 'webview', allow: ['webview', 'src/protocol.ts', 'src/shared'], modules: ['vscode', 'node:*'] },
  { path: 'src/extension', deny: ['src/tools', 'webview'] },
  { path: 'src/cli.ts', deny: ['src/tools', 'src/extension', 'webview'], modules: ['vscode'] },
  { path: 'src/cliTable.ts', deny: ['src/tools', 'src/extension', 'webview'], modules: ['vscode'] },
  { path: 'src/cliInputs.ts', deny: ['src/tools', 'src/extension', 'webview'], modules: ['vscode'] },
  { path: 'src/cliLocalLogs.ts', deny: ['src/tools', 'src/extension', 'webview'], modules: ['vscode'] },
  { path: 'src/cliFetch.ts', deny: ['src/tools', 'src/extension', 'webview'], modules: ['vscode'] },
  { path: 'src/cliErrors.ts', deny: ['src/tools', 'src/extension', 'webview'], modules: ['vscode'] },
  { path: 'src/tools', deny: ['src/extension', 'webview'], modules: ['vscode'] },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench-data/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layers.flatMap(importRules),
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'render data with textContent' },
        { property: 'outerHTML', message: 'render data with textContent' },
        { property: 'insertAdjacentHTML', message: 'render data with textContent' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'test/e2e/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
