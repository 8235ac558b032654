// ESLint keeps the code's shape, not its style: who may import whom, who may read process.env, no `any`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

// Not import.meta.dirname: jest's ESM loader (test/lint.test.ts) lacks it.
const root = path.dirname(fileURLToPath(import.meta.url));
/** Folders of services/ that are not subgraphs: the domain-free kit, the shared demo district, the shared domain vocabulary. */
const SHARED = ['kit', 'demo', 'domain'];
/** Every subgraph folder, read from the tree so a new subgraph is covered the moment its folder exists. */
const subgraphs = readdirSync(path.join(root, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !SHARED.includes(entry.name))
  .map((entry) => entry.name);

const zones = [
  ...subgraphs.map((subgraph) => ({
    target: `./services/${subgraph}`,
    from: [...subgraphs.filter((other) => other !== subgraph).map((other) => `./services/${other}`), './services/index.ts'],
    message:
      'A subgraph never imports another subgraph (loading one would load the other\'s tables and resolvers): ' +
      'ask it through ctx.peer(...), or move what both need to services/domain (vocabulary) or services/demo (demo district).',
  })),
  ...subgraphs.map((subgraph) => ({
    // Production processes with seeding off must not load demo code: only the subgraph's demo.ts reaches it.
    target: [`./services/${subgraph}/!(demo).ts`, `./services/${subgraph}/*/**`],
    from: './services/demo',
    message: 'Only a subgraph\'s demo.ts may import services/demo, so production processes with seeding off never load demo code.',
  })),
  {
    target: './services/kit',
    from: [...subgraphs.map((subgraph) => `./services/${subgraph}`), './services/index.ts', './services/demo', './services/domain', './gateway'],
    message:
      'The kit is domain-free and shared by every subgraph and the gateway: it imports no subgraph, no registry, ' +
      'no demo district, no domain vocabulary and not the gateway. Pass what it needs as a parameter.',
  },
];

const ENV_MESSAGE =
  'Read the environment only in configuration code (services/kit/config.ts, a subgraph\'s settings.ts, scripts/, test/): ' +
  'take the parsed Config or ctx.settings instead, so a bad value fails at start-up in one line.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'services/*/migrations/**', '.stryker-tmp/**', 'test-output/**'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { import: importPlugin, '@typescript-eslint': tseslint.plugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.json'] } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import/no-restricted-paths': ['error', { basePath: root, zones }],
      'no-restricted-syntax': [
        'error',
        ...[
          "MemberExpression[object.name='process'][property.name='env']",
          "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
        ].map((selector) => ({ selector, message: ENV_MESSAGE })),
      ],
    },
  },
  {
    // Configuration code: the places that turn the environment into typed settings.
    files: [
      'services/kit/config.ts',
      'services/*/settings.ts',
      'scripts/**',
      'test/**',
      'drizzle.config.ts',
      '*.js',
      '*.mjs',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['services/**/*.ts', 'gateway/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
