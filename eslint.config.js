import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformSdks = {
  patterns: [
    {
      group: ['discord.js', '@discordjs/*', '@slack/*'],
      message: 'The core and commands/ are platform-neutral: platform SDKs belong in src/platforms/<platform>/ adapters only.',
    },
    {
      group: ['**/platforms/**'],
      message: 'The core and commands/ must not depend on an adapter; adapters depend on the core.',
    },
  ],
};

/** Installed for development only: the production image runs `npm ci --omit=dev`, where these are missing. */
const devDependencies = {
  group: ['luxon', 'fast-check', 'vitest', 'ws', 'ajv', 'ajv-formats', 'drizzle-kit', 'typescript', 'tsx', '@cdktf/*'],
  message: 'A devDependency: production code cannot import it (the image installs without it).',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through src/config.ts (loadConfig), the only place that reads process.env.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [devDependencies] }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/content/**/*.ts', 'commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...platformSdks.patterns, devDependencies] }] },
  },
  {
    // Environment access is legitimate where configuration is parsed, in tests and in tooling.
    files: ['src/config.ts', 'src/main.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.config.ts', 'scripts/**/*.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
