// Trust zones are folders, and this file enforces them (see README "Architecture"):
// - shared/ runs anywhere: no node:*, no electron, no DOM-only globals assumed;
// - main/ is plain Node except main/shells/electron/ (the thin Electron glue);
// - renderer/ sees only shared/ and window.signer;
// - nothing talks to the network except the online-side courier in main/courier/;
// - main/ is layered (scripts/lint/layers.mjs): core <- services, courier <- cli, shells; a file
//   imports only from its own layer and those below, and the two shells never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { noUpwardImport } from './scripts/lint/layers.mjs';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'tty', 'url', 'util', 'worker_threads', 'zlib'];
const NETWORK_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'node:dgram', 'node:dns', 'undici', 'axios', 'node-fetch', 'ws'];
const noNetwork = NETWORK_MODULES.map((name) => ({ name, message: 'The signer is air-gapped: only main/courier/ (the online-side CLI) may use the network.' }));
const noFetch = [
  { name: 'fetch', message: 'The signer is air-gapped: only main/courier/ may use the network.' },
  { name: 'XMLHttpRequest', message: 'The signer is air-gapped.' },
  { name: 'WebSocket', message: 'The signer is air-gapped.' },
  { name: 'EventSource', message: 'The signer is air-gapped.' },
];
const noOpenExternal = {
  selector: "MemberExpression[property.name='openExternal']",
  message: 'The signer never opens external URLs (air-gapped).',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'patches/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noOpenExternal],
    },
  },
  {
    files: ['main/**/*.ts'],
    plugins: { layers: { rules: { 'no-upward-import': noUpwardImport } } },
    rules: { 'layers/no-upward-import': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ runs anywhere.' }, ...noNetwork],
        patterns: [
          { group: ['node:*', ...NODE_BUILTINS], message: 'shared/ runs in the renderer too: no Node modules.' },
          { group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports nothing from main/ or renderer/.' },
        ],
      }],
      'no-restricted-globals': ['error', ...noFetch, { name: 'process', message: 'shared/ runs in the renderer too.' }, { name: 'Buffer', message: 'shared/ runs in the renderer too: use Uint8Array.' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shells/electron/**', 'main/courier/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', allowTypeImports: true, message: 'Only main/shells/electron/ may import electron; services run in plain Node.' }, ...noNetwork],
        patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }],
      }],
      'no-restricted-globals': ['error', ...noFetch],
    },
  },
  {
    // The browser shell's loopback server (127.0.0.1 only, token + Host + Origin checked): the one
    // file outside main/courier/ that may listen on a socket. It never makes an outgoing request.
    files: ['main/shells/browser/server.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', allowTypeImports: true, message: 'Only main/shells/electron/ may import electron.' }, ...noNetwork.filter((p) => p.name !== 'node:http' && p.name !== 'node:net')],
        patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }],
      }],
    },
  },
  {
    files: ['main/shells/electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: noNetwork, patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }] }],
      'no-restricted-globals': ['error', ...noFetch],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through window.signer.' }, ...noNetwork],
        patterns: [
          { group: ['node:*', ...NODE_BUILTINS], message: 'The renderer is sandboxed: no Node modules.' },
          { group: ['**/main/**'], message: 'The renderer sees only shared/ and window.signer.' },
        ],
      }],
      'no-restricted-globals': ['error', ...noFetch],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'scripts/**/*.{js,mjs,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
