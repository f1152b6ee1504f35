import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layers run one way (docs/architecture.md): util <- consent <- tracker, blocking <- setup <- core (the
 * eager stage) <- entries; the UI stage (components, i18n) knows the core only by its types, so that the
 * drop-in's UI file holds no copy of it. Each folder may import only what is below it.
 */
const ENTRIES = [
  '../index.js',
  '../element.js',
  '../ui.js',
  '../headless.js',
  '../standalone.js',
  '../standalone-ui.js',
  '../standalone-sources.js',
  '../standalone-gated.js',
  '../react.js',
];
const UI = ['lit', 'lit/*', 'i18next', '../i18n/*', '../components/*'];
const layer = (files, forbidden, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message: why }] }] },
});
const layers = [
  layer(
    ['src/util/**'],
    ['../*', '!../util/*', 'lit', 'i18next', 'js-cookie', '@snowplow/*'],
    'util/ imports nothing of the library.',
  ),
  layer(
    ['src/consent/**'],
    ['../tracker/*', '../blocking/*', '../setup.js', ...ENTRIES, ...UI, '@snowplow/*'],
    'consent/ is the model: it knows no tracker, no bridge and no UI (bridges implement consent/bridge.ts).',
  ),
  layer(
    ['src/tracker/snowplow.ts'],
    ['../blocking/*', '../setup.js', ...ENTRIES, ...UI],
    'tracker/ bridges import the model (consent/) and util/ only.',
  ),
  {
    // Only snowplow.ts imports the tracker package, so that a site's own copy (a peer dependency) is the one driven.
    ...layer(
      ['src/tracker/**'],
      ['../blocking/*', '../setup.js', ...ENTRIES, ...UI, '@snowplow/*'],
      'tracker/ bridges import the model (consent/) and util/ only; the tracker package only in snowplow.ts.',
    ),
    ignores: ['src/tracker/snowplow.ts'],
  },
  layer(
    ['src/blocking/**'],
    ['../tracker/*', '../setup.js', ...ENTRIES, ...UI, '@snowplow/*'],
    'blocking/ is a bridge: it imports the model (consent/) and util/ only.',
  ),
  layer(
    ['src/sources/**'],
    ['../tracker/*', '../blocking/*', '../setup.js', ...ENTRIES, ...UI, '@snowplow/*'],
    'sources/ read other consent managers into the model: they import consent/ and util/ only.',
  ),
  layer(
    ['src/i18n/**'],
    ['../consent/*', '../tracker/*', '../blocking/*', '../components/*', '../setup.js', ...ENTRIES, '@snowplow/*'],
    'i18n/ serves the components: it imports util/ only.',
  ),
  {
    files: ['src/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...ENTRIES, '../tracker/*', '../blocking/*', '../setup.js', '@snowplow/*'],
              message: 'components/ (the UI stage) get their managers from the core (core/stages.ts).',
            },
            {
              group: ['../core/*'],
              allowTypeImports: true,
              message: 'components/ know the core by its types only: the drop-in loads them as a file of their own.',
            },
          ],
        },
      ],
    },
  },
  layer(
    ['src/core/**'],
    [...ENTRIES, ...UI, '../tracker/*', '../blocking/*', '@snowplow/*'],
    'core/ is the eager stage: it reaches bridges through setup.ts and never imports the UI.',
  ),
  layer(['src/setup.ts'], [...ENTRIES, ...UI, '@snowplow/*'], 'setup.ts composes the model and the bridges, without UI.'),
  layer(['src/*.ts'], ['@snowplow/*'], 'Entries reach the tracker through src/tracker/snowplow.ts.'),
];

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'coverage/', '.cache/', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The library's own code is linted with type information; tests and scripts stay on the untyped rules.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  lit.configs['flat/recommended'],
  wc.configs['flat/recommended'],
  litA11y.configs.recommended ?? {},
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layers,
  {
    files: ['scripts/**', '*.config.*', 'test/package/**', 'test/node/**', 'test/fixtures/signals.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
);
