import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DATA_WHY =
  'core never imports cli/ or report/, and the data layers (stores, formats, frameworks) import no core: move the piece down';
const STORE_KINDS = ['redis', 'memcached', 'memory', 'rdb'];
// Outside stores/, a store is reached through the files at the top of stores/ (openStore, the Store
// and writer types, the session-store contract) or a kind's middleware adapter, never the kind's insides.
const STORE_INSIDES = {
  regex: `^\\.{1,2}/(\\.\\./)*stores/(${STORE_KINDS.join('|')})/(?!(${STORE_KINDS.join('|')})-session-store\\.js$)`,
  message:
    "reach a store through stores/ (openStore, Store, writer(), listKeys()) or its <kind>-session-store.ts: the rest of a kind's folder is its own",
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/fixtures/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // core code reports through renderers and debuglog, never console
      'no-console': 'error',
    },
  },
  // Layers point down (docs/architecture.md): cli → report → core → root. Tests may reach up (a
  // scan test reads the rendered verdict), so the rules hold for shipped code only.
  layerRules({
    files: ['src/*.ts', 'src/report/**'],
    forbid: ['cli'],
    also: [STORE_INSIDES],
    why: 'report/ and the root never import cli/: move the shared piece down (e.g. report/renderer.ts, src/write.ts, src/version.ts)',
  }),
  layerRules({
    files: ['src/{scan,clean,probe,check,demo,middleware,watch}/**'],
    forbid: ['cli', 'report'],
    why: 'core never imports cli/ or report/: data builders live where the data is made, renderers import them',
    also: [STORE_INSIDES],
  }),
  layerRules({
    files: ['src/options/**'],
    forbid: ['cli', 'report', 'scan', 'clean', 'probe', 'check', 'demo', 'middleware', 'watch'],
    why: 'the option specs sit under the cores that read their defaults: they import no core, report or cli',
    also: [STORE_INSIDES],
  }),
  layerRules({
    files: ['src/{stores,formats,frameworks}/**'],
    forbid: ['cli', 'report', 'scan', 'clean', 'probe', 'check', 'demo', 'middleware', 'watch'],
    why: DATA_WHY,
  }),
  // One home per store kind: a kind's folder never reaches into another's (shared pieces live at
  // the top of stores/). Each object repeats the data-layer rule, as a later object replaces it.
  ...STORE_KINDS.map((kind) =>
    layerRules({
      files: [`src/stores/${kind}/**`],
      forbid: ['cli', 'report', 'scan', 'clean', 'probe', 'check', 'demo', 'middleware', 'watch'],
      why: DATA_WHY,
      also: [
        {
          regex: `^\\.\\./(${STORE_KINDS.filter((k) => k !== kind).join('|')})/`,
          message: `stores/${kind}/ never imports another store kind's folder: move the shared piece to the top of stores/`,
        },
      ],
    }),
  ),
  layerRules({ files: ['src/cli/**'], forbid: [], also: [STORE_INSIDES] }),
  {
    files: ['test/**', 'bench/**', 'scripts/**', '**/*.test.ts', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);

/**
 * `no-restricted-imports` plus its twin for `await import(…)`, which that rule does not see. `also`:
 * more import patterns (`regex` over the specifier) for the same files.
 */
function layerRules({ files, forbid, why, also = [] }) {
  const dirs = forbid.join('|');
  const patterns = [...(forbid.length ? [{ regex: `^\\.{1,2}/(\\.\\./)*(${dirs})/`, message: why }] : []), ...also];
  return {
    files,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': [
        'error',
        ...patterns.map(({ regex, message }) => ({
          selector: `ImportExpression[source.value=/${regex.replace(/\\\./g, '[.]').replace(/\//g, '[/]')}/]`,
          message,
        })),
      ],
    },
  };
}
