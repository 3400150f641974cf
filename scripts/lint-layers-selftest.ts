// Proves the layer rules (boundaries/* in eslint.config.js) reject
// imports that run up or across the layers of docs/architecture.md and let the
// allowed ones through. It lints source text under made-up file names, so no
// broken file ever sits in the tree. Run by `npm run lint`.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

interface Case {
  file: string;
  code: string;
  allowed: boolean;
}

const value = (source: string) => `import * as imported from '${source}';\nexport { imported };\n`;
const types = (source: string) => `import type * as imported from '${source}';\nexport type { imported };\n`;
const denied = (file: string, code: string): Case => ({ file, code, allowed: false });
const allowed = (file: string, code: string): Case => ({ file, code, allowed: true });

const cases: Case[] = [
  denied('src/domain/x.ts', value('hono')),
  denied('src/domain/x.ts', value('zod')),
  denied('src/domain/x.ts', `export * from 'drizzle-orm';\n`),
  denied('src/domain/x.ts', value('../lib/errors')),
  allowed('src/domain/x.ts', value('./pricing')),
  denied('src/lib/x.ts', value('hono/factory')),
  denied('src/lib/x.ts', value('drizzle-orm')),
  denied('src/lib/x.ts', value('cloudflare:workers')),
  allowed('src/lib/x.ts', value('../domain/pricing')),
  denied('src/config/x.ts', value('../schemas/common')),
  allowed('src/config/x.ts', value('../lib/errors')),
  denied('src/schemas/x.ts', types('../db/client')),
  allowed('src/schemas/x.ts', value('../domain/pricing')),
  denied('src/db/x.ts', value('../orders/orders')),
  denied('src/db/x.ts', `export const load = () => import('../routes/define');\n`),
  denied('src/read-model/x.ts', types('../../durable-objects/cart/cart')),
  allowed('src/db/x.ts', value('../schemas/common')),
  allowed('src/read-model/x.ts', value('../db/client')),
  denied('durable-objects/x.ts', value('../src/schemas/common')),
  denied('durable-objects/x.ts', value('../src/checkout/saga')),
  allowed('durable-objects/x.ts', value('../src/read-model/pricing')),
  denied('src/orders/x.ts', types('../http/context')),
  denied('src/stock/x.ts', value('../routes/availability')),
  allowed('src/orders/x.ts', value('../stock/holds')),
  allowed('src/checkout/x.ts', types('../../durable-objects/cart/cart')),
  denied('src/checkout/x.ts', value('../../durable-objects/cart/cart')),
  denied('src/http/x.ts', value('../orders/orders')),
  denied('src/auth/x.ts', value('../routes/define')),
  allowed('src/http/x.ts', value('../db/client')),
  denied('src/routes/x.ts', value('../app')),
  denied('src/routes/x.ts', value('../db/client')),
  denied('src/routes/x.ts', value('../../durable-objects/cart/cart')),
  allowed('src/routes/x.ts', types('../db/client')),
  allowed('src/routes/x.ts', types('../../durable-objects/cart/cart')),
  allowed('src/routes/x.ts', value('../orders/orders')),
  denied('src/client/x.ts', value('../domain/pricing')),
  denied('src/client/x.ts', value('hono')),
  allowed('src/client/x.ts', value('openapi-fetch')),
  // The browser apps reach the server only through the typed client.
  allowed('apps/shop/x.ts', value('../../src/client')),
  allowed('apps/shop/x.ts', types('../../src/domain/roles')),
  denied('apps/shop/x.ts', value('../../src/domain/roles')),
  denied('apps/shop/x.ts', value('../../src/lib/errors')),
  denied('apps/shop/x.ts', types('../../src/schemas/cart')),
  denied('src/routes/x.ts', value('../../apps/shared/api')),
  // A folder no layer names: its files may import nothing until one does.
  denied('src/unlisted/x.ts', value('../lib/errors')),
  allowed('src/app.ts', value('../durable-objects/cart/cart')),
  allowed('test/x.test.ts', value('../src/app')),
];

const eslint = new ESLint({
  cwd: import.meta.dirname + '/..',
  // Only the layer rule, and without type information: the files are made up.
  overrideConfig: tseslint.configs.disableTypeChecked,
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
});

let wrong = 0;
for (const { file, code, allowed } of cases) {
  const [result] = await eslint.lintText(code, { filePath: file });
  const errors = result?.messages ?? [];
  if ((errors.length === 0) === allowed) continue;
  wrong += 1;
  const source = code.match(/'([^']+)'/)?.[1];
  const what = allowed ? 'rejected' : 'let through';
  console.error(`layer rule ${what} ${file} -> ${source}: ${errors.map((e) => e.message).join('; ') || 'no error'}`);
}
if (wrong > 0) {
  console.error(`layer rule self-test: ${wrong} of ${cases.length} cases wrong`);
  process.exit(1);
}
console.log(`layer rule self-test: all ${cases.length} cases rejected or allowed as docs/architecture.md says`);
