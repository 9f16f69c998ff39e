import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'core/, store/ and sources/ must not depend on VS Code (DESIGN §2).' }],
      patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'the pure layers never import the host or the webview.' }],
    },
  ],
};

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
  { files: ['src/core/**/*.ts', 'src/store/**/*.ts', 'src/sources/**/*.ts'], rules: noVscode },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'], patterns: [{ group: ['**/src/extension/**', '**/src/store/**', 'node:*'], message: 'the webview imports only protocol.ts' }] }],
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
