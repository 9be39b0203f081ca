// Import boundaries, enforced by lint (and proven to bite by test/lintBoundaries.test.ts):
// the panel reaches electron/ only through the web-safe contract folder; shipped code holds no test
// tooling; core holds no Electron.
const NO_TEST_CODE = {
  regex: String.raw`^(\.\./)+(test|bench|e2e|scripts)/`,
  message: 'Shipped code must not import test, bench, e2e or script code.',
};

export const boundaries = [
  {
    // The panel sees only the web-safe contract folder of electron/ (and nothing Node-only).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(\.\./)+electron/(?!core/contract/)`,
              message: 'The panel may import from electron/ only through electron/core/contract/.',
            },
            {
              regex: '^(node:|electron$|ws$|@napi-rs/)',
              message: 'The panel runs in a browser: no Node or Electron modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shipped Node code: no Electron in core, and no test tooling anywhere it ships.
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [NO_TEST_CODE],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'electron/core/ runs without Electron: use a port in present/ or app/.',
            },
          ],
          patterns: [NO_TEST_CODE],
        },
      ],
    },
  },
];
