// ESLint: JS + typescript-eslint recommended, floating promises (type-aware),
// and the import layers of docs/architecture.md ("Layers").
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The layers, top to bottom. Each folder is an element; a layer may hold several.
const layers = [
  { type: 'routes', pattern: 'src/routes' },
  { type: 'http', pattern: 'src/http' },
  { type: 'auth', pattern: 'src/auth' },
  {
    type: 'flows',
    pattern: [
      'src/orders',
      'src/checkout',
      'src/pos',
      'src/returns',
      'src/loyalty',
      'src/stock',
      'src/catalog',
      'src/pricing',
      'src/outbox',
      'src/back-in-stock',
      'src/customers',
      'src/recommendations',
      'src/shopper',
      'src/privacy',
      'src/webhooks',
      'src/kpis',
    ],
  },
  { type: 'durable-objects', pattern: 'durable-objects' },
  { type: 'db', pattern: 'src/db' },
  { type: 'read-model', pattern: 'src/read-model' },
  { type: 'payments', pattern: 'src/payments' },
  { type: 'quotes', pattern: 'src/quotes' },
  { type: 'schemas', pattern: 'src/schemas' },
  { type: 'config', pattern: 'src/config' },
  { type: 'lib', pattern: 'src/lib' },
  { type: 'domain', pattern: 'src/domain' },
  { type: 'client', pattern: 'src/client' },
].map((layer) => ({ ...layer, partialMatch: false }));
const storage = ['db', 'read-model', 'payments', 'quotes'];
// The browser apps are a client of the API like any other: outside the server's layers, above them all.
const appsLayer = { type: 'apps', pattern: 'apps', partialMatch: false };

// The entry files are single files, not folders, so they are a file category.
const entryFiles = [{ category: 'entry', pattern: ['src/index.ts', 'src/app.ts'] }];

const from = (...types) => ({ from: { element: { type: types } } });
const to = (...types) => ({ to: { element: { type: types } } });
const typesOf = (...types) => ({ ...to(...types), dependency: { kind: ['type', 'typeof'] } });
const entry = { to: { file: { categories: 'entry' } } };
const packages = { to: { module: { origin: ['external', 'core'] } } };
const packagesNamed = (...sources) => ({ to: { module: { origin: ['external', 'core'], source: sources } } });

// One policy per layer: what its files may import. Anything else is an error,
// including an import of a file in src/ that belongs to no layer (checkUnknownLocals).
const layerPolicies = [
  {
    from: { file: { categories: 'entry' } },
    allow: [entry, to(...layers.map((layer) => layer.type)), packages],
  },
  {
    ...from('routes'),
    allow: [
      to('routes', 'http', 'auth', 'flows', 'read-model', 'schemas', 'domain', 'lib', 'config'),
      typesOf('durable-objects', 'db'),
      packages,
    ],
  },
  { ...from('http', 'auth'), allow: [to('http', 'auth', 'schemas', 'domain', 'lib', 'config', 'db'), packages] },
  // Flows reach a Durable Object through its stub on env, so they need its types only.
  {
    ...from('flows'),
    allow: [to('flows', ...storage, 'schemas', 'domain', 'lib', 'config'), typesOf('durable-objects'), packages],
  },
  // Durable Objects never see the HTTP contract (src/schemas).
  {
    ...from('durable-objects'),
    allow: [to('durable-objects', 'db', 'read-model', 'domain', 'lib', 'config'), packages],
  },
  { ...from(...storage), allow: [to(...storage, 'schemas', 'domain', 'lib', 'config'), packages] },
  { ...from('schemas'), allow: [to('schemas', 'domain', 'lib'), packages] },
  { ...from('config'), allow: [to('config', 'domain', 'lib'), packages] },
  {
    ...from('lib'),
    allow: [to('lib', 'domain'), packages],
    disallow: packagesNamed('hono', '@hono/*', 'drizzle-orm', 'cloudflare:*'),
  },
  // Domain code is pure: no package at all.
  { ...from('domain'), allow: to('domain') },
  // The API client is for other programs: none of the server, only openapi-fetch.
  { ...from('client'), allow: [to('client'), packagesNamed('openapi-fetch')] },
  // The apps call the API through the typed client only; of the server they may know the domain's types.
  { ...from('apps'), allow: [to('apps', 'client'), typesOf('domain'), packages] },
];

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.wrangler/',
      '.data/',
      'migrations/',
      'worker-configuration.d.ts',
      'bench/results.json',
      'bench/profiles/',
      'apps/dist/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Not projectService: it finds a file's tsconfig only under the name
        // tsconfig.json, and scripts/ and test/setup/ are in tsconfig.node.json.
        project: ['./tsconfig.json', './tsconfig.node.json', './apps/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // `const { secret: _, ...rest } = value` is how we drop a key.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**', 'durable-objects/**', 'apps/**'],
    ignores: ['apps/vite.config.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/elements': [...layers, appsLayer],
      'boundaries/files': entryFiles,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.d.ts', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies: layerPolicies },
      ],
      // Every file here is in a layer; a new folder gets a place in the table first.
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    // This config file is in neither tsconfig.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
